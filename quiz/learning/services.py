"""Writes of learning: a pre-check's answers with the "before" of the gain report, and a
lesson check's answer. Each in one transaction; a second of either is refused by the
database (one pre-check item and one check per objective and trainee)."""

from django.db import IntegrityError, transaction

from .. import clock
from ..models import Practice, Quiz
from ..stats import gains
from ..taking.answers import Answers
from ..taking.sheet import SheetQuestion
from .practice import is_right, stored


class AlreadyAnswered(Exception):
    """The pre-check, or this check, was answered already (in another tab, or twice)."""


def practice_row(user, sq: SheetQuestion, answers: Answers, purpose: str, now) -> Practice:
    picks = answers.of(sq)
    return Practice(
        user=user,
        question_id=sq.question.pk,
        objective_id=sq.question.objective_id,
        purpose=purpose,
        asked_at=now,
        answered_at=now,
        correct=is_right(sq, picks),
        answer=stored(picks),
    )


def record_precheck(
    *, user, quiz: Quiz, sheet: list[SheetQuestion], answers: Answers
) -> dict[int, bool]:
    """The pre-check's answers (a blank one counts as not known); returns, per objective
    id, whether it was known. AlreadyAnswered if the trainee took it before."""
    now = clock.now()
    rows = [practice_row(user, sq, answers, Practice.Purpose.PRECHECK, now) for sq in sheet]
    known = {row.objective_id: row.correct for row in rows}
    try:
        with transaction.atomic():
            Practice.objects.bulk_create(rows)
            gains.record_before(user=user, quiz=quiz, known=known, at=now)
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return known


def record_check(*, user, sq: SheetQuestion, answers: Answers) -> Practice:
    """A lesson check's answer. AlreadyAnswered if the trainee answered this block's check."""
    row = practice_row(user, sq, answers, Practice.Purpose.CHECK, clock.now())
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return row
