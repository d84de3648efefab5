"""Spaced refreshers: after a pass, a few questions the trainee has not seen, from their
weakest objectives, mailed 2, 7, 30 and 90 days later with a one-click link.

As the reminders (quiz/organisations/services.py): an hourly run records each refresher
due as a row, a unique constraint keeps one per trainee, quiz and stage, and only the run
that recorded a row queues it; a worker claims the row (mailed_at) in the transaction
that draws its questions and queues its mail in the outbox, which delivers it. A worker
that dies before its commit leaves the row unclaimed, and the next run queues it again.

The intervals are fixed, not fitted to each trainee by a scheduler such as FSRS: the
retention report compares recall at the same days for everyone, and a trainee answers
two or three questions an objective in all, too few for a memory model to learn from.
"""

import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from .. import clock
from ..models import (
    Assignment,
    Attempt,
    Mail,
    Membership,
    Practice,
    Question,
    Refresher,
    RefresherOptOut,
    Response,
)
from ..organisations.mail import absolute
from ..outbox.services import queue_mail
from ..outbox.tasks import send_soon
from ..taking.selectors import start_data_of
from ..taking.sheet import SheetQuestion
from . import links
from .practice import is_right, pick, pools, practice_sheet, stored

STAGES = [stage.value for stage in Refresher.Stage]
BATCH_SIZE = 1000
REFRESHERS_PER_TASK = 100
# A row no worker claimed within this time is queued again by the next run.
LEASE = timedelta(minutes=10)


def refresher_stage_due(passed_at: datetime, now: datetime) -> int | None:
    """The refresher due now after a pass: the last stage reached, while the next one is
    not (90 days: until 180). A trainee who passed long before refreshers were turned on
    gets none for stages long gone, nor several at once."""
    for stage, following in zip(STAGES, [*STAGES[1:], STAGES[-1] * 2], strict=True):
        if passed_at + timedelta(days=stage) <= now < passed_at + timedelta(days=following):
            return stage
    return None


def first_passes(assignment: Assignment):
    """(user id, first pass) of the members who may get refreshers: active, with an
    address, not opted out."""
    members = (
        Membership.objects.filter(group_id=assignment.group_id, user__is_active=True)
        .exclude(user__email="")
        .filter(user__refresher_opt_out__isnull=True)
        .values("user_id")
    )
    return (
        Attempt.objects.filter(quiz_id=assignment.quiz_id, passed=True, user_id__in=members)
        .values("user_id")
        .annotate(first=Min("submitted_at"))
        .values_list("user_id", "first")
    )


def record_due_refreshers(now: datetime | None = None) -> tuple[uuid.UUID, int]:
    """Record every refresher due now and not yet recorded; the run and how many."""
    now = now or clock.now()
    run = uuid.uuid4()
    assignments = Assignment.objects.filter(refreshers=True, quiz__is_published=True)
    for assignment in assignments.order_by("pk"):
        recorded = set(
            Refresher.objects.filter(quiz_id=assignment.quiz_id).values_list("user_id", "stage")
        )
        rows = []
        for user_id, passed_at in first_passes(assignment).iterator(chunk_size=BATCH_SIZE):
            stage = refresher_stage_due(passed_at, now)
            if stage is not None and (user_id, stage) not in recorded:
                rows.append(
                    Refresher(
                        user_id=user_id,
                        quiz_id=assignment.quiz_id,
                        assignment=assignment,
                        stage=stage,
                        passed_at=passed_at,
                        run=run,
                        created_at=now,
                    )
                )
                recorded.add((user_id, stage))
        # A row another run recorded meanwhile is refused here, and sent by that run.
        Refresher.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return run, Refresher.objects.filter(run=run).count()


def chunks(ids: list[int], size: int = REFRESHERS_PER_TASK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def recorded_ids(run: uuid.UUID) -> list[int]:
    return list(Refresher.objects.filter(run=run).order_by("pk").values_list("pk", flat=True))


def forgotten_ids(now: datetime | None = None) -> list[int]:
    """Refreshers recorded a while ago that no worker claimed: queued again."""
    before = (now or clock.now()) - LEASE
    rows = Refresher.objects.filter(mailed_at__isnull=True, created_at__lt=before)
    return list(rows.order_by("pk").values_list("pk", flat=True))


# --- Drawing and mailing one refresher ----------------------------------------------


def weakest_objectives(user, quiz, objective_ids: list[int], seed: str) -> list[int]:
    """The objectives by how often the trainee got them right, weakest first, in graded
    attempts and practice alike; ties in a random order of the seed's."""
    right = defaultdict(list)
    graded = Response.objects.filter(
        attempt__user=user, attempt__quiz=quiz, attempt__status=Attempt.Status.SUBMITTED
    ).values_list("question__objective_id", "points")
    for objective_id, points in graded:
        right[objective_id].append(float(points or 0))
    practised = Practice.objects.filter(
        user=user, objective__quiz=quiz, answered_at__isnull=False
    ).values_list("objective_id", "correct")
    for objective_id, correct in practised:
        right[objective_id].append(1.0 if correct else 0.0)
    order = random.Random(seed)
    shuffled = sorted(objective_ids, key=lambda _: order.random())
    return sorted(shuffled, key=lambda pk: sum(right[pk]) / len(right[pk]) if right[pk] else 0.0)


def draw_questions(refresher: Refresher) -> list[int]:
    start = start_data_of(user=refresher.user, quiz=refresher.quiz)
    by_objective = pools(start)
    seed = f"refresher:{refresher.pk}"
    weakest = weakest_objectives(refresher.user, refresher.quiz, list(by_objective), seed)
    chosen = weakest[: settings.REFRESHER_QUESTIONS]
    return [pick(f"{seed}:{pk}", by_objective[pk], start) for pk in chosen]


def day_in_words(moment: datetime) -> str:
    day = timezone.localdate(moment)
    return f"{day.day} {day:%B %Y}"


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("learning:unsubscribe", args=[links.unsubscribe_token(user_id)]))


def mail_refresher(refresher: Refresher) -> Mail | None:
    """Draw the refresher's questions and queue its mail, once; None if another worker
    did, or the trainee opted out or lost their address meanwhile."""
    now = clock.now()
    with transaction.atomic():
        claimed = Refresher.objects.filter(pk=refresher.pk, mailed_at__isnull=True).update(
            mailed_at=now
        )
        user = refresher.user
        if not claimed:
            return None
        if not user.email or not user.is_active or hasattr(user, "refresher_opt_out"):
            return None
        questions = draw_questions(refresher)
        Practice.objects.bulk_create(
            Practice(
                user=user,
                question_id=question_id,
                objective_id=objective_id,
                purpose=Practice.Purpose.REFRESHER,
                refresher=refresher,
                asked_at=now,
            )
            for question_id, objective_id in questions_with_objectives(questions)
        )
        unsubscribe = unsubscribe_url(user.pk)
        mail = queue_mail(
            to=user.email,
            template="learning/refresher.txt",
            context={
                "name": user.get_full_name() or user.get_username(),
                "quiz": refresher.quiz,
                "days": (now - refresher.passed_at).days,
                "count": len(questions),
                "link": absolute(
                    reverse("learning:refresher", args=[links.refresher_token(refresher)])
                ),
                "expires": day_in_words(now + timedelta(days=settings.REFRESHER_LINK_DAYS)),
                "unsubscribe_link": unsubscribe,
            },
            kind=Mail.Kind.REFRESHER,
            user=user,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        Refresher.objects.filter(pk=refresher.pk).update(mail=mail)
        send_soon([mail])
    return mail


def questions_with_objectives(question_ids: list[int]):
    rows = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "objective_id"))
    return [(pk, rows[pk]) for pk in question_ids]


def mail_refreshers(refresher_ids: list[int]) -> int:
    """Queue the mails of these refreshers not queued yet; how many."""
    rows = Refresher.objects.filter(pk__in=refresher_ids, mailed_at__isnull=True).select_related(
        "user", "user__refresher_opt_out", "quiz"
    )
    return sum(mail_refresher(row) is not None for row in rows.order_by("pk"))


# --- Answering ----------------------------------------------------------------------


class LinkUsed(Exception):
    """The refresher was answered already."""


class NotTheirs(Exception):
    """Someone logged in opened a link mailed to another trainee."""


def refresher_of_link(token: str, visitor) -> Refresher:
    """The refresher a link opens, for whoever holds it, unless the link was tampered with
    (LinkInvalid), expired (LinkExpired), answered (LinkUsed), or opened by another
    trainee who is logged in (NotTheirs)."""
    refresher_id, user_id, nonce = links.read_refresher_token(token)
    refresher = (
        Refresher.objects.select_related("quiz").filter(pk=refresher_id, user_id=user_id).first()
    )
    if refresher is None or refresher.nonce != nonce:
        raise links.LinkInvalid
    if visitor.is_authenticated and visitor.pk != refresher.user_id:
        raise NotTheirs
    if refresher.answered_at is not None:
        raise LinkUsed
    return refresher


def questions_of(refresher: Refresher, picks=None) -> list[tuple[Practice, SheetQuestion]]:
    """The refresher's questions as it mailed them, each with its sheet question (with
    these picks marked, if given)."""
    rows = list(
        Practice.objects.filter(refresher=refresher).select_related("question").order_by("pk")
    )
    versions = {row.question_id: row.question.content_version for row in rows}
    sheet = practice_sheet(versions, f"refresher:{refresher.pk}", picks=picks)
    return list(zip(rows, sheet, strict=True))


@transaction.atomic
def answer_refresher(*, refresher: Refresher, asked: list, answers) -> list[Practice]:
    """Record the answers once: a second submit of the same link raises LinkUsed and
    changes nothing. asked: (practice row, sheet question) pairs."""
    now = clock.now()
    if not Refresher.objects.filter(pk=refresher.pk, answered_at__isnull=True).update(
        answered_at=now
    ):
        raise LinkUsed
    rows = []
    for practice, sq in asked:
        picks = answers.of(sq)
        practice.answered_at, practice.correct = now, is_right(sq, picks)
        practice.answer = stored(picks)
        rows.append(practice)
    Practice.objects.bulk_update(rows, ["answered_at", "correct", "answer"])
    return rows


def unsubscribe(user_id: int) -> None:
    """No more refreshers for this trainee; nothing for an account deleted since."""
    if User.objects.filter(pk=user_id).exists():
        RefresherOptOut.objects.get_or_create(user_id=user_id)
