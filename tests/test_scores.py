"""One rule for every score a page, export or mail writes (quiz/scores.py): a whole
percent rounded down, so a score never reads as the pass it missed, and points in halves."""

from decimal import Decimal
from fractions import Fraction

import pytest

from quiz.scores import floor_percent, points, whole_percent


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("79.91"), "79%"),  # beside "Overdue", never "80%"
        (Decimal("92.86"), "92%"),  # 6½ of 7, stored to two places
        (Fraction(650, 7), "92%"),  # 92.857..., exact
        (Decimal("79.99"), "79%"),
        (79.99, "79%"),
        (Decimal("80.00"), "80%"),
        (Decimal("100"), "100%"),
        (100, "100%"),
        (Decimal("0.99"), "0%"),
        (0, "0%"),
    ],
)
def test_a_percent_is_whole_and_rounded_down(value, shown):
    assert whole_percent(value) == shown


def test_no_score_is_written_as_nothing():
    assert whole_percent(None) == "" and floor_percent(None) is None and points(None) == ""


def test_the_number_columns_take_the_same_rounded_down_figure():
    assert floor_percent(Decimal("92.86")) == 92
    assert floor_percent(Decimal("79.91")) == 79
    assert isinstance(floor_percent(Decimal("100.00")), int)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("6.500", "6½"),
        ("0.500", "½"),
        ("1.000", "1"),
        ("7", "7"),
        ("0", "0"),
        ("12.500", "12½"),
        ("0.333", "⅓"),
        ("2.667", "2⅔"),
        ("0.250", "¼"),
        ("0.200", "1/5"),  # no glyph for fifths: a slash, spaced from the whole
        ("2.200", "2 1/5"),
    ],
)
def test_points_are_whole_numbers_and_fractions(value, shown):
    assert points(Decimal(value)) == shown
