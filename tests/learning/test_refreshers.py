"""Spaced refreshers: recorded once per stage after a pass, mailed through the task queue
and a real SMTP server with a one-click link; a link is signed, single-use, expiring and
the trainee's own; unsubscribe in one click; recall in the learning report."""

import io
import re
from datetime import timedelta

import time_machine
from django.core.management import call_command

from quiz.models import Practice, Refresher, RefresherOptOut, Response
from tests.conftest import logged_in
from tests.factories import AssignmentFactory, TrainingGroupFactory, answer_data, make_user
from tests.worker import run_worker

SLUG = "component-roles"


def passed_trainee(content, *, refreshers=True, username="kept"):
    """A trainee who passed the quiz through the app, in a group assigned it."""
    user = make_user(username)
    user.email = f"{username}@example.org"
    user.save()
    group = TrainingGroupFactory()
    group.members.add(user)
    AssignmentFactory(group=group, quiz=content[SLUG], refreshers=refreshers, precheck=False)
    client = logged_in(user)
    client.post(f"/quizzes/{SLUG}/start/")
    attempt = user.attempts.get()
    client.post(
        f"/attempts/{attempt.pk}/", answer_data([r.question for r in attempt.responses.all()])
    )
    attempt.refresh_from_db()
    assert attempt.passed
    return user, attempt


def run_hourly(at) -> str:
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", stdout=out)
        run_worker()
    return out.getvalue()


def refresher_mails(smtp) -> list:
    """The refreshers the server received (a pass also brings its completion mail)."""
    return [m for m in smtp.inbox.messages if "refresher" in m[1]["Subject"].lower()]


def link_in(message) -> str:
    return re.search(r"http://[^\s]+/refreshers/([^\s/]+)/", message.get_payload()).group(1)


def test_a_refresher_is_mailed_once_per_stage_with_a_link_and_unsubscribe(content, smtp):
    user, attempt = passed_trainee(content)
    passed = attempt.submitted_at
    run_hourly(passed + timedelta(days=1))
    assert not refresher_mails(smtp)  # not due yet
    run_hourly(passed + timedelta(days=2, hours=1))
    run_hourly(passed + timedelta(days=2, hours=2))  # the same stage: not again
    assert len(refresher_mails(smtp)) == 1
    (to,), message = refresher_mails(smtp)[0]
    assert to == "kept@example.org"
    assert "refresher" in message["Subject"].lower()
    assert "2 days ago you passed" in message.get_payload()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/refreshers/stop/" in message["List-Unsubscribe"]
    refresher = Refresher.objects.get()
    assert (refresher.stage, refresher.user) == (2, user)
    run_hourly(passed + timedelta(days=9))  # the run missed day 7: the mail says 9
    assert len(refresher_mails(smtp)) == 2
    assert "9 days ago you passed" in refresher_mails(smtp)[1][1].get_payload()
    assert sorted(Refresher.objects.values_list("stage", flat=True)) == [2, 7]


def test_refreshers_ask_what_the_trainee_has_not_seen(content, smtp):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=2, hours=1))
    asked = set(
        Practice.objects.filter(purpose="refresher").values_list("question__key", flat=True)
    )
    graded = set(Response.objects.filter(attempt=attempt).values_list("question__key", flat=True))
    assert len(asked) == 3 and not asked & graded


def test_the_link_answers_the_refresher_once_without_a_password(content, smtp, client):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=2, hours=1))
    token = link_in(refresher_mails(smtp)[0][1])
    url = f"/refreshers/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Check my answers" in page.content.decode()
    questions = [p.question for p in Practice.objects.filter(purpose="refresher")]
    done = client.post(url, answer_data(questions))
    assert done.status_code == 200 and "Recorded." in done.content.decode()
    assert set(Practice.objects.values_list("correct", flat=True)) == {True}
    again = client.post(url, answer_data(questions, right=False))
    assert again.status_code == 410
    assert set(Practice.objects.values_list("correct", flat=True)) == {True}


def test_an_unanswered_refresher_says_what_is_missing_and_records_nothing(content, smtp, client):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=2, hours=1))
    url = f"/refreshers/{link_in(refresher_mails(smtp)[0][1])}/"
    questions = [p.question for p in Practice.objects.filter(purpose="refresher")]
    response = client.post(url, answer_data(questions[:1]))
    assert response.status_code == 400
    assert "Nothing was recorded yet" in response.content.decode()
    assert Refresher.objects.get().answered_at is None
    assert not Practice.objects.filter(answered_at__isnull=False).exists()


def test_link_abuse_gets_a_clear_page_and_changes_nothing(content, smtp, client, other_trainee):
    user, attempt = passed_trainee(content)
    sent_at = attempt.submitted_at + timedelta(days=2, hours=1)
    run_hourly(sent_at)
    token = link_in(refresher_mails(smtp)[0][1])
    questions = [p.question for p in Practice.objects.filter(purpose="refresher")]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.post(f"/refreshers/{tampered}/", answer_data(questions)).status_code == 404
    other = logged_in(other_trainee)
    response = other.post(f"/refreshers/{token}/", answer_data(questions))
    assert response.status_code == 403
    assert "sent to someone else" in response.content.decode()
    with time_machine.travel(sent_at + timedelta(days=15), tick=False):
        expired = client.post(f"/refreshers/{token}/", answer_data(questions))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert Refresher.objects.get().answered_at is None
    assert not Practice.objects.filter(answered_at__isnull=False).exists()


def test_unsubscribe_takes_one_click_and_stops_the_next_stages(content, smtp, client):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=2, hours=1))
    stop = refresher_mails(smtp)[0][1]["List-Unsubscribe"].strip("<>").split("/refreshers/")[1]
    url = f"/refreshers/{stop}"
    assert client.get(url).status_code == 200
    assert not RefresherOptOut.objects.exists()  # a link scanner's GET changes nothing
    assert client.post(url).status_code == 200  # the mail client's one-click POST
    assert RefresherOptOut.objects.filter(user=user).exists()
    run_hourly(attempt.submitted_at + timedelta(days=7, hours=1))
    assert len(refresher_mails(smtp)) == 1


def test_no_refreshers_unless_the_assignment_turns_them_on(content, smtp):
    user, attempt = passed_trainee(content, refreshers=False)
    run_hourly(attempt.submitted_at + timedelta(days=2, hours=1))
    assert not Refresher.objects.exists() and not refresher_mails(smtp)


def test_a_pass_long_before_refreshers_were_on_gets_no_backlog(content, smtp):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=400))
    assert not Refresher.objects.exists()


def test_recall_shows_in_the_learning_report(content, smtp, client, superuser_client):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=7, hours=1))
    assert Refresher.objects.get().stage == 7
    questions = [p.question for p in Practice.objects.filter(purpose="refresher")]
    client.post(
        f"/refreshers/{link_in(refresher_mails(smtp)[0][1])}/",
        {**answer_data(questions[:2]), **answer_data(questions[2:], right=False)},
    )
    html = superuser_client.get(
        f"/admin/quiz/attempt/learning/{content[SLUG].pk}/"
    ).content.decode()
    body = re.search(r"<caption>Recall by objective</caption>(.*?)</table>", html, re.S).group(1)
    cells = re.findall(r"<td>([\d.]+)% ", body)
    assert sorted(cells) == ["0.0", "100.0", "100.0"]


def test_recall_shows_beside_completed_in_the_completion_report(
    content, smtp, client, superuser_client
):
    user, attempt = passed_trainee(content)
    run_hourly(attempt.submitted_at + timedelta(days=7, hours=1))
    questions = [p.question for p in Practice.objects.filter(purpose="refresher")]
    client.post(
        f"/refreshers/{link_in(refresher_mails(smtp)[0][1])}/",
        {**answer_data(questions[:2]), **answer_data(questions[2:], right=False)},
    )
    assignment = user.training_groups.get().assignments.get()
    html = superuser_client.get(f"/admin/quiz/assignment/{assignment.pk}/report/").content.decode()
    line = re.search(r'<p class="recall" id="recall">(.*?)</p>', html, re.S).group(1)
    assert "after 7 days 66.7% (3 answers)" in " ".join(line.split())


def test_a_refresher_taken_by_a_second_worker_is_not_mailed_again(content, smtp):
    from quiz.learning.refreshers import mail_refreshers, record_due_refreshers, recorded_ids
    from quiz.models import Mail

    user, attempt = passed_trainee(content)
    with time_machine.travel(attempt.submitted_at + timedelta(days=2, hours=1), tick=False):
        run, recorded = record_due_refreshers()
        ids = recorded_ids(run)
        assert (recorded, mail_refreshers(ids), mail_refreshers(ids)) == (1, 1, 0)
    assert Mail.objects.filter(kind="refresher").count() == 1
    assert Practice.objects.filter(purpose="refresher").count() == 3


def test_a_refresher_no_worker_took_is_queued_again_by_the_next_run(content, smtp):
    """As when the worker died before its commit: the row is recorded, never claimed."""
    from quiz.learning.refreshers import record_due_refreshers

    user, attempt = passed_trainee(content)
    due = attempt.submitted_at + timedelta(days=2, hours=1)
    with time_machine.travel(due, tick=False):
        record_due_refreshers()  # recorded, its task lost
    run_hourly(due + timedelta(minutes=5))  # within the lease: left to its worker
    assert not refresher_mails(smtp)
    run_hourly(due + timedelta(minutes=15))
    run_hourly(due + timedelta(minutes=75))
    assert len(refresher_mails(smtp)) == 1


def test_an_unsubscribe_link_that_is_tampered_or_whose_trainee_is_gone_changes_nothing(
    content, client
):
    from quiz.learning import links

    assert client.post("/refreshers/stop/not-a-link/").status_code == 404
    gone = links.unsubscribe_token(987654)
    assert client.post(f"/refreshers/stop/{gone}/").status_code == 200
    assert not RefresherOptOut.objects.exists()
