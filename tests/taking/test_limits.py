"""Attempt limits and time limits, checked on the server; the trainee is told why."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from quiz.models import Attempt, Response, Selection
from quiz.taking import services
from quiz.taking.services import TIME_LIMIT_GRACE
from tests.factories import answer_form

JSON = {"HTTP_ACCEPT": "application/json"}
# An attempt at release-facts asks one question of each of its seven objectives
# (quiz/taking/draw.py); which ones depends on the attempt's seed, the count does not.
ASKED = 7


@pytest.fixture
def quiz(retakes_at_once):
    return retakes_at_once["release-facts"]


def submit(client, attempt, data):
    return client.post(f"/attempts/{attempt.pk}/", {**data, "finish": "1"})


def set_deadline(attempt, *, seconds_from_now: float) -> None:
    deadline = timezone.now() + timedelta(seconds=seconds_from_now)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    attempt.refresh_from_db()


# --- Attempt limits -----------------------------------------------------------------


def test_a_quiz_without_a_limit_allows_any_number_of_attempts(quiz, start, trainee_client):
    for _ in range(4):
        attempt = start("release-facts")
        assert submit(trainee_client, attempt, answer_form(attempt)).status_code == 302
    assert Attempt.objects.filter(quiz=quiz).count() == 4


def test_no_attempt_beyond_the_limit_and_the_trainee_is_told(quiz, start, trainee, trainee_client):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        attempt = start("release-facts")
        submit(trainee_client, attempt, answer_form(attempt, right=False))

    response = trainee_client.post("/quizzes/release-facts/start/")

    assert response.status_code == 302 and response["Location"] == "/quizzes/"
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 2
    page = trainee_client.get("/quizzes/").content.decode()
    assert "You have used every attempt this quiz allows (2)" in page
    assert "2 of 2 used" in page
    assert 'action="/quizzes/release-facts/start/"' not in page
    assert 'action="/quizzes/component-roles/start/"' in page  # no limit there


def test_the_limit_counts_each_trainee_alone(quiz, start, other_trainee):
    quiz.max_attempts = 1
    quiz.save()
    start("release-facts")

    other = Client()
    other.force_login(other_trainee)
    assert other.post("/quizzes/release-facts/start/").status_code == 200
    assert Attempt.objects.filter(user=other_trainee).count() == 1


def test_an_open_attempt_is_resumed_even_at_the_limit(quiz, start):
    quiz.max_attempts = 1
    quiz.save()
    first = start("release-facts")

    assert start("release-facts") == first


# --- Time limits --------------------------------------------------------------------


def test_a_timed_quiz_fixes_the_deadline_when_the_attempt_starts(quiz, start, trainee_client):
    quiz.time_limit_minutes = 20
    quiz.save()

    attempt = start("release-facts")

    assert attempt.deadline - attempt.started_at == pytest.approx(
        timedelta(minutes=20), abs=timedelta(seconds=2)
    )
    page = trainee_client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "<summary>Time limit: 20 minutes</summary>" in page
    assert "Answers sent later are not counted" in page


def test_an_untimed_quiz_has_no_deadline(quiz, start):
    assert start("release-facts").deadline is None


def test_answers_within_the_grace_period_are_counted(quiz, start, trainee_client):
    attempt = start("release-facts")
    set_deadline(attempt, seconds_from_now=-(TIME_LIMIT_GRACE.total_seconds() - 5))

    response = submit(trainee_client, attempt, answer_form(attempt, right=True))

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert attempt.timed_out is False


def test_answers_after_the_time_limit_are_not_counted_and_the_trainee_is_told(
    quiz, start, trainee_client
):
    attempt = start("release-facts")
    assert attempt.responses.count() == ASKED
    in_time = answer_form(attempt, right=True, skip=ASKED - 3)  # three of the five questions
    assert trainee_client.post(f"/attempts/{attempt.pk}/save/", in_time).status_code == 302
    set_deadline(attempt, seconds_from_now=-(TIME_LIMIT_GRACE.total_seconds() + 1))

    response = submit(trainee_client, attempt, answer_form(attempt, right=True))

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.timed_out
    assert attempt.score == 3  # only what was saved in time
    assert sum(r.points for r in Response.objects.filter(attempt=attempt)) == 3
    page = trainee_client.get(response["Location"]).content.decode()
    assert "The time limit of this attempt has passed" in page
    assert "Time limit reached." in page
    assert "answers sent after that were not counted" in page


def test_a_save_after_the_time_limit_is_refused(quiz, start, trainee_client):
    attempt = start("release-facts")
    set_deadline(attempt, seconds_from_now=-(TIME_LIMIT_GRACE.total_seconds() + 1))

    response = trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt), **JSON)

    assert response.status_code == 409
    assert "The time limit of this attempt has passed" in response.json()["message"]
    assert response.json()["redirect"] == f"/attempts/{attempt.pk}/result/"
    assert not Selection.objects.filter(response__attempt=attempt).exists()
    # Graded at once on what was saved in time (nothing), and the result page says why.
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.timed_out and attempt.score == 0
    result = trainee_client.get(response.json()["redirect"]).content.decode()
    assert "The time limit of this attempt has passed" in result


def test_opening_an_attempt_after_its_time_limit_grades_what_was_saved(quiz, start, trainee_client):
    attempt = start("release-facts")
    assert attempt.responses.count() == ASKED
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt, skip=ASKED - 2))
    set_deadline(attempt, seconds_from_now=-3600)

    response = trainee_client.get(f"/attempts/{attempt.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.timed_out and attempt.score == 2


def test_starting_again_after_the_time_limit_grades_what_was_saved(quiz, start, trainee_client):
    """Start resumes the open attempt; one out of time is graded, not shown again."""
    attempt = start("release-facts")
    assert attempt.responses.count() == ASKED
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt, skip=ASKED - 2))
    set_deadline(attempt, seconds_from_now=-3600)

    response = trainee_client.post("/quizzes/release-facts/start/")

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.timed_out and attempt.score == 2


def test_a_start_that_waited_for_another_resumes_the_attempt_it_opened(quiz, trainee):
    """A double click at the last allowed attempt: the second start waits for the first,
    then finds the attempt it opened; it resumes it rather than refusing."""
    quiz.max_attempts = 1
    quiz.save()
    opened = services.start_attempt(user=trainee, quiz=quiz)

    # Past the first look: the start data read before the first start opened it.
    stale = services.selectors.StartData(quiz, None, [(1, None)], {}, {}, services.StartsSoFar())
    assert services.create_attempt(user=trainee, start=stale) == opened
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1
