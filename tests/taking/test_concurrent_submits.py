"""Requests racing for the same rows: every trainee recorded, each attempt graded once,
limits held. Run on SQLite by default and on PostgreSQL with DATABASE_URL set."""

import threading
from collections.abc import Callable
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import connection, connections
from django.http import QueryDict
from django.test import Client

from quiz.models import Attempt, Certificate, Selection
from quiz.taking import answers, services
from quiz.taking.services import start_attempt
from quiz.taking.sheet import keyed_sheet
from tests.factories import answer_form, make_quiz, make_user, take_url_of

TRAINEES = 8
SAME_ATTEMPT_THREADS = 8
ALREADY_SUBMITTED = "This attempt was submitted already"

# Each thread has its own database connection, so it sees only committed rows: no test here
# may run inside the usual rolled-back transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(tasks: list[Callable[[], object]]) -> list:
    """Run every task at once, each in its own thread (and so its own database connection)."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        try:
            barrier.wait()
            results[index] = task()
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def submit_together(jobs: list[tuple[Client, str, dict]]) -> list:
    """POST every job at once from its own thread; the status codes, in job order."""
    return run_together(
        [lambda c=client, u=url, d=data: c.post(u, d).status_code for client, url, data in jobs]
    )


def clients_of(user, count: int) -> list[Client]:
    """Separate browsers (sessions) of one trainee."""
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
    return clients


def fresh_attempt(username: str) -> Attempt:
    """A new trainee's attempt, just started, at a new quiz of twelve questions."""
    return start_attempt(user=make_user(username), quiz=make_quiz(12))


def selections_of(attempt) -> set[tuple]:
    return set(
        Selection.objects.filter(response__attempt=attempt).values_list(
            "response__question_id", "item_id", "choice_id"
        )
    )


def selections_for_form(attempt, data: dict) -> set[tuple]:
    """The selections a submit of this form records."""
    sheet = keyed_sheet(attempt)
    parsed = answers.read_answers(QueryDict(urlencode(data, doseq=True)), sheet)
    return {
        (sq.question.pk, s.item_id, s.choice_id)
        for sq in sheet
        for s in services.selections_for(sq, parsed)
    }


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


def test_the_same_attempt_submitted_twice_at_once_is_graded_once():
    attempt = fresh_attempt("double")
    right, wrong = answer_form(attempt, right=True), answer_form(attempt, right=False)
    clients = clients_of(attempt.user, 2)

    url = f"/attempts/{attempt.pk}/"
    assert submit_together([(clients[0], url, right), (clients[1], url, wrong)]) == [302, 302]
    attempt.refresh_from_db()
    assert attempt.percent in (0, 100)  # one whole submission, never a mix
    expected = 12 if attempt.percent == 100 else 0
    assert sum(r.points for r in attempt.responses.all()) == expected
    assert Certificate.objects.filter(attempt=attempt).count() == (1 if attempt.passed else 0)


def test_the_same_attempt_submitted_from_many_threads_is_graded_exactly_once():
    """A double click, a second tab and browser retries all at once: one graded result."""
    attempt = fresh_attempt("many")
    forms = [answer_form(attempt, right=n % 2 == 0) for n in range(SAME_ATTEMPT_THREADS)]
    clients = clients_of(attempt.user, SAME_ATTEMPT_THREADS)
    url = f"/attempts/{attempt.pk}/"

    codes = submit_together(list(zip(clients, [url] * SAME_ATTEMPT_THREADS, forms, strict=True)))

    assert codes == [302] * SAME_ATTEMPT_THREADS
    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert attempt.percent in (0, 100)  # one whole submission, never a mix
    winner = forms[0] if attempt.percent == 100 else forms[1]
    assert selections_of(attempt) == selections_for_form(attempt, winner)
    assert sum(r.points for r in attempt.responses.all()) == attempt.score
    warned = [
        ALREADY_SUBMITTED in client.get(f"/attempts/{attempt.pk}/result/").content.decode()
        for client in clients
    ]
    assert warned.count(False) == 1  # exactly one request recorded its answers
    print(f"{SAME_ATTEMPT_THREADS} threads submitted one attempt: graded once, {attempt.percent}%")


def test_saves_racing_a_submit_never_change_the_graded_answers():
    attempt = fresh_attempt("saver")
    right, wrong = answer_form(attempt, right=True), answer_form(attempt, right=False)
    clients = clients_of(attempt.user, 6)
    url = f"/attempts/{attempt.pk}/"
    tasks = [lambda: clients[0].post(url, right).status_code]
    tasks += [
        lambda c=client: c.post(f"{url}save/", wrong, HTTP_ACCEPT="application/json").status_code
        for client in clients[1:]
    ]

    codes = run_together(tasks)

    assert codes[0] == 302
    assert set(codes[1:]) <= {200, 409}  # saved before the submit, or refused after it
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100
    assert selections_of(attempt) == selections_for_form(attempt, right)


def test_starts_and_submits_racing_never_exceed_the_attempt_limit():
    """Each thread starts and submits until refused; a start racing a submit must still
    count the attempt that submit just closed."""
    quiz = make_quiz(2)
    quiz.max_attempts = 3
    quiz.save()
    user = make_user("limited")
    clients = clients_of(user, 4)

    def start_and_submit_until_refused(client) -> int:
        started = 0
        for _ in range(10):
            response = client.post(f"/quizzes/{quiz.slug}/start/")
            if response.status_code == 302:  # refused, back to the quiz list
                assert response["Location"] == "/quizzes/"
                return started
            started += 1
            client.post(take_url_of(response), {"finish": "1"})
        return started

    results = run_together([lambda c=c: start_and_submit_until_refused(c) for c in clients])

    assert all(isinstance(n, int) for n in results), results
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 3


def test_a_start_waits_for_another_start_that_is_counting_attempts():
    """The race the lock exists for, made certain: start B has counted the attempts and not
    yet added its own; meanwhile start A must wait, or A could start and submit an attempt
    that B's count missed, and B would then add one beyond the limit."""
    quiz = make_quiz(2)
    quiz.max_attempts = 2
    quiz.save()
    user = make_user("interleaved")
    first = start_attempt(user=user, quiz=quiz)
    Attempt.objects.filter(pk=first.pk).update(status=Attempt.Status.SUBMITTED)
    b_has_counted, b_may_go = threading.Event(), threading.Event()
    count_attempts = services.check_attempt_limit

    def pausing_check(**kwargs):
        count_attempts(**kwargs)
        if threading.current_thread().name == "B":
            b_has_counted.set()
            b_may_go.wait(timeout=30)

    outcomes = {}

    def start_in_thread(name):
        try:
            attempt = services.start_attempt(user=user, quiz=quiz)
            outcomes[name] = attempt.pk
            services.finish_late_attempt(attempt=attempt)  # submit it at once
        except services.AttemptClosed:
            pass  # A resumed B's attempt, and B submitted it first
        except services.AttemptLimitReached:
            outcomes[name] = "refused"
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcomes[name] = repr(error)
        finally:
            connections.close_all()

    with mock.patch.object(services, "check_attempt_limit", pausing_check):
        b = threading.Thread(target=start_in_thread, args=("B",), name="B")
        b.start()
        assert b_has_counted.wait(timeout=30)
        a = threading.Thread(target=start_in_thread, args=("A",), name="A")
        a.start()
        a.join(timeout=1)
        a_waited = a.is_alive()
        b_may_go.set()
        b.join(timeout=30)
        a.join(timeout=30)

    assert a_waited, "start A ran while start B held the count"
    # A found B's attempt open and resumed it, or found it submitted and was refused:
    # either way A never added an attempt beyond the limit.
    assert isinstance(outcomes["B"], int)
    assert outcomes["A"] in (outcomes["B"], "refused"), outcomes
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 2


def test_the_database_is_set_up_for_concurrent_writers():
    """SQLite: WAL, a busy timeout and IMMEDIATE transactions; PostgreSQL: row locks work,
    and a kept connection is checked before it is reused."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert connection.settings_dict["OPTIONS"]["timeout"] >= 5
    else:
        assert connection.vendor == "postgresql"
        assert connection.features.has_select_for_update
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_starts_racing_for_one_quiz_open_one_attempt():
    quiz = make_quiz(4)
    user = make_user("racer")
    clients = clients_of(user, 4)
    url = f"/quizzes/{quiz.slug}/start/"
    assert submit_together([(client, url, {}) for client in clients]) == [200] * 4
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 1
