"""Reading the daily summary rows: the sums over any days of one quiz.

Every figure is a SUM over the rows of the period's days, so the number of queries, the
time and the memory depend on the number of days and questions, not of attempts.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import DailyPicks, DailyQuestionStats, DailyScores, DailyTrainees, Quiz
from .rows import NO_ITEM, NO_PREVIOUS_DAY

# Below this a variance is rounding noise of the sums, not a spread of points.
VARIANCE_EPSILON = 1e-12


@dataclass(frozen=True)
class Period:
    """Attempts at one quiz, submitted within these days (both included; None: no bound).

    Days are local days in settings.TIME_ZONE, as the summary rows count them.
    """

    quiz: Quiz
    submitted_from: date | None = None
    submitted_to: date | None = None

    def days(self) -> Q:
        """The condition on the summary rows of the period's days."""
        condition = Q(quiz=self.quiz)
        if self.submitted_from:
            condition &= Q(day__gte=self.submitted_from)
        if self.submitted_to:
            condition &= Q(day__lte=self.submitted_to)
        return condition


# --- Scores ---------------------------------------------------------------------


def percent_distribution(period: Period) -> tuple[list[tuple[Decimal, int]], int]:
    """(percent, number of attempts) for each percent reached, lowest first, and the number
    of attempts that passed. One query.

    Percents have two decimals, so there are at most 10,001 rows, in practice a few
    dozen; the mean, median and histogram are then exact without reading attempts.
    """
    rows = (
        DailyScores.objects.filter(period.days())
        .values("percent")
        .annotate(n=Sum("attempts"), passed=Sum("passed"))
        .order_by("percent")
    )
    rows = [row for row in rows if row["n"]]  # a day's attempts may all have been deleted
    return [(Decimal(row["percent"]), row["n"]) for row in rows], sum(r["passed"] for r in rows)


def trainees_in(period: Period) -> int:
    """Trainees who submitted in the period. One query, a SUM over its days' rows.

    Each trainee is counted on their first day in the period: the one day whose previous
    day (of a submitted attempt of theirs) comes before the period (see DailyTrainees).
    """
    before = period.submitted_from or NO_PREVIOUS_DAY + timedelta(1)
    rows = DailyTrainees.objects.filter(period.days(), previous_day__lt=before)
    return rows.aggregate(n=Sum("trainees"))["n"] or 0


# --- Questions --------------------------------------------------------------------


@dataclass(frozen=True)
class PointSums:
    """Sums over one question's responses: x its points, s the attempt's whole score."""

    n: int
    sum_x: float
    sum_xx: float
    sum_s: float
    sum_ss: float
    sum_xs: float

    @property
    def facility(self) -> float | None:
        """Mean points: the share answering right (for matching, of pairs matched right)."""
        return self.sum_x / self.n if self.n else None

    @property
    def discrimination(self) -> float | None:
        """Point-biserial correlation of the points with the rest of the score (s - x).

        None when either does not vary, as the correlation is then undefined.
        """
        if not self.n:
            return None
        n = self.n
        sum_r = self.sum_s - self.sum_x
        sum_rr = self.sum_ss - 2 * self.sum_xs + self.sum_xx
        sum_xr = self.sum_xs - self.sum_xx
        covariance = sum_xr / n - (self.sum_x / n) * (sum_r / n)
        variance_x = self.sum_xx / n - (self.sum_x / n) ** 2
        variance_r = sum_rr / n - (sum_r / n) ** 2
        if variance_x < VARIANCE_EPSILON or variance_r < VARIANCE_EPSILON:
            return None
        return covariance / math.sqrt(variance_x * variance_r)


def point_sums_by_question(period: Period) -> dict[int, PointSums]:
    """For every question asked in the period, the sums the statistics need. One query."""
    rows = (
        DailyQuestionStats.objects.filter(period.days())
        .values("question")
        .annotate(
            n=Sum("responses"),
            sum_x=Sum("sum_x"),
            sum_xx=Sum("sum_xx"),
            sum_s=Sum("sum_s"),
            sum_ss=Sum("sum_ss"),
            sum_xs=Sum("sum_xs"),
        )
        .order_by("question")
    )
    return {
        row["question"]: PointSums(
            n=row["n"],
            sum_x=row["sum_x"] or 0.0,
            sum_xx=row["sum_xx"] or 0.0,
            sum_s=row["sum_s"] or 0.0,
            sum_ss=row["sum_ss"] or 0.0,
            sum_xs=row["sum_xs"] or 0.0,
        )
        for row in rows
        if row["n"]
    }


def selection_counts(period: Period) -> dict[tuple[int | None, int], int]:
    """How often each choice was picked, keyed (matching item or None, choice). One query."""
    rows = (
        DailyPicks.objects.filter(period.days())
        .values("item_key", "choice")
        .annotate(n=Sum("picks"))
        .order_by()
    )
    return {
        (None if row["item_key"] == NO_ITEM else row["item_key"], row["choice"]): row["n"]
        for row in rows
    }
