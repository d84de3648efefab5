"""Failures: a submit that breaks half-way records nothing, a missing database gives a 503
page, and with DEBUG off nobody sees a traceback."""

import json
from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from quiz.models import Attempt, Response, Selection
from tests.taking.test_bad_input import assert_answers_kept

from .factories import answer_form, make_quiz
from .processes import run_python

JSON = {"HTTP_ACCEPT": "application/json"}
TRY_AGAIN = "Not recorded: please try again"
UNAVAILABLE = "Temporarily unavailable"


def saved(attempt) -> list[tuple]:
    return list(
        Selection.objects.filter(response__attempt=attempt)
        .order_by("pk")
        .values_list("pk", "response_id", "item_id", "choice_id")
    )


def fail(*args, **kwargs):
    raise DatabaseError("simulated failure in the middle of the transaction")


@pytest.fixture
def attempt(content, start):
    return start("component-roles")


# --- A failure in the middle of a submit ----------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "step",
    [
        # After the status update and the delete of the saved selections.
        (Selection.objects, "bulk_create"),
        # After the new selections, before the points.
        (Response.objects, "bulk_update"),
    ],
    ids=["writing-selections", "writing-points"],
)
def test_a_submit_failing_half_way_records_nothing_and_asks_to_try_again(
    step, attempt, trainee_client
):
    """A real transaction (no test wrapper): the rollback is the database's own."""
    saved_in_time = answer_form(attempt, skip=6)
    assert trainee_client.post(f"/attempts/{attempt.pk}/save/", saved_in_time).status_code == 302
    before = saved(attempt)
    assert before
    sent = answer_form(attempt, right=True)

    with mock.patch.object(*step, side_effect=fail) as patched:
        response = trainee_client.post(f"/attempts/{attempt.pk}/", sent)
    assert patched.called, (response.status_code, response.get("Location"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert TRY_AGAIN in html
    assert "Nothing was lost" in html
    assert "Traceback" not in html
    assert_answers_kept(response, sent)
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.score is None and attempt.submitted_at is None
    assert saved(attempt) == before
    assert not Response.objects.filter(attempt=attempt, points__isnull=False).exists()

    again = trainee_client.post(f"/attempts/{attempt.pk}/", sent)

    assert again.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100


@pytest.mark.django_db(transaction=True)
def test_a_save_failing_half_way_keeps_what_was_saved_before(attempt, trainee_client):
    first = answer_form(attempt, skip=6)
    trainee_client.post(f"/attempts/{attempt.pk}/save/", first)
    before = saved(attempt)

    with mock.patch.object(Selection.objects, "bulk_create", side_effect=fail):
        autosave = trainee_client.post(
            f"/attempts/{attempt.pk}/save/", answer_form(attempt), **JSON
        )
        button = trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt))

    assert autosave.status_code == 503
    assert autosave["Retry-After"] == "30"  # every 503 says when to try again
    assert autosave.json() == {
        "saved": False,
        "message": "Your answers could not be saved just now. Nothing was lost: try again in a "
        "moment.",
    }
    assert button.status_code == 503
    assert TRY_AGAIN in button.content.decode()
    assert_answers_kept(button, answer_form(attempt))
    assert saved(attempt) == before


# --- The database is down -------------------------------------------------------------


def test_a_database_that_cannot_be_reached_gives_a_503_page(trainee_client):
    down = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=down):
        response = trainee_client.get("/quizzes/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert "cannot reach its database" in html
    assert "Connection refused" not in html and "Traceback" not in html


def test_a_database_error_outside_any_view_also_gives_the_503_page(trainee_client):
    down = OperationalError("server closed the connection unexpectedly")
    client = Client(raise_request_exception=False)
    client.cookies = trainee_client.cookies

    with mock.patch(
        "django.contrib.messages.middleware.MessageMiddleware.process_response", side_effect=down
    ):
        response = client.get("/quizzes/")

    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_with_debug_off_an_error_shows_the_plain_500_page(trainee_client, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.cookies = trainee_client.cookies

    with mock.patch(
        "quiz.taking.views.selectors.published_quizzes_for",
        side_effect=RuntimeError("secret detail"),
    ):
        response = client.get("/quizzes/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html and "secret detail" not in html
    assert "RuntimeError" not in html


REQUEST_WITH_NO_DATABASE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a-session-the-database-would-hold"
pages = client.get("/quizzes/")
login = client.post("/accounts/login/", {"username": "x", "password": "y"})
print(json.dumps([[r.status_code, r.content.decode()] for r in (pages, login)]))
"""


@pytest.mark.parametrize(
    "database_url",
    [
        # Nothing listens there (a port of this project's own range, 5000-5099).
        "postgres://postgres@127.0.0.1:5099/training",
        "sqlite:////nonexistent-directory/db.sqlite3",
    ],
    ids=["postgresql-refused", "sqlite-unopenable"],
)
@pytest.mark.other_process
def test_a_real_server_without_its_database_answers_503_without_a_traceback(database_url):
    """A separate process with production settings and no database at all."""
    result = run_python(
        "-c",
        REQUEST_WITH_NO_DATABASE,
        timeout=60,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="s" * 20 + "-test-only-" + "k" * 20,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_HTTPS="false",
        DATABASE_URL=database_url,
    )
    assert result.returncode == 0, result.stderr
    for status, html in json.loads(result.stdout):
        assert status == 503
        assert UNAVAILABLE in html
        assert "Traceback" not in html and "OperationalError" not in html


# --- A database that was read-only ------------------------------------------------------


def read_only_connection_params(connection) -> dict:
    """Connection parameters as Django makes them, but for a database that cannot be
    written: SQLite opens the file read-only (as it does a file made read-only), and
    PostgreSQL starts every transaction read-only (as a standby does)."""
    params = type(connection).get_connection_params(connection)
    if connection.vendor == "sqlite":
        params["database"] = f"file:{connection.settings_dict['NAME']}?mode=ro"
    else:
        params["options"] = "-c default_transaction_read_only=on"
    return params


@pytest.mark.django_db(transaction=True)
def test_after_the_database_was_read_only_the_next_request_opens_a_fresh_connection(
    trainee, monkeypatch
):
    """A connection opened while the database could not be written stayed so for the
    CONN_MAX_AGE of ten minutes, and every write answered 503 meanwhile."""
    quiz = make_quiz(2)
    client = Client()
    client.force_login(trainee)
    start = f"/quizzes/{quiz.slug}/start/"
    connections["default"].close()
    monkeypatch.setattr(
        connections["default"],
        "get_connection_params",
        lambda: read_only_connection_params(connections["default"]),
    )

    unwritable = client.post(start)

    assert unwritable.status_code == 503
    assert unwritable["Retry-After"] == "30"
    assert UNAVAILABLE in unwritable.content.decode()
    monkeypatch.undo()  # the database can be written again
    assert client.post(start).status_code == 200
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1
