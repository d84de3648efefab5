"""A quiz's attempt policy: so many attempts a day, so many minutes apart, said before a
trainee starts and explained when a start is refused; resuming is never refused."""

from datetime import UTC, datetime, timedelta

import pytest

from quiz.models import Attempt
from tests.factories import answer_form, make_quiz

MORNING = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def quiz(db):
    return make_quiz(4, slug="policed", pass_mark=100)


@pytest.fixture
def policy(quiz):
    quiz.attempts_per_day, quiz.wait_minutes = 3, 10
    quiz.save()
    return quiz


def start(client, quiz):
    return client.post(f"/quizzes/{quiz.slug}/start/", follow=True)


def take_and_fail(client, trainee, quiz):
    response = start(client, quiz)
    assert response.status_code == 200
    attempt = Attempt.objects.filter(user=trainee, quiz=quiz).latest("pk")
    client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    return attempt


def test_a_start_within_the_wait_is_refused_with_the_time_it_may_start(
    policy, trainee, trainee_client, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    take_and_fail(trainee_client, trainee, policy)
    time_machine.shift(timedelta(minutes=5))

    response = start(trainee_client, policy)

    assert Attempt.objects.filter(user=trainee).count() == 1
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/quizzes/"
    assert "You can start this quiz again at 2 March 2026, 09:10 Coordinated Universal Time" in page
    assert "3 attempts a day, 10 minutes apart" in page
    time_machine.shift(timedelta(minutes=5))
    take_and_fail(trainee_client, trainee, policy)
    assert Attempt.objects.filter(user=trainee).count() == 2


def test_the_attempts_of_a_day_are_counted_over_the_last_24_hours(
    policy, trainee, trainee_client, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    for _n in range(3):
        take_and_fail(trainee_client, trainee, policy)
        time_machine.shift(timedelta(hours=1))

    page = start(trainee_client, policy).content.decode()

    assert Attempt.objects.filter(user=trainee).count() == 3
    assert "You can start this quiz again at 3 March 2026, 09:00 Coordinated Universal Time" in page
    time_machine.move_to(MORNING + timedelta(days=1), tick=False)
    take_and_fail(trainee_client, trainee, policy)
    assert Attempt.objects.filter(user=trainee).count() == 4


def test_the_refusal_says_when_in_the_trainees_own_zone(
    policy, trainee, trainee_client, time_machine
):
    trainee_client.cookies["tz"] = "America/New_York"  # as static/js/time-zone.js sets it
    time_machine.move_to(MORNING, tick=False)
    take_and_fail(trainee_client, trainee, policy)

    page = start(trainee_client, policy).content.decode()

    assert "You can start this quiz again at 2 March 2026, 04:10 Eastern Standard Time" in page
    assert "UTC" not in page


def test_resuming_an_open_attempt_is_never_refused(policy, trainee, trainee_client, time_machine):
    time_machine.move_to(MORNING, tick=False)
    start(trainee_client, policy)
    time_machine.shift(timedelta(minutes=1))

    response = start(trainee_client, policy)

    assert response.status_code == 200
    assert Attempt.objects.filter(user=trainee).count() == 1
    assert 'id="quiz-form"' in response.content.decode()


def test_a_quiz_without_a_policy_starts_again_at_once(quiz, trainee, trainee_client):
    for _n in range(4):
        take_and_fail(trainee_client, trainee, quiz)
    assert Attempt.objects.filter(user=trainee).count() == 4


def test_the_quiz_list_and_the_lesson_say_the_policy_before_a_start(content, trainee_client):
    listing = trainee_client.get("/quizzes/").content.decode()
    assert "3 attempts a day, 10 minutes apart. A retake asks questions you have not seen." in (
        listing
    )
    lesson = trainee_client.get("/quizzes/component-roles/lesson/").content.decode()
    assert "Attempts: 3 attempts a day, 10 minutes apart" in lesson
