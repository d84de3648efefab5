"""What a result page may show: the answer key only once it can no longer help a retake."""

from dataclasses import dataclass
from decimal import Decimal

from ..models import Attempt, Component, Objective
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


def shows_key(attempt: Attempt, sq: SheetQuestion) -> bool:
    """A retake may draw the same question again while it is still in the bank, so its
    right answer is held back until then; the feedback and the passage still teach."""
    return not may_retake(attempt) or not sq.in_bank


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    met: bool
    points: Decimal = Decimal(0)
    asked: int = 1

    @property
    def percent(self) -> int:
        return int(self.points * 100 / self.asked)


@dataclass
class ComponentResult:
    """How a part of DHS fared in this attempt: points over the questions about it."""

    component: Component
    points: Decimal = Decimal(0)
    asked: int = 0

    @property
    def percent(self) -> int:
        return int(self.points * 100 / self.asked) if self.asked else 0


def component_results(sheet: list[SheetQuestion]) -> list[ComponentResult]:
    """Each component the attempt asked about, in the release's order (no query: the
    components come with the kept question)."""
    results: dict[int, ComponentResult] = {}
    for sq in sheet:
        for component in sq.question.components.all():
            result = results.setdefault(component.pk, ComponentResult(component))
            result.points += sq.response.points or 0
            result.asked += 1
    return sorted(results.values(), key=lambda r: r.component.position)


def mistakes(sheet: list[SheetQuestion]) -> list[SheetQuestion]:
    """The questions that did not earn their full point."""
    return [sq for sq in sheet if sq.response.points != 1]


def objective_results(sheet: list[SheetQuestion]) -> list[ObjectiveResult]:
    """Each objective the attempt asked about, in the quiz's order, met when every
    question of it earned its full point."""
    results: dict[int, ObjectiveResult] = {}
    for sq in sheet:
        objective = sq.question.objective
        if objective is None:
            continue
        earned = sq.response.points or Decimal(0)
        before = results.get(objective.pk, ObjectiveResult(objective, True, Decimal(0), 0))
        results[objective.pk] = ObjectiveResult(
            objective,
            before.met and earned == 1,
            before.points + earned,
            before.asked + 1,
        )
    return sorted(results.values(), key=lambda r: r.objective.position)
