"""What a result page may show: the answer key only once it can no longer help a retake."""

from dataclasses import dataclass

from ..models import Attempt, Objective
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


def objective_results(sheet: list[SheetQuestion]) -> list[ObjectiveResult]:
    """Each objective the attempt asked about, in the quiz's order, met when every
    question of it earned its full point."""
    met: dict[int, tuple[Objective, bool]] = {}
    for sq in sheet:
        objective = sq.question.objective
        if objective is not None:
            earlier = met.get(objective.pk, (objective, True))[1]
            met[objective.pk] = (objective, earlier and sq.response.points == 1)
    ordered = sorted(met.values(), key=lambda pair: pair[0].position)
    return [ObjectiveResult(objective, is_met) for objective, is_met in ordered]
