"""A server stays up when its cache does not answer, and says how it is at /healthz
(alive) and /readyz (ready to serve)."""

from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

from quiz.models import Attempt
from tests.factories import PASSWORD, answer_form, make_quiz
from tests.test_failures import read_only_connection_params

# Nothing listens on port 1 of this machine: every cache call is refused.
REDIS_AT_A_CLOSED_PORT = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_readyz_answers_ok_to_anyone_when_the_database_and_the_cache_answer(db):
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_503_when_the_database_does_not(db):
    down = OperationalError("connection to server at 10.0.0.5 failed")
    with mock.patch("quiz.health.connection.cursor", side_effect=down):
        response = Client().get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_while_the_database_can_be_read_but_not_written(monkeypatch):
    connections["default"].close()
    monkeypatch.setattr(
        connections["default"],
        "get_connection_params",
        lambda: read_only_connection_params(connections["default"]),
    )
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "read-only"
    monkeypatch.undo()  # written again: the next check opens a fresh connection
    assert Client().get("/readyz").status_code == 200


def test_healthz_says_only_that_the_process_answers_even_with_the_database_down(db):
    down = OperationalError("connection to server at 10.0.0.5 failed")
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=down):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_checks_answer_a_balancer_whose_host_is_not_an_allowed_host(db, settings, path):
    settings.ALLOWED_HOSTS = ["training.example.gov"]
    assert Client().get("/quizzes/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    response = Client().get(path, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


def test_with_the_cache_down_trainees_log_in_take_a_quiz_and_readyz_says_degraded(
    trainee, settings
):
    """Sessions were read through the cache: a Redis outage answered 500 on every
    logged-in page while the login page answered 200, so a balancer kept the server."""
    settings.CACHES = REDIS_AT_A_CLOSED_PORT
    quiz = make_quiz(4)
    client = Client()

    logged_in = client.post("/accounts/login/", {"username": "trainee", "password": PASSWORD})
    started = client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    submitted = client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))
    health = client.get("/readyz")

    assert logged_in.status_code == 302
    assert started.status_code == 200
    assert submitted.status_code == 302 and client.get(submitted["Location"]).status_code == 200
    # Still in service: every page works without the cache.
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_checks_take_only_reads(db, method, path):
    assert getattr(Client(), method)(path).status_code == 405


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_checks_answer_over_plain_http_where_every_page_redirects_to_https(db, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/quizzes/").status_code == 301
    assert Client().get(path).status_code == 200
