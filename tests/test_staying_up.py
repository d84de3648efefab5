"""A server stays up when its cache does not answer, and says how it is at /healthz."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from quiz.models import Attempt
from tests.factories import PASSWORD, answer_form, make_quiz

# Nothing listens on port 1 of this machine: every cache call is refused.
REDIS_AT_A_CLOSED_PORT = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_healthz_answers_ok_to_anyone_when_the_database_and_the_cache_answer(db):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(db):
    down = OperationalError("connection to server at 10.0.0.5 failed")
    with mock.patch("quiz.health.connection.cursor", side_effect=down):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"database": "unavailable", "cache": "ok"}
    assert "10.0.0.5" not in response.content.decode()


def test_with_the_cache_down_trainees_log_in_take_a_quiz_and_healthz_says_503(trainee, settings):
    """Sessions were read through the cache: a Redis outage answered 500 on every
    logged-in page while the login page answered 200, so a balancer kept the server."""
    settings.CACHES = REDIS_AT_A_CLOSED_PORT
    quiz = make_quiz(4)
    client = Client()

    logged_in = client.post("/accounts/login/", {"username": "trainee", "password": PASSWORD})
    started = client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    submitted = client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))
    health = client.get("/healthz")

    assert logged_in.status_code == 302
    assert started.status_code == 200
    assert submitted.status_code == 302 and client.get(submitted["Location"]).status_code == 200
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "cache": "unavailable"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_takes_only_reads(db, method):
    assert getattr(Client(), method)("/healthz").status_code == 405
