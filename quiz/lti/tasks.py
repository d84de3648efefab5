"""Scores to the platforms' gradebooks, by the task queue: a trainee's submit only writes
a Grade row; a worker claims and posts it, and a platform that is down is tried again
later by the outbox's rules (quiz/outbox/delivery.py), never while a page waits."""

import logging

from django_tasks import task

from .. import clock
from ..models import Grade
from ..outbox import delivery
from . import calls

logger = logging.getLogger(__name__)

GRADES_PER_TASK = 50


@task()
def post_grades(grade_ids: list[int]) -> int:
    posted = sum(post_grade(grade) for grade in grades(grade_ids))
    delivery.try_again_when_due(post_grades, Grade, grade_ids)
    return posted


def grades(grade_ids: list[int]):
    return Grade.objects.filter(pk__in=grade_ids).select_related(
        "attempt", "launch__lti_user", "launch__resource_link__context__deployment__registration"
    )


def post_grade(grade: Grade) -> bool:
    """Claim, post and settle one grade; whether it reached the gradebook."""
    if not delivery.claim(grade, clock.now()):
        return False
    try:
        calls.post_score(grade)
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        logger.warning("LTI grade %s not posted: %s", grade.pk, error)
        delivery.settle(grade, clock.now(), error)
        return False
    delivery.settle(grade, clock.now())
    return True


def enqueue(grade_ids: list[int]) -> None:
    delivery.enqueue_in_batches(post_grades, grade_ids, GRADES_PER_TASK)


def requeue_forgotten() -> int:
    """Queue again the grades no worker took in time (quiz/outbox/delivery.py); how many."""
    return delivery.requeue_forgotten(Grade, enqueue)
