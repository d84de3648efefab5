"""Reads. Each selector runs a fixed number of queries, however much data there is."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, FilteredRelation, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .. import clock
from ..models import (
    Attempt,
    Certificate,
    Practice,
    Question,
    Quiz,
    Response,
)
from ..organisations.selectors import assigned_with_precheck
from ..stats.gains import has_prechecked

# The period an attempt policy counts starts in.
DAY = timedelta(days=1)


@dataclass(frozen=True)
class StartsSoFar:
    """The trainee's starts at a quiz: how many in the last day and the first of those,
    and the last of all."""

    in_last_day: int = 0
    first_in_last_day: datetime | None = None
    last: datetime | None = None


@dataclass(frozen=True)
class StartData:
    """What starting a quiz needs: the quiz, the trainee's attempt at it in progress (to
    resume), its bank of active questions in order ((question id, objective id) each, with
    its content version, what the page of a new attempt shows), when each was last asked
    of the trainee, and the trainee's starts that the quiz's attempt policy counts."""

    quiz: Quiz
    open_attempt: Attempt | None
    bank: list[tuple[int, int | None]]
    versions: dict[int, str]
    seen: dict[int, datetime]
    starts: StartsSoFar


def start_rows(user, quizzes: Q):
    """The active questions of the quizzes `quizzes` selects, each row with its quiz, the
    trainee's open attempt at it, when the trainee was last asked the question (any version
    of it) and the trainee's starts at the quiz (the same on every row of a quiz)."""
    asked = Response.objects.filter(
        attempt__user=user, attempt__quiz=OuterRef("quiz"), question__key=OuterRef("key")
    ).order_by("-attempt__started_at")
    # Asked in the lesson, the pre-check or a refresher: seen too, though never graded.
    practised = Practice.objects.filter(
        user=user, question__quiz=OuterRef("quiz"), question__key=OuterRef("key")
    ).order_by("-asked_at")
    mine = Attempt.objects.filter(user=user, quiz=OuterRef("quiz")).order_by()
    recent = mine.filter(started_at__gt=clock.now() - DAY)
    return (
        Question.objects.filter(quizzes, is_active=True)
        .annotate(
            open_attempt=FilteredRelation(
                "quiz__attempts",
                condition=Q(quiz__attempts__user=user)
                & Q(quiz__attempts__status=Attempt.Status.IN_PROGRESS),
            ),
            last_asked=Subquery(asked.values("attempt__started_at")[:1]),
            last_practised=Subquery(practised.values("asked_at")[:1]),
            starts_in_last_day=Subquery(
                recent.values("quiz").annotate(n=Count("pk")).values("n")[:1]
            ),
            first_in_last_day=Subquery(recent.order_by("started_at").values("started_at")[:1]),
            last_start=Subquery(mine.order_by("-started_at").values("started_at")[:1]),
        )
        .select_related("quiz", "open_attempt")
        .defer("prompt", "explanation", "fingerprint")
        .order_by("position")
    )


def start_data(user, questions: list[Question], quiz: Quiz) -> StartData:
    if not questions:
        return StartData(quiz, None, [], {}, {}, StartsSoFar())
    first = questions[0]
    # The same on every row (one open attempt per trainee and quiz); Django leaves the
    # attribute unset, not None, when the join found none.
    open_attempt = getattr(first, "open_attempt", None)
    if open_attempt is not None:
        open_attempt.user, open_attempt.quiz = user, first.quiz
    return StartData(
        first.quiz,
        open_attempt,
        [(q.pk, q.objective_id) for q in questions],
        {q.pk: q.content_version for q in questions},
        last_seen(questions),
        StartsSoFar(first.starts_in_last_day or 0, first.first_in_last_day, first.last_start),
    )


def last_seen(questions: list[Question]) -> dict[int, datetime]:
    """When each question was last put to the trainee, graded or not."""
    seen = {}
    for q in questions:
        times = [t for t in (q.last_asked, q.last_practised) if t is not None]
        if times:
            seen[q.pk] = max(times)
    return seen


def may_precheck(start: StartData, *, prechecked: bool) -> bool:
    """Whether the trainee may still take the quiz's pre-check: it measures what they knew
    before a first attempt, so only before one, once, and only of a quiz with objectives
    (one item each)."""
    return (
        not prechecked
        and start.starts.last is None
        and any(objective_id is not None for _question, objective_id in start.bank)
    )


def precheck_first(user, start: StartData) -> bool:
    """Whether the trainee owes the pre-check before a first attempt: they may take it and
    one of their groups is assigned the quiz with it. A retake costs no query."""
    if not may_precheck(start, prechecked=False):
        return False
    return assigned_with_precheck(user, start.quiz) and not has_prechecked(
        user=user, quiz=start.quiz
    )


def start_data_for(*, user, slug: str) -> StartData:
    """The published quiz `slug` with what starting it needs, or 404. One query (a second
    one only for a quiz without active questions)."""
    questions = list(start_rows(user, Q(quiz__slug=slug, quiz__is_published=True)))
    if questions:
        return start_data(user, questions, questions[0].quiz)
    return start_data(user, [], get_object_or_404(Quiz, slug=slug, is_published=True))


def start_data_of(*, user, quiz: Quiz) -> StartData:
    """As start_data_for, for a quiz in hand, published or not."""
    return start_data(user, list(start_rows(user, Q(quiz=quiz))), quiz)


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
    progress, if any (the result page offers to go on with it),
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
    return (
        Certificate.objects.select_related("attempt__quiz", "attempt__user")
        .filter(code=code)
        .first()
    )


# Session key under which quiz/lti keeps, per quiz id, the LTI launch the trainee came
# from: a new attempt at that quiz owes its score to that launch's gradebook.
LAUNCHES = "lti_launches"  # {quiz id: LTI launch id}, written by quiz/lti/views.launch


def launch_in(session, quiz_id: int) -> int | None:
    """The LTI launch this session came to the quiz from, if any (no query)."""
    return session.get(LAUNCHES, {}).get(str(quiz_id))
