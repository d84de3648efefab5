"""What a group's trainees still knew when they answered refreshers, by days after their
pass: for the completion report, beside "completed". One query."""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, FloatField, Value, When

from ..models import Practice, Refresher


@dataclass
class Recall:
    stage: int  # days after the pass
    label: str
    answers: int
    percent: float  # answered right


def recall_of_group(*, quiz, group) -> list[Recall]:
    right = Case(When(correct=True, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    totals = dict(
        (row["refresher__stage"], row)
        for row in Practice.objects.filter(
            objective__quiz=quiz,
            purpose=Practice.Purpose.REFRESHER,
            answered_at__isnull=False,
            user__memberships__group=group,
        )
        .values("refresher__stage")
        .annotate(n=Count("pk"), recalled=Avg(right))
        .order_by("refresher__stage")
    )
    return [
        Recall(stage, label, totals[stage]["n"], round(100 * totals[stage]["recalled"], 1))
        for stage, label in Refresher.Stage.choices
        if stage in totals
    ]
