"""Writes, and the rules of an attempt's state. Each write is one transaction that records
all of its work or none of it; a save or submit that finds the time run out first grades
the attempt late (its own transaction), then refuses the answers sent.

Whether an attempt still takes answers is decided here and nowhere else: it is open until
it is submitted or its time limit (plus a grace) has passed; an open attempt whose time
ran out is graded on what was saved in time as soon as anyone touches it. Views turn the
AttemptClosed they are given into a response.
"""

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from .. import clock
from ..models import Attempt, Certificate, Quiz, Response, Selection
from ..stats import counting, gains
from . import grading, selectors, signals
from .answers import Answers, saved_answers
from .draw import draw
from .selectors import StartData, StartsSoFar
from .sheet import SheetQuestion, attempt_order, keyed_sheet

# Answers in flight when the time runs out (a slow network, a click at the last second)
# still count if they arrive within this much of the deadline.
TIME_LIMIT_GRACE = timedelta(seconds=30)


class Closed(models.TextChoices):
    """Why an attempt takes no more answers."""

    SUBMITTED = "submitted", _("submitted already")
    TIME_UP = "time_up", _("graded on what was saved when its time ran out")


class AttemptClosed(Exception):
    """The attempt takes no more answers; nothing sent with this request was recorded."""

    def __init__(self, attempt: Attempt, reason: Closed):
        super().__init__(reason.label)
        self.attempt = attempt
        self.reason = reason


class AttemptLimitReached(Exception):
    """The trainee has used every attempt the quiz allows."""


class QuizHasNoQuestions(Exception):
    """Nothing to ask yet: an attempt would pass or fail on no questions at all."""


class TooSoon(Exception):
    """The quiz's attempt policy lets the trainee start an attempt only at `allowed_at`."""

    def __init__(self, allowed_at: datetime):
        super().__init__(allowed_at)
        self.allowed_at = allowed_at


# --- State ------------------------------------------------------------------------


def is_past_deadline(attempt: Attempt) -> bool:
    return attempt.deadline is not None and clock.now() > attempt.deadline + TIME_LIMIT_GRACE


def seconds_left(attempt: Attempt) -> int | None:
    """Whole seconds to the deadline, none below zero; None without a time limit. The page
    counts down from this rather than from the deadline, so a browser whose clock is wrong
    still shows the time the server will judge by."""
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - clock.now()).total_seconds()))


def ensure_open(attempt: Attempt) -> None:
    """Raise AttemptClosed unless the attempt takes answers.

    An open attempt whose time ran out is graded first, on the answers saved in time.
    """
    if attempt.is_submitted:
        raise AttemptClosed(attempt, Closed.SUBMITTED)
    if is_past_deadline(attempt):
        try:
            finish_late_attempt(attempt=attempt)
        except AttemptClosed:
            # Another request closed it a moment ago: a submit within the grace, or a late
            # grade like this one. Its record says which.
            attempt.refresh_from_db(fields=["status", "timed_out"])
            if not attempt.timed_out:
                raise
        raise AttemptClosed(attempt, Closed.TIME_UP)


def lock_if_open(attempt: Attempt) -> None:
    """Lock the attempt's row for this transaction, or raise if it was submitted meanwhile.

    PostgreSQL: a row lock. SQLite ignores FOR UPDATE, but its IMMEDIATE transactions
    already hold the database's write lock from BEGIN.
    """
    is_open = (
        Attempt.objects.select_for_update()
        .filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS)
        .exists()
    )
    if not is_open:
        raise AttemptClosed(attempt, Closed.SUBMITTED)


# --- Starting ---------------------------------------------------------------------


def open_attempt(*, user, quiz: Quiz) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS).first()


def start_attempt(*, user, quiz: Quiz) -> Attempt:
    """Resume the trainee's open attempt at this quiz, or start one with its own order.

    Raises AttemptLimitReached when the quiz allows no more attempts, TooSoon when its
    attempt policy allows none yet, QuizHasNoQuestions when it has nothing to ask, and
    AttemptClosed when the attempt it would resume has run out of time (it is graded).
    """
    return start_from(user=user, start=selectors.start_data_of(user=user, quiz=quiz))


def start_from(*, user, start: StartData, launch_id: int | None = None) -> Attempt:
    """start_attempt, from what the start page read in one query (selectors.start_data_for).
    `launch_id`: the LTI launch a new attempt came from, whose gradebook gets its score."""
    attempt = start.open_attempt
    if attempt is None:
        try:
            attempt = create_attempt(user=user, start=start, launch_id=launch_id)
        except IntegrityError:
            # Another request started it a moment ago: the database allows one open attempt.
            attempt = open_attempt(user=user, quiz=start.quiz) or start_attempt(
                user=user, quiz=start.quiz
            )
    ensure_open(attempt)
    return attempt


def next_start(quiz: Quiz, starts: StartsSoFar) -> datetime | None:
    """When the quiz's attempt policy lets the trainee start again, or None: now."""
    now = clock.now()
    allowed = []
    if quiz.wait_minutes and starts.last:
        allowed.append(starts.last + timedelta(minutes=quiz.wait_minutes))
    if quiz.attempts_per_day and starts.in_last_day >= quiz.attempts_per_day:
        allowed.append(starts.first_in_last_day + selectors.DAY)
    later = [moment for moment in allowed if moment > now]
    return max(later) if later else None


def lock_trainee(user) -> None:
    """Serialise one trainee's starts, so that counting attempts and adding one cannot race.

    PostgreSQL: a row lock on the user; SQLite: its IMMEDIATE transactions.
    """
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def check_attempt_limit(*, user, quiz: Quiz) -> None:
    """Raise AttemptLimitReached if the trainee has used every attempt (call under the lock)."""
    if Attempt.objects.filter(user=user, quiz=quiz).count() >= quiz.max_attempts:
        raise AttemptLimitReached


@transaction.atomic
def create_attempt(*, user, start: StartData, launch_id: int | None = None) -> Attempt:
    """A new attempt, drawn from the start's bank, none the trainee has seen while a pool
    allows. It keeps the responses it created as `created_responses`, so the page that
    shows it reads nothing back."""
    quiz = start.quiz
    allowed_at = next_start(quiz, start.starts)
    if allowed_at is not None:
        raise TooSoon(allowed_at)
    # Without a limit there is nothing to count and no lock to take: the database itself
    # refuses a second open attempt.
    if quiz.max_attempts is not None:
        lock_trainee(user)
        racing = open_attempt(user=user, quiz=quiz)
        if racing:  # opened by a start this one waited for, as after a double click
            return racing
        check_attempt_limit(user=user, quiz=quiz)
    if not start.bank:
        raise QuizHasNoQuestions
    seed = secrets.randbelow(2**31)
    questions = draw(seed, start.bank, start.seen)
    deadline = None
    if quiz.time_limit_minutes:
        deadline = clock.now() + timedelta(minutes=quiz.time_limit_minutes)
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        seed=seed,
        max_score=Decimal(len(questions)),
        deadline=deadline,
        launch_id=launch_id,
    )
    ordered = attempt_order(attempt, questions, salt="questions")
    attempt.created_responses = Response.objects.bulk_create(
        Response(attempt=attempt, question_id=question_id, position=position)
        for position, question_id in enumerate(ordered, start=1)
    )
    signals.attempt_started.send(sender=Attempt, attempt=attempt)
    return attempt


# --- Saving and submitting --------------------------------------------------------


def selections_for(sq: SheetQuestion, answers: Answers) -> list[Selection]:
    return [
        Selection(response=sq.response, item_id=item, choice_id=choice)
        for item, choice in sorted(answers.of(sq), key=lambda pick: (pick[0] or 0, pick[1]))
    ]


def replace_selections(attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> None:
    Selection.objects.filter(response__attempt=attempt).delete()
    Selection.objects.bulk_create(s for sq in sheet for s in selections_for(sq, answers))


def set_flags(sheet: list[SheetQuestion], answers: Answers) -> list[Response]:
    """Tick or untick "flag for review" on the responses as the form says; the ones changed."""
    changed = []
    for sq in sheet:
        flagged = sq.question.pk in answers.flags
        if sq.response.flagged != flagged:
            sq.response.flagged = flagged
            changed.append(sq.response)
    return changed


def save_progress(*, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> None:
    """Record the answers so far, ungraded, and the flags; they replace what was saved before.

    The attempt's row is locked first, so a save never lands on an attempt a racing
    submit has graded. Flags cost a query only when one changed.
    """
    ensure_open(attempt)
    with transaction.atomic():
        lock_if_open(attempt)
        replace_selections(attempt, sheet, answers)
        changed = set_flags(sheet, answers)
        if changed:
            Response.objects.bulk_update(changed, ["flagged"])


def grade_fields(attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> dict:
    """Points on each response of a keyed sheet, and the attempt's fields for the total."""
    for sq in sheet:
        sq.response.points = sq.kind.grade(sq.key, answers.of(sq))
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
        raise AttemptClosed(attempt, Closed.SUBMITTED)
    attempt.status = Attempt.Status.SUBMITTED
    for name, value in fields.items():
        setattr(attempt, name, value)


def add_to_item_stats(attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> None:
    """Add the graded attempt to the item analysis's rows of its day, in this transaction.

    An attempt read for a submit (selectors.attempt_for, with_last_submit) knows when the
    trainee last submitted another: then no query asks it again."""
    near = None
    if hasattr(attempt, "last_submitted_at"):
        day = clock.day_of(attempt.submitted_at)
        near = counting.neighbours_of_newest(attempt.last_submitted_at, day)
    counting.add_submitted_attempt(
        attempt,
        points={sq.response.question_id: sq.response.points for sq in sheet},
        picks=[(s.item_id, s.choice_id) for sq in sheet for s in selections_for(sq, answers)],
        near=near,
    )


@transaction.atomic
def finish_attempt(
    *, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers, timed_out: bool = False
) -> Attempt:
    """Grade and record an attempt once, with a certificate if it passed.

    The one way an attempt is closed, by a submit or when its time ran out. Unanswered
    questions earn nothing. The status change is a conditional UPDATE, so of two requests
    racing for the same attempt exactly one records its grade and issues the certificate;
    the other raises AttemptClosed. The item analysis's daily rows count it in the same
    transaction.
    """
    fields = grade_fields(attempt, sheet, answers)
    claim(attempt, submitted_at=clock.now(), timed_out=timed_out, **fields)
    if not timed_out:  # a late attempt keeps what was saved, which is what it is graded on
        replace_selections(attempt, sheet, answers)
        set_flags(sheet, answers)
    Response.objects.bulk_update([sq.response for sq in sheet], ["points", "flagged"])
    add_to_item_stats(attempt, sheet, answers)
    gains.record_after(attempt, points_per_objective(sheet))
    if attempt.passed:
        issue_certificate(attempt=attempt)
    signals.attempt_submitted.send(sender=Attempt, attempt=attempt, sheet=sheet, answers=answers)
    return attempt


def points_per_objective(sheet: list[SheetQuestion]) -> dict[int, Decimal]:
    """The graded attempt's points per objective, for the gain report's "after"."""
    return {
        sq.question.objective_id: sq.response.points or Decimal(0)
        for sq in sheet
        if sq.question.objective_id is not None
    }


def submit_attempt(*, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> Attempt:
    """Grade the answers sent, on a keyed sheet. Past the time limit they are ignored and
    the attempt is graded on what was saved in time (AttemptClosed says so)."""
    ensure_open(attempt)
    return finish_attempt(attempt=attempt, sheet=sheet, answers=answers)


@transaction.atomic
def finish_late_attempt(*, attempt: Attempt) -> Attempt:
    """Grade an attempt whose time ran out on the answers saved in time, and nothing else.

    The attempt is locked first, so no save can land between reading what was saved
    and grading it.
    """
    lock_if_open(attempt)
    sheet = keyed_sheet(attempt)
    saved = saved_answers(sheet)
    return finish_attempt(attempt=attempt, sheet=sheet, answers=saved, timed_out=True)


# --- Certificates -----------------------------------------------------------------


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
