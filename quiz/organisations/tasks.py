"""The training's mail, as tasks of Django's tasks framework (the django-tasks backport).

The queue is a table in the app's own database (django_tasks_db), so enqueueing inside a
transaction is part of it: a task of a rolled-back import never exists. `manage.py
db_worker` runs the queue.
"""

import uuid

from django.db import transaction
from django_tasks import task

from . import services


@task()
def send_reminders(reminder_ids: list[int]) -> int:
    return services.send_reminders(reminder_ids)


@task()
def send_invitations(user_ids: list[int]) -> int:
    return services.send_invitations(user_ids)


def enqueue_reminders(run: uuid.UUID) -> int:
    """Queue tasks that send the reminders this run recorded; returns how many tasks."""
    tasks = 0
    with transaction.atomic():  # one commit, not one per task
        for chunk in services.recorded_ids(run):
            send_reminders.enqueue(chunk)
            tasks += 1
    return tasks


def invite_after_commit(user_ids: list[int]) -> None:
    """Queue the invitations once the accounts exist for good: an import that is rolled
    back mails nobody."""
    if user_ids:
        ids = list(user_ids)
        transaction.on_commit(lambda: send_invitations.enqueue(ids))
