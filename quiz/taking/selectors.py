"""Reads. Each selector runs a fixed number of queries, however much data there is."""

from dataclasses import dataclass

from django.db.models import Count, Exists, FilteredRelation, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..models import (
    Attempt,
    Certificate,
    Question,
    Quiz,
)


@dataclass(frozen=True)
class StartData:
    """What starting a quiz needs: the quiz, the trainee's attempt at it in progress (to
    resume) and its bank, (question id, objective id) of each active question in order,
    with the content version of each (what the page of a new attempt shows)."""

    quiz: Quiz
    open_attempt: Attempt | None
    bank: list[tuple[int, int | None]]
    versions: dict[int, str]


def start_data_for(*, user, slug: str) -> StartData:
    """The published quiz `slug` with what starting it needs, or 404. One query: each
    active question's row carries the quiz and the open attempt (a second one only for a
    quiz without active questions)."""
    questions = list(
        Question.objects.filter(quiz__slug=slug, quiz__is_published=True, is_active=True)
        .annotate(
            open_attempt=FilteredRelation(
                "quiz__attempts",
                condition=Q(quiz__attempts__user=user)
                & Q(quiz__attempts__status=Attempt.Status.IN_PROGRESS),
            )
        )
        .select_related("quiz", "open_attempt")
        .defer("prompt", "explanation", "fingerprint", "key")
        .order_by("position")
    )
    if not questions:
        quiz = get_object_or_404(Quiz, slug=slug, is_published=True)
        return StartData(quiz, None, [], {})
    first = questions[0]
    # The same on every row (one open attempt per trainee and quiz); Django leaves the
    # attribute unset, not None, when the join found none.
    open_attempt = getattr(first, "open_attempt", None)
    if open_attempt is not None:
        open_attempt.user, open_attempt.quiz = user, first.quiz
    bank = [(q.pk, q.objective_id) for q in questions]
    return StartData(first.quiz, open_attempt, bank, {q.pk: q.content_version for q in questions})


def attempt_for(*, user, attempt_id: int, with_last_submit: bool = False) -> Attempt:
    """The user's own attempt, or 404: another trainee's attempt does not exist for them.

    with_last_submit: also `last_submitted_at`, when the trainee last submitted another
    attempt at the quiz, which a submit adds to the item statistics without a query more.
    """
    attempts = Attempt.objects.all()
    if with_last_submit:
        others = Attempt.objects.filter(
            user=user, quiz=OuterRef("quiz"), status=Attempt.Status.SUBMITTED
        ).exclude(pk=OuterRef("pk"))
        attempts = attempts.annotate(
            last_submitted_at=Subquery(others.order_by("-submitted_at").values("submitted_at")[:1])
        )
    return own_attempt(attempts, user=user, attempt_id=attempt_id)


def attempt_with_retake_for(*, user, attempt_id: int) -> Attempt:
    """As attempt_for, with `retake_id`: the trainee's attempt at the same quiz now in
    progress, if any (while there is one, the result page keeps the answer key to itself),
    `attempts_used`: how many attempts at the quiz the trainee has started, and
    `has_passed`: whether any of them passed. One query: the trainee's attempts at the
    quiz, joined and counted.
    """
    # The join itself keeps to the trainee's attempts (an index reads only those), not
    # every trainee's attempts at the quiz.
    attempts = Attempt.objects.annotate(
        mine=FilteredRelation("quiz__attempts", condition=Q(quiz__attempts__user=user))
    ).annotate(
        retake_id=Max("mine", filter=Q(mine__status=Attempt.Status.IN_PROGRESS)),
        attempts_used=Count("mine"),
        passes=Count("mine", filter=Q(mine__passed=True)),
    )
    attempt = own_attempt(attempts.select_related("certificate"), user=user, attempt_id=attempt_id)
    attempt.has_passed = attempt.passes > 0
    return attempt


def own_attempt(attempts, *, user, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(
        attempts.select_related("quiz").order_by(), pk=attempt_id, user=user
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
