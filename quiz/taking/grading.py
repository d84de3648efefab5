"""Points for answers. Pure: plain ids in, Decimals out, no database."""

from collections.abc import Mapping, Set
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE = Decimal("1")
POINTS_PLACES = Decimal("0.001")
PERCENT_PLACES = Decimal("0.01")


def grade_choices(correct: Set[int], chosen: Set[int]) -> Decimal:
    """Single choice, multiple select and true/false: all or nothing."""
    return ONE if chosen and set(chosen) == set(correct) else ZERO


def grade_matching(answer_key: Mapping[int, int], chosen: Mapping[int, int]) -> Decimal:
    """Matching: one equal share of the point for each item matched right."""
    if not answer_key:
        return ZERO
    right = sum(1 for item, choice in answer_key.items() if chosen.get(item) == choice)
    return (Decimal(right) / len(answer_key)).quantize(POINTS_PLACES, ROUND_HALF_UP)


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    if not max_score:
        return ZERO.quantize(PERCENT_PLACES)
    return (score * 100 / max_score).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def has_passed(percent: Decimal, pass_mark: int) -> bool:
    return percent >= pass_mark
