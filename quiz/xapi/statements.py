"""xAPI 1.0.3 statements about an attempt, as the dicts sent to the LRS. Pure: they read
the objects given and the settings, never the database.

Who: an account on this site, named by the user's id, with the trainee's name for people
reading the LRS's reports. No address (mbox): an LRS often feeds other systems, and an id
that means nothing outside this site is enough to tie a trainee's statements together.
"""

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from ..kinds.base import ONE

VERBS = "http://adlnet.gov/expapi/verbs/"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
# Each kind of question as an xAPI interaction; a kind not listed here is "other".
INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "matching": "matching",
}
LANGUAGE = "en-US"


def launched(attempt) -> dict:
    return statement(attempt, "launched", quiz_activity(attempt.quiz), attempt.started_at)


def answered(attempt, question, points: Decimal) -> dict:
    """One question of a graded attempt: its points out of one, right only if all of them."""
    return statement(
        attempt,
        "answered",
        question_activity(attempt.quiz, question),
        attempt.submitted_at,
        result={"score": score(points, ONE), "success": points == ONE},
        parent=quiz_activity(attempt.quiz),
    )


def completed(attempt) -> dict:
    return graded(attempt, "completed")


def passed_or_failed(attempt) -> dict:
    return graded(attempt, "passed" if attempt.passed else "failed")


def graded(attempt, verb_name: str) -> dict:
    # Scaled from the percent the pass was decided on, so the LRS agrees with the site.
    scaled = float(attempt.percent / 100)
    result = {
        "score": {**score(attempt.score, attempt.max_score), "scaled": scaled},
        "success": bool(attempt.passed),
        "completion": True,
        "duration": duration(attempt.submitted_at - attempt.started_at),
    }
    return statement(
        attempt, verb_name, quiz_activity(attempt.quiz), attempt.submitted_at, result=result
    )


def statement(
    attempt,
    verb_name: str,
    activity: dict,
    timestamp: datetime,
    *,
    result: dict | None = None,
    parent: dict | None = None,
) -> dict:
    context = {"registration": str(registration(attempt))}
    if parent:
        context["contextActivities"] = {"parent": [parent]}
    body = {
        "actor": actor(attempt.user),
        "verb": verb(verb_name),
        "object": activity,
        "context": context,
        "timestamp": timestamp.isoformat(),
    }
    if result:
        body["result"] = result
    return body


def actor(user) -> dict:
    return {
        "objectType": "Agent",
        "name": user.get_full_name() or user.get_username(),
        "account": {"homePage": settings.SITE_URL, "name": str(user.pk)},
    }


def verb(name: str) -> dict:
    return {"id": VERBS + name, "display": {LANGUAGE: name}}


def quiz_id(quiz) -> str:
    """The quiz's address on this site: the page that starts it."""
    return settings.SITE_URL + reverse("quiz:start", args=[quiz.slug])


def quiz_activity(quiz) -> dict:
    return {
        "objectType": "Activity",
        "id": quiz_id(quiz),
        "definition": {"type": ASSESSMENT, "name": {LANGUAGE: quiz.title}},
    }


def question_activity(quiz, question) -> dict:
    """A question as the quiz asked it: its id names this version of the question (a
    question whose content changes is a new row, quiz/models/quizzes.py)."""
    return {
        "objectType": "Activity",
        "id": f"{quiz_id(quiz)}#question-{question.pk}",
        "definition": {
            "type": INTERACTION,
            "name": {LANGUAGE: question.prompt},
            "interactionType": INTERACTION_TYPES.get(question.kind, "other"),
        },
    }


def registration(attempt) -> uuid.UUID:
    """The same for every statement of one attempt, so an LRS groups them: derived from
    the attempt's address, not stored."""
    address = settings.SITE_URL + reverse("quiz:take", args=[attempt.pk])
    return uuid.uuid5(uuid.NAMESPACE_URL, address)


def score(points: Decimal, out_of: Decimal) -> dict:
    """scaled is between 0 and 1, as xAPI wants it; numbers, since JSON has no Decimal."""
    return {"scaled": float(points / out_of), "raw": float(points), "min": 0, "max": float(out_of)}


def duration(elapsed: timedelta) -> str:
    """ISO 8601, to the hundredth of a second as xAPI keeps it."""
    return f"PT{max(elapsed.total_seconds(), 0):.2f}S"
