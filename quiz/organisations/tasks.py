"""The training's mail, as tasks of Django's tasks framework (the django-tasks backport).

The queue is a table in the app's own database (django_tasks_db), so enqueueing inside a
transaction is part of it: a task of a rolled-back import never exists. `manage.py
db_worker` runs the queue; quiz/outbox/delivery.py says how a mail is never lost.
"""

import uuid

from django.db import transaction
from django_tasks import task

from ..models import Reminder
from ..outbox import delivery
from ..outbox.tasks import send_soon
from . import services


@task()
def send_reminders(reminder_ids: list[int]) -> int:
    sent = services.send_reminders(reminder_ids)
    delivery.try_again_when_due(send_reminders, Reminder, reminder_ids)
    return sent


def enqueue_reminders(run: uuid.UUID) -> int:
    """Queue tasks that send the reminders this run recorded; returns how many tasks."""
    tasks = 0
    with transaction.atomic():  # one commit, not one per task
        for chunk in services.recorded_ids(run):
            send_reminders.enqueue(chunk)
            tasks += 1
    return tasks


def requeue_forgotten_reminders() -> int:
    """Queue again the reminders no worker took in time; returns how many tasks. Those
    whose worker stopped on every try are failed instead."""
    services.give_up_on_abandoned_reminders()
    tasks = 0
    with transaction.atomic():
        for chunk in services.forgotten_reminder_ids():
            send_reminders.enqueue(chunk)
            tasks += 1
    return tasks


def invite(user_ids: list[int]) -> int:
    """Queue an invitation for each of these accounts, in the caller's transaction: an
    import that is rolled back mails nobody, and one that commits cannot lose its mail.
    Returns how many were queued (active accounts with an address)."""
    mails = services.queue_invitations(user_ids)
    send_soon(mails)
    return len(mails)
