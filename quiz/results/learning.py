"""The learning report of a quiz: what trainees knew before the lesson and after it (the
gain), and what they still knew at each refresher (the retention); per objective, for
everyone a member of staff may see or for one group, and per group.

Both read summary rows, never attempts: the gain one row per trainee and objective
(models.Gain), the retention one row per refresher question answered (models.Practice).
A fixed number of queries whatever their number.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Case, Count, FloatField, QuerySet, Value, When

from .. import scope
from ..models import Gain, Quiz, Refresher, TrainingGroup
from ..stats.recall import answered_refreshers, as_percent, share_right

# Under this many trainees a mean moves a lot with one person: the report says so.
FEW = 10


def hake_gain(before: float, after: float) -> float | None:
    """Normalised gain (Hake 1998): the share of what could be gained that was; None when
    nothing could be (everyone knew it before)."""
    if before >= 100:
        return None
    return (after - before) / (100 - before)


@dataclass
class GainRow:
    label: str
    n: int
    before: float  # mean percent known at the pre-check
    after: float  # mean percent in the first graded attempt since

    @property
    def g(self) -> float | None:
        return hake_gain(self.before, self.after)

    @property
    def few(self) -> bool:
        return self.n < FEW


@dataclass
class RecallRow:
    label: str
    cells: dict[int, tuple[int, float]]  # stage (days) -> (answers, percent right)


def known_before() -> Case:
    return Case(When(before=True, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def gain_rows(rows: QuerySet, key: str, label: str, *, one_per_trainee: bool) -> list[GainRow]:
    # A trainee has one row per objective: per objective, rows are trainees, and counting
    # them needs no DISTINCT (a third of the report's time at 10,000 trainees).
    n = Count("pk") if one_per_trainee else Count("user", distinct=True)
    totals = (
        rows.values(key, label)
        .annotate(n=n, before_=Avg(known_before()), after_=Avg("after"))
        .order_by(key)
    )
    return [
        GainRow(t[label], t["n"], as_percent(t["before_"]), as_percent(t["after_"])) for t in totals
    ]


def overall_gain(rows: QuerySet) -> GainRow:
    total = rows.aggregate(
        n=Count("user", distinct=True), before_=Avg(known_before()), after_=Avg("after")
    )
    return GainRow("", total["n"], as_percent(total["before_"]), as_percent(total["after_"]))


def recall_rows(rows: QuerySet, key: str, label: str) -> list[RecallRow]:
    totals = (
        rows.values(key, label, "refresher__stage")
        .annotate(n=Count("pk"), recalled=share_right())
        .order_by(key, "refresher__stage")
    )
    found: dict = {}
    for t in totals:
        row = found.setdefault(t[key], RecallRow(t[label], {}))
        row.cells[t["refresher__stage"]] = (t["n"], as_percent(t["recalled"]))
    return list(found.values())


@dataclass
class LearningReport:
    quiz: Quiz
    group: TrainingGroup | None
    overall: GainRow
    by_objective: list[GainRow]
    by_group: list[GainRow]
    recall_by_objective: list[RecallRow]
    recall_by_group: list[RecallRow]
    stages: list[tuple[int, str]]


def learning_report(quiz: Quiz, user, group: TrainingGroup | None = None) -> LearningReport:
    """Six queries: the gain overall, by objective and by group; recall by objective and by
    group (the groups the member of staff may see)."""
    gains = scope.only_their_people(Gain.objects.filter(quiz=quiz, after__isnull=False), user)
    answered = scope.only_their_people(answered_refreshers(quiz), user)
    groups = scope.groups_for(user)
    in_groups = {"user__memberships__group__in": groups}
    if group is not None:
        gains = gains.filter(user__memberships__group=group)
        answered = answered.filter(user__memberships__group=group)
    group_key, group_label = "user__memberships__group", "user__memberships__group__name"
    return LearningReport(
        quiz=quiz,
        group=group,
        overall=overall_gain(gains),
        by_objective=gain_rows(
            gains, "objective__position", "objective__text", one_per_trainee=True
        ),
        by_group=gain_rows(
            gains.filter(**in_groups), group_key, group_label, one_per_trainee=False
        ),
        recall_by_objective=recall_rows(answered, "objective__position", "objective__text"),
        recall_by_group=recall_rows(answered.filter(**in_groups), group_key, group_label),
        stages=list(Refresher.Stage.choices),
    )


def report_csv_rows(report: LearningReport):
    """The report as rows for a CSV file: gain rows, then recall rows."""
    yield ["table", "row", "trainees or answers", "mean before %", "mean after %", "g"]
    for table, rows in (
        ("gain by objective", report.by_objective),
        ("gain by group", report.by_group),
    ):
        for row in rows:
            g = None if row.g is None else Decimal(str(round(row.g, 3)))
            yield [table, row.label, row.n, Decimal(str(row.before)), Decimal(str(row.after)), g]
    yield ["table", "row", "days after the pass", "answers", "% right", ""]
    for table, rows in (
        ("recall by objective", report.recall_by_objective),
        ("recall by group", report.recall_by_group),
    ):
        for row in rows:
            for stage, (n, percent) in sorted(row.cells.items()):
                yield [table, row.label, stage, n, Decimal(str(percent)), None]
