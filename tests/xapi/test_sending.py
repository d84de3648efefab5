"""The worker sends each statement under its own id; an LRS that is down, busy or
unreachable delays them and loses none; one that refuses a statement keeps it failed with
its reason, for the admin to send again."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from quiz.models import Attempt, Statement
from quiz.outbox import delivery
from tests.conftest import logged_in
from tests.factories import TrainingGroupFactory, answer_form, make_user, small_quiz, staff_in
from tests.worker import run_worker

NOW = datetime(2026, 5, 4, 9, tzinfo=UTC)
EVERY_EVENT = ["launched", "answered", "answered", "completed", "passed"]


@pytest.fixture
def taken(settings, time_machine, trainee_client):
    """A quiz taken and passed with an LRS configured, its five statements queued (two
    tasks: the start's and the submit's)."""
    time_machine.move_to(NOW, tick=False)
    quiz = small_quiz()

    def take_quiz(client=trainee_client) -> Attempt:
        client.post(f"/quizzes/{quiz.slug}/start/")
        attempt = Attempt.objects.latest("pk")
        client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))
        return attempt

    return take_quiz


def states() -> list[tuple[str, str, int]]:
    rows = Statement.objects.order_by("created_at", "pk")
    return list(rows.values_list("verb", "state", "tries"))


def retry_tasks() -> list[datetime]:
    tasks = DBTaskResult.objects.filter(status="READY", run_after__isnull=False)
    return list(tasks.values_list("run_after", flat=True))


def test_the_worker_sends_each_statement_once_in_order_under_its_own_id(fake_lrs, taken):
    taken()
    run_worker()
    assert [s["statement"]["verb"]["display"]["en-US"] for s in fake_lrs.received] == EVERY_EVENT
    for sent, row in zip(
        fake_lrs.received, Statement.objects.order_by("created_at", "pk"), strict=True
    ):
        assert sent["path"] == f"/xAPI/statements?statementId={row.statement_id}"
        assert sent["statement"] == row.body
        assert sent["headers"]["X-Experience-API-Version"] == "1.0.3"
        assert sent["headers"]["Authorization"] == "Basic dHJhaW5pbmc6c2VjcmV0"  # training:secret
        assert (row.state, row.tries, row.sent_at, row.error) == ("sent", 1, NOW, "")
    run_worker()
    assert len(fake_lrs.received) == 5


def test_a_statement_the_lrs_holds_already_is_sent(fake_lrs, taken):
    """409: another statement of that id is stored, as when a worker died after sending
    and before writing "sent"; the id is ours alone, so it is this one."""
    fake_lrs.status = 409
    taken()
    run_worker()
    assert {state for _verb, state, _tries in states()} == {"sent"}


@pytest.mark.parametrize("outage", ["503", "unreachable"])
def test_an_lrs_outage_delays_the_statements_and_loses_none(
    request, settings, taken, time_machine, outage
):
    lrs = request.getfixturevalue("fake_lrs")
    if outage == "503":
        lrs.status = 503
    else:
        request.getfixturevalue("lrs_unreachable")
    taken()
    run_worker()

    later = NOW + delivery.BACKOFF[0]
    # Each task's first statement found the LRS down; the rest of the submit's wait with
    # it, untried, instead of each waiting out the timeout in turn.
    assert states() == [
        ("launched", "queued", 1),
        ("answered", "queued", 1),
        ("answered", "queued", 0),
        ("completed", "queued", 0),
        ("passed", "queued", 0),
    ]
    assert set(Statement.objects.values_list("next_try_at", flat=True)) == {later}
    error = Statement.objects.get(verb="launched").error
    assert ("503 Service Unavailable" if outage == "503" else "ConnectionError") in error
    assert retry_tasks() == [later, later]

    lrs.status = 204
    settings.XAPI_ENDPOINT = lrs.endpoint
    time_machine.move_to(later, tick=False)
    run_worker()
    assert {state for _verb, state, _tries in states()} == {"sent"}
    sent = [s["statement"]["verb"]["display"]["en-US"] for s in lrs.received]
    assert sent[-5:] == EVERY_EVENT  # after the two that met the outage, if it answered


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_a_statement_the_lrs_refuses_is_failed_with_its_reason_and_not_retried(
    fake_lrs, taken, status
):
    fake_lrs.status = status
    taken()
    run_worker()
    assert {(state, tries) for _verb, state, tries in states()} == {("failed", 1)}
    assert Statement.objects.first().error.startswith(f"HTTPError: {status} ")
    assert retry_tasks() == []


@pytest.mark.parametrize("status", [408, 429, 500, 502])
def test_an_lrs_that_says_try_later_is_tried_later(fake_lrs, taken, status):
    fake_lrs.status = status
    taken()
    run_worker()
    launched = Statement.objects.get(verb="launched")
    assert (launched.state, launched.tries) == ("queued", 1)


def test_a_statement_written_before_the_endpoint_was_unset_fails_saying_so(
    fake_lrs, settings, taken
):
    taken()
    settings.XAPI_ENDPOINT = ""
    run_worker()
    assert Statement.objects.first().error == "NotConfigured: XAPI_ENDPOINT is not set."
    assert fake_lrs.received == []


def test_deliver_mail_queues_again_what_a_dead_worker_or_a_lost_task_left(
    fake_lrs, taken, time_machine
):
    taken()
    DBTaskResult.objects.all().delete()  # the tasks lost with a worker
    claimed = Statement.objects.get(verb="launched")
    delivery.claim(claimed, NOW)  # its worker died while sending it
    time_machine.move_to(NOW + delivery.LEASE, tick=False)
    out = io.StringIO()
    call_command("deliver_mail", stdout=out)
    assert "5 xAPI statement(s) queued again." in out.getvalue()
    run_worker()
    assert {state for _verb, state, _tries in states()} == {"sent"}
    assert len(fake_lrs.received) == 5


# --- The admin ---------------------------------------------------------------------------


def test_the_admin_lists_failed_statements_and_sends_them_again(fake_lrs, taken, superuser_client):
    fake_lrs.status = 400
    taken()
    run_worker()
    page = superuser_client.get("/admin/quiz/statement/?state=failed").content.decode()
    assert page.count("HTTPError: 400 Bad Request") == 5

    fake_lrs.status = 204
    sent = Statement.objects.get(verb="launched")
    Statement.objects.filter(pk=sent.pk).update(state="sent")
    response = superuser_client.post(
        "/admin/quiz/statement/",
        {
            "action": "send_again",
            "_selected_action": list(Statement.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "4 queued again" in response.content.decode()
    run_worker()
    assert {state for _verb, state, _tries in states()} == {"sent"}
    assert len(fake_lrs.received) == 5 + 4  # the one already sent did not go again


def test_a_coordinator_sees_the_statements_of_their_own_people_only(fake_lrs, taken, db):
    coordinator = staff_in("Training coordinator", "coord")  # may view statements (0027)
    ana, zed = make_user("ana"), make_user("zed")
    TrainingGroupFactory(members=[ana]).coordinators.add(coordinator)
    taken(logged_in(ana))
    taken(logged_in(zed))
    page = logged_in(coordinator).get("/admin/quiz/statement/").content.decode()
    assert "5 xAPI statements" in page
    assert ">ana<" in page and ">zed<" not in page
