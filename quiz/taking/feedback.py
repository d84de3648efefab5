"""What a result page says of an attempt: whether a retake is open to the trainee, and how
the attempt did by objective and by part of DHS."""

from dataclasses import dataclass
from decimal import Decimal

from ..models import Attempt, Component, Objective
from ..scores import floor_percent
from .sheet import SheetQuestion


def may_retake(attempt: Attempt) -> bool:
    """Whether the trainee still needs and may make another try: no attempt at the quiz
    passed, and attempts are left.

    Needs `attempts_used` and `has_passed` (selectors.attempt_with_retake_for).
    """
    if attempt.has_passed:
        return False
    limit = attempt.quiz.max_attempts
    return limit is None or attempt.attempts_used < limit


@dataclass
class Tally:
    """Points an attempt earned on the questions about one objective or one component."""

    subject: Objective | Component
    points: Decimal = Decimal(0)
    asked: int = 0

    @property
    def met(self) -> bool:
        """Every question about it earned its full point."""
        return self.points == self.asked

    @property
    def percent(self) -> int:
        """Whole, rounded down, as every score (quiz/scores.py)."""
        return floor_percent(self.points * 100 / self.asked) if self.asked else 0


def tally(sheet: list[SheetQuestion], subjects_of) -> list[Tally]:
    """Points per subject (subjects_of(question) lists a question's), in the subjects'
    own order. No query: objectives and components come with the kept question."""
    tallies: dict[int, Tally] = {}
    for sq in sheet:
        for subject in subjects_of(sq.question):
            entry = tallies.setdefault(subject.pk, Tally(subject))
            entry.points += sq.response.points or 0
            entry.asked += 1
    return sorted(tallies.values(), key=lambda t: t.subject.position)


def objective_results(sheet: list[SheetQuestion]) -> list[Tally]:
    return tally(sheet, lambda question: [question.objective] if question.objective else [])


def component_results(sheet: list[SheetQuestion]) -> list[Tally]:
    return tally(sheet, lambda question: question.components.all())


def mistakes(sheet: list[SheetQuestion]) -> list[SheetQuestion]:
    """The questions that did not earn their full point."""
    return [sq for sq in sheet if sq.response.points != 1]


@dataclass
class BeforeAfter:
    """One objective on the result page: known at the pre-check, and met in this attempt."""

    objective: Objective
    before: bool
    after: bool


def before_and_after(objectives: list[Tally], before: dict[int, bool]) -> list[BeforeAfter]:
    """The attempt's objectives beside the trainee's pre-check; empty without one."""
    return [
        BeforeAfter(t.subject, before[t.subject.pk], t.met)
        for t in objectives
        if t.subject.pk in before
    ]
