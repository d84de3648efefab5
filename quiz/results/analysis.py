"""Item analysis of a quiz: how trainees score, and which questions they get wrong.

Selectors for the admin's report page. Every figure comes from the sums over the daily
summary rows (quiz/stats/), so the number of queries, the time and the memory depend on
the number of days and questions, not of attempts; Python only does arithmetic on the few
rows those queries return (one per question, choice or percent value).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from ..kinds import kind_of
from ..models import (
    Attempt,
    Question,
    Quiz,
    answer_key_prefetches,
)
from ..stats.sums import (
    Period,
    PointSums,
    percent_distribution,
    point_sums_by_question,
    selection_counts,
    trainees_in,
)

# Facility outside these bounds means a question tells trainees apart poorly:
# nearly everyone gets it right (too easy) or nearly everyone gets it wrong.
FACILITY_LOW = 0.2
# Below this many submitted attempts a question's facility and discrimination move a lot
# with each attempt, so the report says to read them with care.
RELIABLE_SAMPLE = 30
FACILITY_HIGH = 0.9
HISTOGRAM_BIN_WIDTH = 10


# --- Scores -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    """Attempts whose percent is at least `low` and below `high` (the last bin includes 100)."""

    low: int
    high: int
    count: int
    label: str  # "70–80"


@dataclass(frozen=True)
class Summary:
    attempts: int
    trainees: int
    passed: int
    mean_percent: Decimal | None
    median_percent: Decimal | None
    histogram: list[Bin]

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def mean_of(distribution: list[tuple[Decimal, int]]) -> Decimal | None:
    total = sum(n for _percent, n in distribution)
    if not total:
        return None
    return sum((percent * n for percent, n in distribution), Decimal(0)) / total


def value_at(distribution: list[tuple[Decimal, int]], index: int) -> Decimal:
    """The percent of the index-th attempt (from 0) in ascending order."""
    seen = 0
    for percent, n in distribution:
        seen += n
        if index < seen:
            return percent
    raise IndexError(index)


def median_of(distribution: list[tuple[Decimal, int]]) -> Decimal | None:
    total = sum(n for _percent, n in distribution)
    if not total:
        return None
    low, high = value_at(distribution, (total - 1) // 2), value_at(distribution, total // 2)
    return (low + high) / 2


def histogram_of(distribution: list[tuple[Decimal, int]]) -> list[Bin]:
    counts = [0] * (100 // HISTOGRAM_BIN_WIDTH)
    for percent, n in distribution:
        counts[min(int(percent // HISTOGRAM_BIN_WIDTH), len(counts) - 1)] += n
    bins = []
    for i, count in enumerate(counts):
        low, high = i * HISTOGRAM_BIN_WIDTH, (i + 1) * HISTOGRAM_BIN_WIDTH
        bins.append(Bin(low, high, count, label=f"{low}–{high}"))
    return bins


def score_summary(period: Period) -> Summary:
    """Attempts, trainees, passes, mean, median and histogram of percents. Two queries."""
    distribution, passed = percent_distribution(period)
    return Summary(
        attempts=sum(n for _percent, n in distribution),
        trainees=trainees_in(period),
        passed=passed,
        mean_percent=mean_of(distribution),
        median_percent=median_of(distribution),
        histogram=histogram_of(distribution),
    )


# --- Questions --------------------------------------------------------------------


def questions_of(quiz: Quiz, question_ids) -> list[Question]:
    """The questions, active versions first, with choices and matching items. Three queries."""
    return list(
        Question.objects.filter(quiz=quiz, pk__in=question_ids)
        .select_related("objective")
        .prefetch_related(*answer_key_prefetches())
        .order_by(F("objective__position").asc(nulls_last=True), "-is_active", "position", "pk")
    )


@dataclass
class QuestionStats:
    number: int
    question: Question
    sums: PointSums
    # How often each choice was picked, as the question's kind describes it: an object
    # naming the templates that show it (QuestionKind.describe_choices).
    picks: object = None

    @property
    def responses(self) -> int:
        return self.sums.n

    @property
    def kind_label(self) -> str:
        return kind_of(self.question.kind).label

    @property
    def facility(self) -> float | None:
        return self.sums.facility

    @property
    def discrimination(self) -> float | None:
        return self.sums.discrimination

    @property
    def flags(self) -> list[str]:
        """Why a reviewer should look at the question again; empty when nothing stands out."""
        flags = []
        if self.discrimination is not None and self.discrimination < 0:
            flags.append(_("negative discrimination"))
        if self.facility is not None and self.facility < FACILITY_LOW:
            flags.append(_("very hard"))
        if self.facility is not None and self.facility > FACILITY_HIGH:
            flags.append(_("very easy"))
        return flags


@dataclass(frozen=True)
class ObjectiveStats:
    """An objective, over every question of its pool that was answered."""

    objective: object  # an Objective
    questions: list[QuestionStats]

    @property
    def responses(self) -> int:
        return sum(stats.responses for stats in self.questions)

    @property
    def facility(self) -> float | None:
        """Mean points over all its questions' responses: how often trainees meet it."""
        points = sum(stats.sums.sum_x for stats in self.questions)
        return points / self.responses if self.responses else None


# --- The whole report -------------------------------------------------------------


@dataclass(frozen=True)
class ItemAnalysis:
    quiz: Quiz
    summary: Summary
    questions: list[QuestionStats]

    @property
    def flagged(self) -> list[QuestionStats]:
        return [stats for stats in self.questions if stats.flags]

    @property
    def is_small_sample(self) -> bool:
        return self.summary.attempts < RELIABLE_SAMPLE

    @property
    def reliable_sample(self) -> int:
        return RELIABLE_SAMPLE

    @property
    def objectives(self) -> list[ObjectiveStats]:
        """The questions grouped by objective, in the quiz's order (they come sorted so)."""
        groups: dict[int, ObjectiveStats] = {}
        for stats in self.questions:
            objective = stats.question.objective
            if objective is not None:
                groups.setdefault(objective.pk, ObjectiveStats(objective, [])).questions.append(
                    stats
                )
        return list(groups.values())


def item_analysis(
    quiz: Quiz, *, submitted_from: date | None = None, submitted_to: date | None = None
) -> ItemAnalysis:
    """Everything the report page shows. Seven queries, however many attempts there are."""
    period = Period(quiz, submitted_from, submitted_to)
    summary = score_summary(period)
    sums = point_sums_by_question(period)
    counts = selection_counts(period)
    questions = []
    for number, question in enumerate(questions_of(quiz, list(sums)), start=1):
        stats = QuestionStats(number, question, sums[question.pk])
        stats.picks = kind_of(question.kind).describe_choices(question, stats.responses, counts)
        questions.append(stats)
    return ItemAnalysis(quiz, summary, questions)


def submitted_counts_by_quiz() -> list[Quiz]:
    """Every quiz with its number of submitted attempts, for the report index. One query."""
    return list(
        Quiz.objects.annotate(
            submitted=Count("attempts", filter=Q(attempts__status=Attempt.Status.SUBMITTED))
        ).order_by("position", "title")
    )
