"""Two send_reminders runs at once, and a real SMTP server: every mail goes exactly once.
Run on SQLite by default and on PostgreSQL with DATABASE_URL set."""

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django_tasks_db.management.commands.db_worker import Worker

from quiz.models import Reminder
from quiz.organisations import services
from quiz.organisations.tasks import enqueue_reminders
from tests.factories import AssignmentFactory, QuizFactory, TrainingGroupFactory, make_user
from tests.taking.test_concurrent_submits import run_together

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
TRAINEES = 30

# Each thread has its own connection and sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def assignment():
    group = TrainingGroupFactory(members=[make_user(f"t{n:02}") for n in range(TRAINEES)])
    return AssignmentFactory(group=group, quiz=QuizFactory(), due_on=NOW.date())


def one_run():
    run, recorded = services.record_due_reminders()
    enqueue_reminders(run)
    return recorded


def worker():
    """What `manage.py db_worker --batch` runs, less its signal handlers, which only the
    main thread may set."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{threading.get_ident()}",
        excluded_queue_names=[],
    ).run()


def test_two_overlapping_runs_and_two_workers_send_each_mail_once(assignment, smtp):
    with time_machine.travel(NOW, tick=False):
        recorded = run_together([one_run, one_run])
        assert sum(recorded) == TRAINEES, recorded  # each mail recorded by one run only
        assert run_together([worker, worker]) == [None, None]
    recipients = sorted(to for tos, _message in smtp.inbox.messages for to in tos)
    assert recipients == sorted(f"t{n:02}@example.org" for n in range(TRAINEES))
    assert Reminder.objects.count() == TRAINEES
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.SENT}


def test_a_reminder_reaches_a_real_smtp_server_with_its_subject_and_link(
    assignment, smtp, settings
):
    with time_machine.travel(NOW, tick=False):
        one_run()
        worker()
    assert len(smtp.inbox.messages) == TRAINEES
    _to, message = smtp.inbox.messages[0]
    assert message["Subject"] == f"Due Tuesday 1 December 2026: {assignment.quiz.title}"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert f"{settings.SITE_URL}/quizzes/" in message.get_payload(decode=True).decode()
