"""Assignment and Grade Services: the score of an attempt launched from a course goes to
the platform's gradebook through the task queue, and waits while the platform is down."""

from datetime import timedelta

import pytest

from quiz import clock
from quiz.lti import tasks
from quiz.models import Attempt, Grade
from quiz.outbox import delivery
from tests.factories import answer_form
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def take_and_pass(browser) -> Attempt:
    assert browser.post("/quizzes/component-roles/start/").status_code == 200
    attempt = Attempt.objects.latest("pk")
    response = browser.post(f"/attempts/{attempt.pk}/", answer_form(attempt))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed
    return attempt


def test_a_trainee_launched_from_the_platform_takes_the_quiz_and_the_gradebook_gets_the_score(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles", sub="learner-7")
    attempt = take_and_pass(browser)

    assert platform.scores == []  # the submit only queued it
    run_worker()

    assert platform.scores == [
        {
            "scoreGiven": float(attempt.percent),
            "scoreMaximum": 100,
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
            "timestamp": attempt.submitted_at.isoformat(),
            "userId": "learner-7",
        }
    ]
    assert Grade.objects.get().state == Grade.State.SENT


def test_a_retake_that_fails_after_a_pass_leaves_the_pass_in_the_gradebook(
    retakes_at_once, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")
    passed = take_and_pass(browser)
    browser.post("/quizzes/component-roles/start/")
    retake = Attempt.objects.latest("pk")
    browser.post(f"/attempts/{retake.pk}/", answer_form(retake, right=False))
    retake.refresh_from_db()
    assert not retake.passed and retake.percent < passed.percent

    run_worker()

    given = [(score["scoreGiven"], score["timestamp"]) for score in platform.scores]
    assert sorted(given, key=lambda pair: pair[1]) == [
        (float(passed.percent), passed.submitted_at.isoformat()),
        (float(passed.percent), retake.submitted_at.isoformat()),
    ]


def test_a_score_waits_while_the_gradebook_is_down_and_goes_once_it_is_back(
    content, registered, platform, browser, time_machine
):
    platform.launch(browser, quiz="component-roles")
    take_and_pass(browser)
    platform.down = True

    run_worker()

    grade = Grade.objects.get()
    assert grade.state == Grade.State.QUEUED
    assert "503" in grade.error
    assert grade.next_try_at > clock.now()
    assert platform.scores == []

    platform.down = False
    time_machine.move_to(grade.next_try_at + timedelta(seconds=1), tick=False)
    run_worker()

    grade.refresh_from_db()
    assert grade.state == Grade.State.SENT
    assert len(platform.scores) == 1


def test_a_gradebook_that_refuses_the_tool_fails_the_grade_with_its_answer(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")
    take_and_pass(browser)
    platform.tool_keys = {"keys": []}  # the platform no longer trusts the tool's key

    run_worker()

    grade = Grade.objects.get()
    assert grade.state == Grade.State.FAILED
    assert "401" in grade.error


def test_a_failed_grade_sent_again_from_the_admin_reaches_the_gradebook(
    content, registered, platform, browser, superuser_client
):
    platform.launch(browser, quiz="component-roles")
    attempt = take_and_pass(browser)
    keys, platform.tool_keys = platform.tool_keys, {"keys": []}
    run_worker()
    grade = Grade.objects.get()
    assert grade.state == Grade.State.FAILED
    platform.tool_keys = keys  # the platform's administrator fixed it

    superuser_client.post(
        "/admin/quiz/grade/", {"action": "send_again", "_selected_action": [grade.pk]}
    )
    run_worker()

    grade.refresh_from_db()
    assert grade.state == Grade.State.SENT and grade.tries == 1
    assert [score["scoreGiven"] for score in platform.scores] == [float(attempt.percent)]


def test_a_grade_no_worker_took_is_queued_again(
    content, registered, platform, browser, time_machine
):
    platform.launch(browser, quiz="component-roles")
    take_and_pass(browser)
    Grade.objects.update(state=Grade.State.SENDING, claimed_at=clock.now())  # its worker died

    time_machine.move_to(clock.now() + delivery.LEASE + timedelta(minutes=1), tick=False)
    assert tasks.requeue_forgotten() == 1
    run_worker()

    assert len(platform.scores) == 1


def test_an_attempt_not_launched_from_a_course_owes_no_grade(content, trainee_client):
    trainee_client.post("/quizzes/component-roles/start/")
    attempt = Attempt.objects.latest("pk")
    response = trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert not Grade.objects.exists()
