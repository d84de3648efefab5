"""The task queue's worker, run inside a test: every mail the site sends goes through it."""

from unittest import mock

from django.core import mail
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def run_worker():
    """`manage.py db_worker --batch`: run every queued task that is due, then stop. Between
    tasks the worker closes a connection found inside a transaction, as a test's is: not here."""
    with mock.patch(f"{db_worker.__name__}.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


def delivered() -> list:
    """The mail sent once the worker has run: what the site queued, as it arrived."""
    run_worker()
    return mail.outbox
