"""How every page, export and mail writes a score: one rule, so a trainee and their
coordinator read the same figure wherever they look.

A percent is whole and rounded DOWN: 79.91 is "79%", never "80%", since a rounded-up
percent could read as a pass it is not (and 92.857 is 92% on the result, the quiz list,
the certificate and the completion report alike). Points are whole numbers and vulgar
fractions: 6.5 is "6½", 0.5 is "½".
"""

import math
from decimal import Decimal
from fractions import Fraction

VULGAR = {
    Fraction(1, 2): "½",
    Fraction(1, 3): "⅓",
    Fraction(2, 3): "⅔",
    Fraction(1, 4): "¼",
    Fraction(3, 4): "¾",
}


def floor_percent(value) -> int | None:
    """The whole percent at or below value: 79.91 is 79, 100 is 100. The number the
    pages write, the exports' percent column, and the bars of objectives and parts of DHS."""
    if value is None:
        return None
    # A float by the digits it prints (79.99 is not 79.98999...); Decimal and Fraction exact.
    return math.floor(Decimal(str(value)) if isinstance(value, float) else value)


def whole_percent(value) -> str:
    """79.91 as "79%", never "80%"; nothing for no score."""
    figure = floor_percent(value)
    return "" if figure is None else f"{figure}%"


def points(value) -> str:
    """0.500 as "½", 6.500 as "6½", 1.000 as "1"; other fractions as "1/5" ("2 1/5")."""
    if value is None:
        return ""
    exact = Fraction(Decimal(value)).limit_denominator(12)
    whole, part = divmod(exact, 1)
    if not part:
        return str(whole)
    if part in VULGAR:
        return f"{whole}{VULGAR[part]}" if whole else VULGAR[part]
    shown = f"{part.numerator}/{part.denominator}"
    return f"{whole} {shown}" if whole else shown
