"""send_reminders: which mails are due, and each sent at most once per trainee, assignment,
stage and due date, through the task queue and its worker."""

import io
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from quiz.models import Reminder
from quiz.organisations import services
from quiz.organisations.tasks import enqueue_reminders
from quiz.outbox import delivery
from tests.factories import AssignmentFactory, QuizFactory, TrainingGroupFactory, attempt_at
from tests.factories import make_user as trainee_named
from tests.worker import run_worker

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def send_reminders(now=NOW):
    with time_machine.travel(now, tick=False):
        run, recorded = services.record_due_reminders()
        enqueue_reminders(run)
        run_worker()
    return recorded


@pytest.fixture
def office(db):
    quiz = QuizFactory()
    members = [trainee_named(name) for name in ("ana", "ben", "cy")]
    group = TrainingGroupFactory(name="Field Office 3", members=members)
    return AssignmentFactory(group=group, quiz=quiz, due_on=datetime(2026, 12, 3).date())


def stages(user):
    return set(Reminder.objects.filter(user=user).values_list("stage", flat=True))


def test_a_reminder_goes_some_days_before_the_due_date_and_not_earlier(office, settings):
    settings.REMINDER_DAYS_BEFORE = 3
    ana = office.group.members.get(username="ana")
    # Due by the end of December 3 (UTC): three days before is the end of November 30.
    assert send_reminders(datetime(2026, 11, 30, 23, 59, tzinfo=UTC)) == 0
    assert mail.outbox == []
    assert send_reminders(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == 3
    assert stages(ana) == {"due_soon"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    assert "Due Thursday 3 December 2026" in mail.outbox[0].subject
    assert f"{settings.SITE_URL}/quizzes/" in mail.outbox[0].body


def test_a_mail_says_when_in_the_assignments_zone_named_in_words(office):
    """A mail has no request, so not the trainee's zone: the assignment's, never by its
    IANA name."""
    office.time_zone = "America/New_York"
    office.save()
    send_reminders(datetime(2026, 12, 1, 12, tzinfo=UTC))  # three days before, in New York
    body = mail.outbox[0].body
    assert "due by 3 December 2026, 23:59 Eastern Standard Time. You have not" in body
    assert "America/New_York" not in body and "UTC" not in body
    mail.outbox.clear()
    send_reminders(datetime(2026, 12, 4, 12, tzinfo=UTC))
    body = mail.outbox[0].body
    assert "was due by 3 December 2026, 23:59 Eastern Standard Time, and" in body


def test_overdue_and_completion_mails_each_go_once(office):
    ana, ben, _cy = office.group.members.order_by("username")
    attempt_at(ana, office.quiz, started_at=datetime(2026, 12, 2, tzinfo=UTC), passed=True)
    after_due = datetime(2026, 12, 4, 12, tzinfo=UTC)
    send_reminders(after_due)
    send_reminders(after_due + timedelta(hours=1))
    assert stages(ana) == {"completed"}
    assert stages(ben) == {"overdue"}
    assert len(mail.outbox) == 3  # ana's completion, ben's and cy's overdue notes
    completion = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert completion.subject.startswith("Completed:")
    assert "/certificate/" in completion.body
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 3


def test_a_renewed_assignment_reminds_again_for_the_next_due_date(office):
    office.renew_every_months = 12
    office.save()
    ana = office.group.members.get(username="ana")
    attempt_at(ana, office.quiz, started_at=datetime(2026, 12, 2, tzinfo=UTC), passed=True)
    send_reminders(datetime(2026, 12, 2, 12, tzinfo=UTC))
    send_reminders(datetime(2027, 12, 1, 12, tzinfo=UTC))  # due again by December 2, 2027
    send_reminders(datetime(2027, 12, 5, 12, tzinfo=UTC))
    completion, renewal = [m for m in mail.outbox if m.to == ["ana@example.org"]][:2]
    assert "It counts until 2 December 2027, 23:59 Coordinated Universal Time;" in completion.body
    assert "counts until 2 December 2027, 23:59 Coordinated Universal Time." in renewal.body
    assert "You have not passed it yet" not in renewal.body
    rows = Reminder.objects.filter(user=ana).order_by("pk").values_list("stage", "due_on")
    assert [(stage, str(day)) for stage, day in rows] == [
        ("completed", "2027-12-02"),
        ("due_soon", "2027-12-02"),
        ("overdue", "2027-12-02"),
    ]


def test_a_reminder_no_longer_true_when_the_worker_gets_to_it_is_not_sent(office):
    ana = office.group.members.get(username="ana")
    with time_machine.travel(NOW, tick=False):
        run, _recorded = services.record_due_reminders()
        enqueue_reminders(run)
    attempt_at(ana, office.quiz, started_at=NOW, passed=True)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        run_worker()
    assert Reminder.objects.get(user=ana).state == Reminder.State.SKIPPED
    assert [m.to for m in mail.outbox if m.to == ["ana@example.org"]] == []


def test_a_reminder_claimed_by_a_worker_that_died_goes_once_its_lease_runs_out(office):
    with time_machine.travel(NOW, tick=False):
        run, _recorded = services.record_due_reminders()
        first = Reminder.objects.filter(run=run).order_by("pk").first()
        assert delivery.claim(first, NOW)  # a worker took it, then died before sending
        enqueue_reminders(run)
        run_worker()
    first.refresh_from_db()
    assert first.state == Reminder.State.SENDING
    assert first.user.email not in [m.to[0] for m in mail.outbox]
    with time_machine.travel(NOW + delivery.LEASE - timedelta(seconds=1), tick=False):
        call_command("deliver_mail", stdout=io.StringIO())
        run_worker()
    assert len(mail.outbox) == 2  # still another worker's, for all this one knows
    with time_machine.travel(NOW + delivery.LEASE, tick=False):
        call_command("deliver_mail", stdout=io.StringIO())
        run_worker()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ana@example.org", "ben@example.org", "cy@example.org"]
    first.refresh_from_db()
    assert (first.state, first.tries) == (Reminder.State.SENT, 2)


def test_a_refused_address_fails_for_good_with_the_servers_words(office, settings):
    settings.EMAIL_BACKEND = "tests.organisations.test_reminders.RefusingBackend"
    send_reminders()
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.FAILED}
    assert "550" in Reminder.objects.first().error
    assert "No such mailbox" in Reminder.objects.first().error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders(NOW + timedelta(days=1))
    assert mail.outbox == []


def test_a_mail_server_that_is_down_is_tried_again_later_until_it_is_back(office, settings):
    settings.EMAIL_BACKEND = "tests.organisations.test_reminders.DownBackend"
    send_reminders()
    reminder = Reminder.objects.first()
    assert (reminder.state, reminder.tries) == (Reminder.State.QUEUED, 1)
    assert reminder.next_try_at == NOW + delivery.BACKOFF[0]
    assert "ConnectionRefusedError" in reminder.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + delivery.BACKOFF[0] - timedelta(seconds=1), tick=False):
        run_worker()
    assert mail.outbox == []  # not before its time
    with time_machine.travel(NOW + delivery.BACKOFF[0], tick=False):
        run_worker()  # the task the failed one queued for later
    assert len(mail.outbox) == 3
    assert set(Reminder.objects.values_list("state", "error")) == {(Reminder.State.SENT, "")}


def test_a_mail_server_down_for_good_leaves_the_reminder_failed_after_the_last_try(
    office, settings
):
    settings.EMAIL_BACKEND = "tests.organisations.test_reminders.DownBackend"
    send_reminders()
    moment = NOW
    for wait in delivery.BACKOFF:
        moment += wait
        with time_machine.travel(moment, tick=False):
            run_worker()
    reminder = Reminder.objects.first()
    assert (reminder.state, reminder.tries) == (Reminder.State.FAILED, delivery.MAX_TRIES)
    assert "ConnectionRefusedError" in reminder.error


def test_the_command_prints_what_it_queued(office):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "3 reminder(s) recorded, in 1 task(s) queued.",
        "0 refresher(s) recorded, in 0 task(s) queued.",
        "0 mail(s), 0 reminder task(s), 0 LTI grade(s) and 0 xAPI statement(s) queued again.",
    ]


def test_nobody_outside_the_group_or_on_an_unpublished_quiz_is_reminded(office):
    trainee_named("outsider")
    office.quiz.is_published = False
    office.quiz.save()
    assert send_reminders() == 0
    office.quiz.is_published = True
    office.quiz.save()
    send_reminders()
    assert Reminder.objects.filter(user__username="outsider").count() == 0


class DownBackend(BaseEmailBackend):
    """A mail server that does not answer."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        self.open()


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient for good."""

    def send_messages(self, messages):
        refused = {to: (550, b"5.1.1 No such mailbox") for m in messages for to in m.to}
        raise smtplib.SMTPRecipientsRefused(refused)


def test_an_overdue_trainee_is_reminded_again_every_week_a_few_times_then_no_more(office, settings):
    settings.REMINDER_OVERDUE_EVERY_DAYS, settings.REMINDER_OVERDUE_REPEATS = 7, 2
    ben = office.group.members.get(username="ben")
    first_day = datetime(2026, 12, 4, 12, tzinfo=UTC)  # the day after the due date
    for days in (0, 1, 6, 7, 8, 14, 21, 28, 60):
        send_reminders(first_day + timedelta(days=days))
    repeats = Reminder.objects.filter(user=ben, stage="overdue").order_by("repeat")
    assert list(repeats.values_list("repeat", flat=True)) == [0, 1, 2]
    assert [r.created_at.date().day for r in repeats] == [4, 11, 18]
    assert len([m for m in mail.outbox if m.to == ["ben@example.org"]]) == 3


def test_an_overdue_mail_goes_in_copy_to_the_groups_coordinators(office):
    coordinator = trainee_named("lead")
    coordinator.is_staff = True
    coordinator.save()
    office.group.coordinators.add(coordinator, trainee_named("former"))
    type(coordinator).objects.filter(username="former").update(is_active=False)
    send_reminders(datetime(2026, 12, 4, 12, tzinfo=UTC))
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue:")]
    assert {m.to[0] for m in overdue} == {"ana@example.org", "ben@example.org", "cy@example.org"}
    assert all(m.cc == ["lead@example.org"] for m in overdue)
    assert "A copy of this reminder goes to your group's training coordinators." in overdue[0].body
    due_soon = [m for m in mail.outbox if not m.subject.startswith("Overdue:")]
    assert all(not m.cc for m in due_soon)


def test_a_reminder_whose_worker_dies_on_every_try_is_failed_not_taken_for_ever(office):
    with time_machine.travel(NOW, tick=False):
        run, _recorded = services.record_due_reminders()
    first = Reminder.objects.filter(run=run).order_by("pk").first()
    moment = NOW
    for _try in range(delivery.MAX_TRIES):  # each worker claims it, then dies
        assert delivery.claim(first, moment)
        moment += delivery.LEASE
    with time_machine.travel(moment, tick=False):
        assert not delivery.claim(first, moment)  # no try left
        call_command("deliver_mail", stdout=io.StringIO())
        run_worker()
    first.refresh_from_db()
    assert first.state == Reminder.State.FAILED
    assert first.error == f"The worker stopped while sending it, {delivery.MAX_TRIES} times."
    assert first.user.email not in [m.to[0] for m in mail.outbox]
