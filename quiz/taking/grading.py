"""The score of an attempt from its points. Pure: Decimals in and out, no database.

Each question's points come from its kind (quiz/kinds/)."""

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
PERCENT_PLACES = Decimal("0.01")


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    if not max_score:
        return ZERO.quantize(PERCENT_PLACES)
    return (score * 100 / max_score).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def has_passed(percent: Decimal, pass_mark: int) -> bool:
    return percent >= pass_mark
