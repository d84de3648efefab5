"""Writes. Each service is one transaction: it records all of its work or none of it."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    Attempt,
    Certificate,
    Question,
    Quiz,
    Response,
    Selection,
)
from . import grading
from .answers import Answers, saved_answers
from .selectors import SheetQuestion, attempt_order, attempt_sheet


class AttemptAlreadySubmitted(Exception):
    """The attempt was graded already; a second submit changes nothing."""


class AttemptLimitReached(Exception):
    """The trainee has used every attempt the quiz allows."""


class QuizHasNoQuestions(Exception):
    """Nothing to ask yet: an attempt would pass or fail on no questions at all."""


class TimeIsUp(Exception):
    """The attempt's time limit has passed: answers sent now are not counted."""


# Answers in flight when the time runs out (a slow network, a click at the last second)
# still count if they arrive within this much of the deadline.
TIME_LIMIT_GRACE = timedelta(seconds=30)


# --- Attempts ---------------------------------------------------------------------


def is_past_deadline(attempt: Attempt) -> bool:
    return attempt.deadline is not None and timezone.now() > attempt.deadline + TIME_LIMIT_GRACE


def open_attempt(*, user, quiz: Quiz) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS).first()


def start_attempt(*, user, quiz: Quiz) -> Attempt:
    """Resume the trainee's open attempt at this quiz, or start one with its own order.

    Raises AttemptLimitReached when the quiz allows no more attempts.
    """
    existing = open_attempt(user=user, quiz=quiz)
    if existing:
        return existing
    try:
        return create_attempt(user=user, quiz=quiz)
    except IntegrityError:
        # Another request started it a moment ago: the database allows one open attempt.
        return open_attempt(user=user, quiz=quiz) or create_attempt(user=user, quiz=quiz)


def lock_trainee(user) -> None:
    """Serialise one trainee's starts, so that counting attempts and adding one cannot race.

    PostgreSQL: a row lock on the user. SQLite ignores FOR UPDATE, but its IMMEDIATE
    transactions already hold the database's write lock from BEGIN.
    """
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def check_attempt_limit(*, user, quiz: Quiz) -> None:
    """Raise AttemptLimitReached if the trainee has used every attempt (call under the lock)."""
    if Attempt.objects.filter(user=user, quiz=quiz).count() >= quiz.max_attempts:
        raise AttemptLimitReached


@transaction.atomic
def create_attempt(*, user, quiz: Quiz) -> Attempt:
    # Without a limit there is nothing to count and no lock to take: the database itself
    # refuses a second open attempt.
    if quiz.max_attempts is not None:
        lock_trainee(user)
        racing = open_attempt(user=user, quiz=quiz)
        if racing:  # opened by a start this one waited for, as after a double click
            return racing
        check_attempt_limit(user=user, quiz=quiz)
    questions = list(
        Question.objects.filter(quiz=quiz, is_active=True)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if not questions:
        raise QuizHasNoQuestions
    deadline = None
    if quiz.time_limit_minutes:
        deadline = timezone.now() + timedelta(minutes=quiz.time_limit_minutes)
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        seed=secrets.randbelow(2**31),
        max_score=Decimal(len(questions)),
        deadline=deadline,
    )
    ordered = attempt_order(attempt, questions, salt="questions")
    Response.objects.bulk_create(
        Response(attempt=attempt, question_id=question_id, position=position)
        for position, question_id in enumerate(ordered, start=1)
    )
    return attempt


def grade_question(sq: SheetQuestion, answers: Answers) -> Decimal:
    if sq.question.kind == Question.Kind.MATCHING:
        return grading.grade_matching(sq.answer_key, answers.matched.get(sq.question.pk, {}))
    return grading.grade_choices(sq.correct_ids, answers.chosen.get(sq.question.pk, frozenset()))


def selections_for(sq: SheetQuestion, answers: Answers) -> list[Selection]:
    chosen = answers.chosen.get(sq.question.pk, frozenset())
    matched = answers.matched.get(sq.question.pk, {})
    return [Selection(response=sq.response, choice_id=c) for c in sorted(chosen)] + [
        Selection(response=sq.response, item_id=item, choice_id=c) for item, c in matched.items()
    ]


def replace_selections(attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> None:
    Selection.objects.filter(response__attempt=attempt).delete()
    Selection.objects.bulk_create(s for sq in sheet for s in selections_for(sq, answers))


@transaction.atomic
def save_progress(*, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> None:
    """Record the answers so far, ungraded; they replace what was saved before.

    The attempt's row is locked first (PostgreSQL; SQLite's IMMEDIATE transactions
    serialise anyway), so a save never lands on an attempt a racing submit has graded.
    """
    if is_past_deadline(attempt):
        raise TimeIsUp
    is_open = (
        Attempt.objects.select_for_update()
        .filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS)
        .exists()
    )
    if not is_open:
        raise AttemptAlreadySubmitted
    replace_selections(attempt, sheet, answers)


def grade_fields(attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> dict:
    """Points on each response of the sheet, and the attempt's fields for the total."""
    for sq in sheet:
        sq.response.points = grade_question(sq, answers)
    score = sum((sq.response.points for sq in sheet), Decimal(0))
    percent = grading.percent_of(score, attempt.max_score)
    return {
        "score": score,
        "percent": percent,
        "passed": grading.has_passed(percent, attempt.quiz.pass_mark),
    }


def claim(attempt: Attempt, **fields) -> None:
    """Mark the attempt submitted if it is still open; raise if another request did first."""
    claimed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        status=Attempt.Status.SUBMITTED, **fields
    )
    if not claimed:
        raise AttemptAlreadySubmitted
    attempt.status = Attempt.Status.SUBMITTED
    for name, value in fields.items():
        setattr(attempt, name, value)


@transaction.atomic
def submit_attempt(*, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> Attempt:
    """Grade and record an attempt once, with a certificate if it passed.

    Unanswered questions earn nothing. The status change is a conditional UPDATE, so of
    two submits racing for the same attempt exactly one records its answers and issues
    the certificate; the other raises AttemptAlreadySubmitted. Past the time limit, the
    answers sent are ignored: see finish_late_attempt.
    """
    if is_past_deadline(attempt):
        return finish_late_attempt(attempt=attempt)
    claim(attempt, submitted_at=timezone.now(), **grade_fields(attempt, sheet, answers))
    replace_selections(attempt, sheet, answers)
    Response.objects.bulk_update([sq.response for sq in sheet], ["points"])
    if attempt.passed:
        issue_certificate(attempt=attempt)
    return attempt


@transaction.atomic
def finish_late_attempt(*, attempt: Attempt) -> Attempt:
    """Grade an attempt whose time ran out on the answers saved in time, and nothing else.

    The attempt is claimed first, so no save can land between reading what was saved
    and grading it.
    """
    claim(attempt, submitted_at=timezone.now(), timed_out=True)
    sheet = attempt_sheet(attempt)
    fields = grade_fields(attempt, sheet, saved_answers(sheet))
    Attempt.objects.filter(pk=attempt.pk).update(**fields)
    for name, value in fields.items():
        setattr(attempt, name, value)
    Response.objects.bulk_update([sq.response for sq in sheet], ["points"])
    if attempt.passed:
        issue_certificate(attempt=attempt)
    return attempt


def certificate_name(user) -> str:
    """The trainee's full name if they gave one, else their username."""
    return user.get_full_name() or user.get_username()


def new_certificate_code() -> str:
    """128 random bits, URL-safe: nobody can guess a certificate's address."""
    return secrets.token_urlsafe(16)


def issue_certificate(*, attempt: Attempt) -> Certificate:
    """Called inside the grading transaction, so a pass and its certificate go together."""
    return Certificate.objects.create(
        attempt=attempt,
        code=new_certificate_code(),
        name=certificate_name(attempt.user),
        issued_at=attempt.submitted_at,
    )
