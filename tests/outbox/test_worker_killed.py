"""A real worker process, killed with SIGKILL in the middle of a reminder run, against a
real SMTP server: every mail still arrives, and the one sent twice is the documented one
(accepted by the server just before the kill, so its row never said "sent")."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from quiz import clock
from quiz.models import Reminder
from quiz.organisations import services
from quiz.organisations.tasks import enqueue_reminders
from quiz.outbox import delivery
from tests.factories import AssignmentFactory, QuizFactory, TrainingGroupFactory, make_user
from tests.mailserver import Inbox, MailServer
from tests.worker import run_worker

pytestmark = [pytest.mark.other_process, pytest.mark.django_db(transaction=True)]


class SlowInbox(Inbox):
    """Keeps each message at once, then takes a second to say "250 accepted": a worker
    killed in that second has had its mail accepted without knowing it."""

    slow = True

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.slow:
            await asyncio.sleep(1)
        return answer


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def start_worker(smtp_url: str) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "training.settings"}
    env |= {"DATABASE_URL": database_url(), "EMAIL_URL": smtp_url}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    return subprocess.Popen(
        [*command, "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_run_loses_no_mail_and_repeats_only_the_one_in_flight(settings):
    server = MailServer()
    server.inbox = SlowInbox()
    server.up()
    members = [make_user(f"t{n}") for n in range(9)]
    group = TrainingGroupFactory(members=members)
    AssignmentFactory(group=group, quiz=QuizFactory(), due_on=clock.today() - timedelta(days=2))
    run, recorded = services.record_due_reminders()
    assert recorded == 9
    enqueue_reminders(run)

    worker = start_worker(server.url)
    deadline = time.monotonic() + 60
    while len(server.inbox.recipients()) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)  # the third mail is accepted, its "250" not yet read
    worker.wait()
    server.inbox.slow = False
    assert len(server.inbox.recipients()) == 3
    states = Counter(Reminder.objects.values_list("state", flat=True))
    assert states == {"sent": 2, "sending": 1, "queued": 6}

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with time_machine.travel(clock.now() + delivery.LEASE + timedelta(seconds=5), tick=False):
        call_command("deliver_mail", verbosity=0, stdout=open(os.devnull, "w"))
        run_worker()
    server.down()

    received = Counter(server.inbox.recipients())
    assert set(received) == {f"t{n}@example.org" for n in range(9)}  # nobody left out
    assert sorted(received.values()) == [1] * 8 + [2]  # the one in flight, once more
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}
