"""Reads. Each selector runs a fixed number of queries, however much data there is."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..models import (
    Attempt,
    Certificate,
    Quiz,
)


def attempt_for(*, user, attempt_id: int) -> Attempt:
    """The user's own attempt, or 404: another trainee's attempt does not exist for them."""
    return own_attempt(Attempt.objects.all(), user=user, attempt_id=attempt_id)


def attempt_with_retake_for(*, user, attempt_id: int) -> Attempt:
    """As attempt_for, with `retake_id`: the trainee's attempt at the same quiz now in
    progress, if any (while there is one, the result page keeps the answer key to itself),
    `attempts_used`: how many attempts at the quiz the trainee has started, and
    `has_passed`: whether any of them passed.
    """
    in_progress = Attempt.objects.filter(
        user=user, quiz=OuterRef("quiz"), status=Attempt.Status.IN_PROGRESS
    )
    used = Attempt.objects.filter(user=user, quiz=OuterRef("quiz")).order_by()
    attempts = Attempt.objects.annotate(
        retake_id=Subquery(in_progress.values("pk")[:1]),
        attempts_used=Subquery(used.values("quiz").annotate(n=Count("pk")).values("n")[:1]),
        has_passed=Exists(used.filter(passed=True)),
    )
    return own_attempt(attempts, user=user, attempt_id=attempt_id)


def own_attempt(attempts, *, user, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(
        attempts.select_related("quiz", "certificate"), pk=attempt_id, user=user
    )
    attempt.user = user  # already loaded for the request: no join, no second read
    return attempt


def published_quizzes() -> list[Quiz]:
    """The published quizzes, in order, for visitors. One query."""
    return list(Quiz.objects.filter(is_published=True).order_by("position", "title"))


def quiz_about_roles() -> Quiz | None:
    """The first published quiz whose objectives ask about roles: where mastery of a
    component is practised. One query."""
    return (
        Quiz.objects.filter(is_published=True, objectives__roles__isnull=False)
        .order_by("position", "title")
        .first()
    )


def published_quizzes_for(user) -> list[Quiz]:
    """Published quizzes with their length and this trainee's best score and status. One query."""
    mine = Attempt.objects.filter(quiz=OuterRef("pk"), user=user)
    submitted = mine.filter(status=Attempt.Status.SUBMITTED)
    quizzes = (
        Quiz.objects.filter(is_published=True)
        .annotate(
            # An attempt asks one question per objective, and every question without one.
            question_count=Count(
                "questions__objective", filter=Q(questions__is_active=True), distinct=True
            )
            + Count(
                "questions",
                filter=Q(questions__is_active=True, questions__objective__isnull=True),
            ),
            best_percent=Subquery(submitted.order_by("-percent").values("percent")[:1]),
            has_passed=Exists(submitted.filter(passed=True)),
            open_attempt_id=Subquery(
                mine.filter(status=Attempt.Status.IN_PROGRESS).order_by("-pk").values("pk")[:1]
            ),
            attempts_used=Coalesce(
                Subquery(mine.order_by().values("quiz").annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
        )
        .order_by("position", "title")
    )
    quizzes = list(quizzes)
    for quiz in quizzes:
        quiz.status = trainee_status(quiz)
        quiz.attempts_left = (
            None if quiz.max_attempts is None else max(quiz.max_attempts - quiz.attempts_used, 0)
        )
    return quizzes


def trainee_status(quiz: Quiz) -> str:
    """Status of a quiz for a trainee, from the annotations of published_quizzes_for."""
    if quiz.has_passed:
        return "passed"
    if quiz.open_attempt_id:
        return "in_progress"
    if quiz.best_percent is not None:
        return "not_passed"
    return "not_started"


def attempts_of(user):
    """The trainee's own attempts, newest first, with their quiz."""
    return (
        Attempt.objects.filter(user=user)
        .select_related("quiz", "certificate")
        .order_by("-started_at", "-pk")
    )


# --- Certificates -----------------------------------------------------------------


def certificate_of(*, user, attempt_id: int) -> Certificate:
    """The trainee's own certificate for an attempt, or 404."""
    return get_object_or_404(
        Certificate.objects.select_related("attempt__quiz"),
        attempt_id=attempt_id,
        attempt__user=user,
    )


def certificate_by_code(code: str) -> Certificate | None:
    """Any certificate, by its verification code, or None: the check page says so itself."""
    return Certificate.objects.select_related("attempt__quiz").filter(code=code).first()
