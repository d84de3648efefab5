"""The outcome the launch page reads back across origins and reports to the LMS: a pass
sticks, the score is the best one, and the query count does not grow with attempts."""

from decimal import Decimal

import pytest
from django.test import Client

from quiz.models import Attempt
from quiz.scorm import links
from quiz.scorm.services import learner_for, make_package
from tests.factories import AttemptFactory, QuizFactory


def outcome(package, student_id="lms-7", token=None):
    token = token or links.launch_token(package)
    return Client().get(f"/scorm/{token}/outcome/", {"student_id": student_id})


def attempt_of(learner, percent=None, *, quiz=None):
    """A submitted attempt at this percent, or an open one without it."""
    quiz = quiz or learner.package.quiz
    if percent is None:
        return AttemptFactory(user=learner.user, quiz=quiz, status=Attempt.Status.IN_PROGRESS)
    return AttemptFactory(
        user=learner.user,
        quiz=quiz,
        percent=Decimal(percent),
        passed=Decimal(percent) >= quiz.pass_mark,
        max_score=Decimal(10),
        score=Decimal(percent) / 10,
    )


@pytest.fixture
def learner(package):
    return learner_for(package=package, student_id="lms-7", student_name="Lima, Ana")


def test_a_learner_never_launched_has_not_attempted(package):
    response = outcome(package, "nobody")

    assert response.status_code == 200
    assert response.json() == {"status": "not attempted", "score": None}


def test_a_launched_learner_is_incomplete_once_an_attempt_is_started(learner):
    assert outcome(learner.package).json() == {"status": "not attempted", "score": None}
    attempt_of(learner)
    assert outcome(learner.package).json() == {"status": "incomplete", "score": None}


def test_a_failed_attempt_reports_failed_with_the_whole_percent_rounded_down(learner):
    attempt_of(learner, "79.91")  # pass mark 80: not a pass, and never shown as 80

    assert outcome(learner.package).json() == {"status": "failed", "score": 79}


def test_the_best_score_counts(learner):
    attempt_of(learner, "40")
    attempt_of(learner, "70")
    attempt_of(learner, "50")

    assert outcome(learner.package).json() == {"status": "failed", "score": 70}


def test_a_pass_sticks_whatever_comes_after(learner):
    attempt_of(learner, "90")
    attempt_of(learner, "30")
    attempt_of(learner)  # a retake started

    assert outcome(learner.package).json() == {"status": "passed", "score": 90}


def test_only_this_learners_attempts_at_this_quiz_count(learner, package):
    other = learner_for(package=package, student_id="lms-8")
    attempt_of(other, "100")
    attempt_of(learner, "100", quiz=QuizFactory())
    same_id_elsewhere = learner_for(package=make_package(quiz=package.quiz), student_id="lms-7")
    attempt_of(same_id_elsewhere, "100")

    assert outcome(package).json() == {"status": "not attempted", "score": None}


def test_the_outcome_may_be_read_from_the_lms_site(learner):
    response = outcome(learner.package)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("case", "status"),
    [("guessed token", 404), ("withdrawn", 410), ("no learner id", 400)],
)
def test_a_refused_outcome_is_json_the_launch_page_can_read(package, case, status):
    token, student_id = None, "lms-7"
    if case == "guessed token":
        token = "guessed-token"
    elif case == "withdrawn":
        package.is_active = False
        package.save()
    else:
        student_id = ""

    response = outcome(package, student_id, token)

    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_the_query_count_does_not_grow_with_attempts(learner, django_assert_num_queries):
    attempt_of(learner, "50")
    with django_assert_num_queries(2):  # the package, the attempts' aggregate
        assert outcome(learner.package).json()["status"] == "failed"
    for percent in ("60", "70", "95", "20"):
        attempt_of(learner, percent)
    attempt_of(learner)
    with django_assert_num_queries(2):
        assert outcome(learner.package).json() == {"status": "passed", "score": 95}
