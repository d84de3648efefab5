"""Trainees submitting at the same moment are all recorded; none sees "database is locked"."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from quiz.models import Attempt, Certificate
from quiz.services import start_attempt

from .factories import answer_form, make_quiz, make_user

TRAINEES = 8


def submit_together(jobs: list[tuple[Client, str, dict]]) -> list:
    """POST every job at once from its own thread (and so its own database connection)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, client, url, data):
        try:
            barrier.wait()
            results[index] = client.post(url, data).status_code
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_trainees_submitting_at_once_are_all_graded():
    quiz = make_quiz(12)
    jobs, attempts = [], []
    for n in range(TRAINEES):
        user = make_user(f"t{n}")
        attempt = start_attempt(user=user, quiz=quiz)
        client = Client()
        client.force_login(user)
        attempts.append(attempt)
        jobs.append((client, f"/attempts/{attempt.pk}/", answer_form(attempt)))

    assert submit_together(jobs) == [302] * TRAINEES
    graded = Attempt.objects.filter(pk__in=[a.pk for a in attempts], status="submitted")
    assert sorted(graded.values_list("percent", flat=True)) == [100] * TRAINEES


@pytest.mark.django_db(transaction=True)
def test_the_same_attempt_submitted_twice_at_once_is_graded_once():
    quiz = make_quiz(12)
    user = make_user("double")
    attempt = start_attempt(user=user, quiz=quiz)
    right, wrong = answer_form(attempt, right=True), answer_form(attempt, right=False)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)

    url = f"/attempts/{attempt.pk}/"
    assert submit_together([(clients[0], url, right), (clients[1], url, wrong)]) == [302, 302]
    attempt.refresh_from_db()
    assert attempt.percent in (0, 100)  # one whole submission, never a mix
    expected = 12 if attempt.percent == 100 else 0
    assert sum(r.points for r in attempt.responses.all()) == expected
    assert Certificate.objects.filter(attempt=attempt).count() == (1 if attempt.passed else 0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
@pytest.mark.django_db(transaction=True)
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5


@pytest.mark.django_db(transaction=True)
def test_starts_racing_for_one_quiz_open_one_attempt():
    quiz = make_quiz(4)
    user = make_user("racer")
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(user)
    url = f"/quizzes/{quiz.slug}/start/"
    assert submit_together([(client, url, {}) for client in clients]) == [302] * 4
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 1
