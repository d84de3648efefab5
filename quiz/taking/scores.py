"""How a result page writes scores: whole percents, and points as 1, ½ or 2 ⅓."""

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

VULGAR = {
    Fraction(1, 2): "½",
    Fraction(1, 3): "⅓",
    Fraction(2, 3): "⅔",
    Fraction(1, 4): "¼",
    Fraction(3, 4): "¾",
}


def whole_percent(value) -> str:
    """79.6 is "79%", never "80%": a rounded-up percent could read as a pass it is not."""
    if value is None:
        return ""
    return f"{Decimal(value).quantize(Decimal(1), ROUND_FLOOR)}%"


def points(value) -> str:
    """0.500 as "½", 5.500 as "5 ½", 1.000 as "1"; other fractions as "1/5"."""
    if value is None:
        return ""
    exact = Fraction(Decimal(value)).limit_denominator(12)
    whole, part = divmod(exact, 1)
    if not part:
        return str(whole)
    shown = VULGAR.get(part, f"{part.numerator}/{part.denominator}")
    return f"{whole} {shown}" if whole else shown
