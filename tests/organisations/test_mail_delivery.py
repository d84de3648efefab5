"""Mail that is never lost, against a real SMTP server (aiosmtpd): a worker killed mid-run,
the server down then back, and a manager who finds what failed and sends it again."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.mail.backends.smtp import EmailBackend
from django.core.management import call_command
from django.test import Client

from quiz.models import Mail, Reminder
from quiz.organisations import services
from quiz.organisations.tasks import enqueue_reminders, invite
from quiz.outbox import delivery
from tests.factories import AssignmentFactory, QuizFactory, TrainingGroupFactory, make_user
from tests.worker import run_worker

NOW = datetime(2026, 12, 10, 9, tzinfo=UTC)  # a week after the office's due date


@pytest.fixture
def overdue_nine(db):
    """Nine trainees, none of whom has passed a quiz that was due a week ago."""
    names = [f"t{n}" for n in range(9)]
    group = TrainingGroupFactory(members=[make_user(name) for name in names])
    AssignmentFactory(group=group, quiz=QuizFactory(), due_on=(NOW - timedelta(days=7)).date())
    return [f"{name}@example.org" for name in names]


def record_and_queue(time_machine, at=NOW) -> None:
    time_machine.move_to(at, tick=False)
    run, _recorded = services.record_due_reminders()
    enqueue_reminders(run)


class WorkerKilled(BaseException):
    """What kill -9 is to the worker: no except clause of its sees it coming."""


class DyingBackend(EmailBackend):
    """The SMTP backend of a worker that is killed when it comes to its fourth mail."""

    delivered = 0

    def send_messages(self, messages):
        if DyingBackend.delivered == 3:
            raise WorkerKilled
        DyingBackend.delivered += len(messages)
        return super().send_messages(messages)


def test_a_worker_killed_mid_run_leaves_no_mail_unsent_and_none_sent_twice(
    smtp, overdue_nine, settings, time_machine
):
    settings.EMAIL_BACKEND = f"{__name__}.DyingBackend"
    record_and_queue(time_machine)
    run_worker()  # its task ends there; the queue records it failed, as it would a kill
    assert len(smtp.inbox.recipients()) == 3
    states = sorted(Reminder.objects.values_list("state", flat=True))
    assert states == ["queued"] * 5 + ["sending"] + ["sent"] * 3

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    time_machine.move_to(NOW + delivery.LEASE, tick=False)
    call_command("send_reminders", stdout=io.StringIO())  # the next hourly run, or deliver_mail
    run_worker()
    assert smtp.inbox.recipients() == overdue_nine  # each once
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_with_the_mail_server_down_nothing_fails_and_everything_arrives_once_it_is_back(
    smtp, overdue_nine, time_machine
):
    smtp.down()
    time_machine.move_to(NOW, tick=False)
    signed_up = Client().post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "full_name": "New Comer",
            "email": "newcomer@example.org",
            "password1": "a-long-passphrase-for-training",
            "password2": "a-long-passphrase-for-training",
        },
    )
    assert signed_up.status_code == 302  # no 500, and the mail waits in the outbox
    imported = make_user("imported")
    invite([imported.pk])
    record_and_queue(time_machine)
    run_worker()
    assert smtp.inbox.recipients() == []
    waiting = [*Mail.objects.all(), *Reminder.objects.all()]
    assert {(row.state, row.tries) for row in waiting} == {("queued", 1)}
    assert all("ConnectionRefusedError" in row.error for row in waiting)

    smtp.up()
    time_machine.move_to(NOW + delivery.BACKOFF[0], tick=False)
    run_worker()  # the tries the failed tasks queued for later
    expected = sorted([*overdue_nine, "newcomer@example.org", "imported@example.org"])
    assert smtp.inbox.recipients() == expected
    assert set(Mail.objects.values_list("state", "body")) == {("sent", "")}


def test_a_manager_sees_a_failed_mail_on_the_trainees_page_and_sends_it_again(
    smtp, manager_client, time_machine
):
    trainee = make_user("amara")
    smtp.down()
    time_machine.move_to(NOW, tick=False)
    invite([trainee.pk])
    run_worker()
    Mail.objects.update(state=Mail.State.FAILED)  # as after the last try
    page = manager_client.get(f"/admin/quiz/trainee/{trainee.pk}/change/").content.decode()
    assert "Mail not delivered" in page and "ConnectionRefusedError" in page

    listed = manager_client.get("/admin/quiz/mail/?state=failed")
    assert listed.status_code == 200 and "amara@example.org" in listed.content.decode()
    smtp.up()
    mail = Mail.objects.get()
    response = manager_client.post(
        "/admin/quiz/mail/", {"action": "send_again", "_selected_action": [mail.pk]}
    )
    assert response.status_code == 302
    run_worker()
    assert smtp.inbox.recipients() == ["amara@example.org"]
    page = manager_client.get(f"/admin/quiz/trainee/{trainee.pk}/change/").content.decode()
    assert "No mail to this trainee has failed." in page


def test_a_manager_sends_a_failed_reminder_again(smtp, overdue_nine, manager_client, time_machine):
    smtp.down()
    record_and_queue(time_machine)
    run_worker()
    Reminder.objects.update(state=Reminder.State.FAILED)
    smtp.up()
    ids = list(Reminder.objects.values_list("pk", flat=True)[:2])
    response = manager_client.post(
        "/admin/quiz/reminder/", {"action": "send_again", "_selected_action": ids}
    )
    assert response.status_code == 302
    run_worker()
    assert len(smtp.inbox.recipients()) == 2


def test_a_manager_sends_the_invitation_again_to_those_who_never_logged_in(
    manager_client, time_machine, mailoutbox
):
    never, logged_in = make_user("never"), make_user("logged")
    User.objects.filter(pk=logged_in.pk).update(last_login=NOW)
    response = manager_client.post(
        "/admin/quiz/trainee/",
        {"action": "invite_again", "_selected_action": [never.pk, logged_in.pk]},
        follow=True,
    )
    assert "1 invitation queued." in response.content.decode()
    run_worker()
    assert [m.to for m in mailoutbox] == [["never@example.org"]]
    assert "/reset/" in mailoutbox[0].body


def test_a_reviewer_may_not_send_mail_again(reviewer_client, db):
    mail = Mail.objects.create(kind=Mail.Kind.INVITATION, to="x@example.org", subject="s", body="b")
    Mail.objects.filter(pk=mail.pk).update(state=Mail.State.FAILED)
    response = reviewer_client.post(
        "/admin/quiz/mail/", {"action": "send_again", "_selected_action": [mail.pk]}
    )
    assert response.status_code == 403
    assert Mail.objects.get().state == Mail.State.FAILED


def test_the_trainees_list_marks_whom_a_mail_did_not_reach(manager_client, db):
    reached, missed = make_user("reached"), make_user("missed")
    Mail.objects.create(kind="invitation", to=missed.email, subject="s", body="b", user=missed)
    Mail.objects.filter(user=missed).update(state=Mail.State.FAILED, error="550")
    Mail.objects.create(kind="invitation", to=reached.email, subject="s", body="", user=reached)
    Mail.objects.filter(user=reached).update(state=Mail.State.SENT)
    response = manager_client.get("/admin/quiz/trainee/")
    rows = {t.username: t.mail_failed for t in response.context["cl"].result_list}
    assert rows["missed"] is True and rows["reached"] is False
    assert response.content.decode().count("Not delivered") == 1
