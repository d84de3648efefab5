"""The statements as built: valid xAPI 1.0.3 by ralph's models, saying who did what to
which quiz or question, with the score and the attempt's registration."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from pydantic import TypeAdapter
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph.models.xapi.concepts.verbs.adl_vocabulary import AnsweredVerb
from ralph.models.xapi.concepts.verbs.scorm_profile import CompletedVerb

from quiz.models import Attempt, Question, Quiz
from quiz.xapi import statements

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUBMITTED = STARTED + timedelta(minutes=12, seconds=30)


@pytest.fixture
def attempt(settings):
    settings.SITE_URL = "https://training.example.org"
    user = User(pk=7, username="ana", first_name="Ana", last_name="Lima", email="ana@example.org")
    quiz = Quiz(pk=2, slug="component-roles", title="Component roles", pass_mark=80)
    return Attempt(
        pk=31,
        user=user,
        quiz=quiz,
        started_at=STARTED,
        submitted_at=SUBMITTED,
        score=Decimal("2.500"),
        max_score=Decimal("3.000"),
        percent=Decimal("83.33"),
        passed=True,
    )


def question(kind: str = "single") -> Question:
    return Question(pk=11, kind=kind, prompt="Which part of DHS does the release credit?")


def every_statement(attempt) -> dict[str, dict]:
    return {
        "launched": statements.launched(attempt),
        "answered": statements.answered(attempt, question(), Decimal("1.000")),
        "completed": statements.completed(attempt),
        "passed": statements.passed_or_failed(attempt),
    }


def valid(body: dict) -> BaseXapiStatement:
    return BaseXapiStatement.model_validate({"id": str(uuid.uuid4()), **body})


@pytest.mark.parametrize("verb", ["launched", "answered", "completed", "passed", "failed"])
def test_each_statement_is_valid_xapi_with_its_adl_verb(attempt, verb):
    attempt.passed = verb != "failed"
    built = every_statement(attempt) | {"failed": statements.passed_or_failed(attempt)}
    statement = valid(built[verb])
    assert statement.model_dump(mode="json")["verb"] == {
        "id": f"http://adlnet.gov/expapi/verbs/{verb}",
        "display": {"en-US": verb},
    }
    assert statement.timestamp.tzinfo is not None


def test_ralphs_own_models_of_the_answered_and_completed_verbs_accept_ours(attempt):
    built = every_statement(attempt)
    AnsweredVerb.model_validate(built["answered"]["verb"])
    CompletedVerb.model_validate(built["completed"]["verb"])


def test_the_actor_is_an_account_on_the_site_with_a_name_and_no_address(attempt):
    for body in every_statement(attempt).values():
        assert body["actor"] == {
            "objectType": "Agent",
            "name": "Ana Lima",
            "account": {"homePage": "https://training.example.org", "name": "7"},
        }
    attempt.user.first_name = attempt.user.last_name = ""
    assert statements.launched(attempt)["actor"]["name"] == "ana"


def test_the_quiz_is_an_assessment_at_its_address_and_a_question_an_interaction_in_it(attempt):
    quiz = {
        "objectType": "Activity",
        "id": "https://training.example.org/quizzes/component-roles/start/",
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/assessment",
            "name": {"en-US": "Component roles"},
        },
    }
    built = every_statement(attempt)
    assert built["launched"]["object"] == built["completed"]["object"] == quiz
    answered = built["answered"]
    assert answered["object"]["id"] == f"{quiz['id']}#question-11"
    assert answered["object"]["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "name": {"en-US": "Which part of DHS does the release credit?"},
        "interactionType": "choice",
    }
    assert answered["context"]["contextActivities"] == {"parent": [quiz]}


@pytest.mark.parametrize(
    ("kind", "interaction"),
    [
        ("single", "choice"),
        ("multiple", "choice"),
        ("true_false", "true-false"),
        ("matching", "matching"),
        ("essay", "other"),
    ],
)
def test_each_kind_of_question_is_its_kind_of_interaction(attempt, kind, interaction):
    body = statements.answered(attempt, question(kind), Decimal(0))
    assert body["object"]["definition"]["interactionType"] == interaction
    valid(body)


@pytest.mark.parametrize(
    ("points", "scaled", "success"),
    [("1.000", 1.0, True), ("0.500", 0.5, False), ("0.000", 0.0, False)],
)
def test_an_answer_scores_its_points_out_of_one_and_succeeds_only_with_all(
    attempt, points, scaled, success
):
    result = statements.answered(attempt, question("matching"), Decimal(points))["result"]
    assert result == {
        "score": {"scaled": scaled, "raw": float(points), "min": 0, "max": 1.0},
        "success": success,
    }


def test_the_end_of_an_attempt_carries_its_score_scaled_from_the_percent_and_its_duration(
    attempt,
):
    for verb in ("completed", "passed"):
        result = every_statement(attempt)[verb]["result"]
        assert result == {
            "score": {"scaled": 0.8333, "raw": 2.5, "min": 0, "max": 3.0},
            "success": True,
            "completion": True,
            "duration": "PT750.00S",
        }
        assert valid(every_statement(attempt)[verb]).result.duration == timedelta(seconds=750)
    assert every_statement(attempt)["completed"]["timestamp"] == SUBMITTED.isoformat()
    assert every_statement(attempt)["launched"]["timestamp"] == STARTED.isoformat()


def test_a_failed_attempt_says_failed_and_no_success(attempt):
    attempt.passed, attempt.percent, attempt.score = False, Decimal("33.33"), Decimal(1)
    body = statements.passed_or_failed(attempt)
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"
    assert body["result"]["success"] is False
    assert body["result"]["score"]["scaled"] == 0.3333


def test_one_attempts_statements_share_a_registration_and_another_attempt_has_its_own(attempt):
    registrations = {body["context"]["registration"] for body in every_statement(attempt).values()}
    assert len(registrations) == 1
    mine = uuid.UUID(registrations.pop())
    assert mine == statements.registration(attempt)  # the same every time it is built
    attempt.pk = 32
    assert statements.registration(attempt) != mine


def test_the_registration_is_a_uuid_the_models_accept(attempt):
    TypeAdapter(uuid.UUID).validate_python(statements.launched(attempt)["context"]["registration"])
