"""What a group's trainees still knew when they answered refreshers, by days after their
pass: for the completion report, beside "completed". One query."""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, FloatField, QuerySet, Value, When

from ..models import Practice, Refresher


@dataclass
class Recall:
    stage: int  # days after the pass
    label: str
    answers: int
    percent: float  # answered right


def answered_refreshers(quiz) -> QuerySet:
    """Every refresher question of the quiz that was answered: what recall is made of."""
    return Practice.objects.filter(
        objective__quiz=quiz, purpose=Practice.Purpose.REFRESHER, answered_at__isnull=False
    )


def share_right() -> Avg:
    """The share of the rows answered right, 0 to 1."""
    right = Case(When(correct=True, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return Avg(right)


def as_percent(share) -> float:
    """A share from 0 to 1 as a percent to one decimal, as the learning reports write it."""
    return round(float(share or 0) * 100, 1)


def recall_of_group(*, quiz, group) -> list[Recall]:
    totals = dict(
        (row["refresher__stage"], row)
        for row in answered_refreshers(quiz)
        .filter(user__memberships__group=group)
        .values("refresher__stage")
        .annotate(n=Count("pk"), recalled=share_right())
        .order_by("refresher__stage")
    )
    return [
        Recall(stage, label, totals[stage]["n"], as_percent(totals[stage]["recalled"]))
        for stage, label in Refresher.Stage.choices
        if stage in totals
    ]
