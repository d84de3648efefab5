"""The refreshers' tasks (quiz/learning/refreshers.py says how each is mailed once)."""

import uuid

from django.db import transaction
from django_tasks import task

from . import refreshers


@task()
def mail_refreshers(refresher_ids: list[int]) -> int:
    return refreshers.mail_refreshers(refresher_ids)


def enqueue(ids: list[int]) -> int:
    tasks = 0
    with transaction.atomic():  # one commit, not one per task
        for chunk in refreshers.chunks(ids):
            mail_refreshers.enqueue(chunk)
            tasks += 1
    return tasks


def enqueue_refreshers(run: uuid.UUID) -> int:
    """Queue tasks that mail the refreshers this run recorded; how many tasks."""
    return enqueue(refreshers.recorded_ids(run))


def requeue_forgotten_refreshers() -> int:
    return enqueue(refreshers.forgotten_ids())
