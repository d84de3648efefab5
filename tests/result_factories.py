"""Submitted attempts written straight to the database, for the admin's result pages."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from quiz.models import (
    Attempt,
    Choice,
    MatchItem,
    Question,
    Quiz,
    Response,
    Selection,
)

from .factories import release_and_passage


def add_question(quiz: Quiz, position: int, kind: str, texts: list[str], right: set[str]):
    """A question with choices `texts`, those in `right` marked correct."""
    _release, passage = release_and_passage()
    question = Question.objects.create(
        quiz=quiz,
        key=f"q{position}",
        fingerprint="x",
        kind=kind,
        prompt=f"Question {position}?",
        explanation="Quote.",
        passage=passage,
        position=position,
    )
    choices = {
        text: Choice.objects.create(
            question=question, position=i, text=text, is_correct=text in right
        )
        for i, text in enumerate(texts, start=1)
    }
    return question, choices


def add_matching(quiz: Quiz, position: int, pairs: dict[str, str]):
    """A matching question: each item label to its option; options in the given order."""
    question, choices = add_question(quiz, position, "matching", list(pairs.values()), set())
    items = {
        label: MatchItem.objects.create(
            question=question, position=i, label=label, correct_choice=choices[option]
        )
        for i, (label, option) in enumerate(pairs.items(), start=1)
    }
    return question, choices, items


def submitted_attempt(
    user,
    quiz: Quiz,
    *,
    points: dict[Question, Decimal | str | int],
    picks: dict[Question, list] | None = None,
    submitted_at: datetime | None = None,
    seconds: int = 600,
) -> Attempt:
    """A submitted attempt with the given points per question and picked choices.

    picks[question] lists Choice objects, or (MatchItem, Choice) pairs for matching.
    Score, percent and passed are worked out here from `points`, as submit does.
    """
    submitted_at = submitted_at or datetime(2025, 3, 1, 12, tzinfo=UTC)
    score = sum((Decimal(str(p)) for p in points.values()), Decimal(0))
    max_score = Decimal(len(points))
    percent = (score * 100 / max_score).quantize(Decimal("0.01"))
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        status=Attempt.Status.SUBMITTED,
        seed=1,
        max_score=max_score,
        score=score,
        percent=percent,
        passed=percent >= quiz.pass_mark,
        submitted_at=submitted_at,
    )
    # started_at is stamped on create; set it to a known time before the submit.
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=submitted_at - timedelta(seconds=seconds)
    )
    attempt.refresh_from_db()
    for position, (question, value) in enumerate(points.items(), start=1):
        response = Response.objects.create(
            attempt=attempt, question=question, position=position, points=Decimal(str(value))
        )
        for pick in (picks or {}).get(question, []):
            if isinstance(pick, tuple):
                Selection.objects.create(response=response, item=pick[0], choice=pick[1])
            else:
                Selection.objects.create(response=response, choice=pick)
    return attempt


def empty_quiz(slug: str = "reviewed", *, pass_mark: int = 60) -> Quiz:
    release, _passage = release_and_passage()
    return Quiz.objects.create(
        slug=slug,
        title=f"Quiz {slug}",
        release=release,
        source=Quiz.Source.RELEASE_FACTS,
        pass_mark=pass_mark,
    )


def trainee_named(username: str, **fields) -> User:
    """A trainee without a password (tests log in with force_login): no slow hashing."""
    return User.objects.create(
        **{"username": username, "email": f"{username}@example.org", **fields}
    )


def small_quiz() -> Quiz:
    """A single-choice question and a two-line matching question, pass mark 50."""
    quiz = empty_quiz(pass_mark=50)
    add_question(quiz, 1, "single", ["Right", "Wrong"], {"Right"})
    add_matching(quiz, 2, {"ICE HSI": "investigates", "CBP": "interdicts"})
    return quiz
