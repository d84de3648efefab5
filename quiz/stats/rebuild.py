"""Recounting a quiz's daily summary rows from its attempts (`rebuild_item_stats`)."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, FloatField, Max, Min, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce

from ..clock import day_of
from ..models import (
    Attempt,
    DailyPicks,
    DailyQuestionStats,
    DailyScores,
    DailyTrainees,
    Quiz,
    Response,
    Selection,
)
from .rows import NO_ITEM, NO_PREVIOUS_DAY, SUMMARY_MODELS, day_bounds


def responses_sums() -> dict:
    """The aggregates a DailyQuestionStats row holds, over responses. For .annotate()."""
    x = Coalesce(Cast("points", FloatField()), Value(0.0))
    s = Cast(F("attempt__score"), FloatField())
    return {
        "responses": Count("pk"),
        "sum_x": Sum(x),
        "sum_xx": Sum(x * x),
        "sum_s": Sum(s),
        "sum_ss": Sum(s * s),
        "sum_xs": Sum(x * s),
    }


def day_rows(quiz: Quiz, day: date) -> list:
    """The summary rows but DailyTrainees of one day, recounted. Three aggregate queries."""
    start, end = day_bounds(day)
    on_day = {
        "quiz": quiz,
        "status": Attempt.Status.SUBMITTED,
        "submitted_at__gte": start,
        "submitted_at__lt": end,
    }
    via = {f"attempt__{name}": value for name, value in on_day.items()}
    via_response = {f"response__{name}": value for name, value in via.items()}
    common = {"quiz": quiz, "day": day}
    rows = [
        DailyScores(**common, percent=row["percent"], attempts=row["n"], passed=row["passed"])
        for row in Attempt.objects.filter(**on_day)
        .values("percent")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    ]
    sums = responses_sums()
    rows += [
        DailyQuestionStats(**common, question_id=row.pop("question"), **row)
        for row in Response.objects.filter(**via).values("question").annotate(**sums).order_by()
    ]
    # No condition on item_id: it would lead SQLite to that index (every pick of every
    # day) instead of the day's attempts.
    picks = (
        Selection.objects.filter(**via_response)
        .values("item", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows += [
        DailyPicks(
            **common, choice_id=row["choice"], item_key=row["item"] or NO_ITEM, picks=row["n"]
        )
        for row in picks
    ]
    return rows


def trainee_rows(quiz: Quiz) -> list[DailyTrainees]:
    """Every trainee's days with the day before each, read in one pass over the attempts."""
    visits = Counter()
    last_user, last_day = None, NO_PREVIOUS_DAY
    submitted = (
        Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED)
        .exclude(submitted_at=None)
        .order_by("user_id", "submitted_at")
        .values_list("user_id", "submitted_at")
    )
    for user, moment in submitted.iterator(chunk_size=20000):
        day = day_of(moment)
        if user != last_user:
            last_user, last_day = user, NO_PREVIOUS_DAY
        if day != last_day:
            visits[(day, last_day)] += 1
            last_day = day
    return [
        DailyTrainees(quiz=quiz, day=day, previous_day=previous, trainees=n)
        for (day, previous), n in visits.items()
    ]


@transaction.atomic
def rebuild_item_stats(quiz: Quiz) -> None:
    """Recount the quiz's summary rows from its submitted attempts, day by day.

    Run it where no attempt at the quiz is submitted meanwhile (on PostgreSQL a submit
    committing during the rebuild may be missed); on SQLite the write lock ensures it.
    """
    for model in SUMMARY_MODELS:
        model.objects.filter(quiz=quiz).delete()
    span = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED).aggregate(
        first=Min("submitted_at"), last=Max("submitted_at")
    )
    if span["first"] is None:
        return
    by_model = defaultdict(list)
    day, last = day_of(span["first"]), day_of(span["last"])
    while day <= last:
        for row in day_rows(quiz, day):
            by_model[type(row)].append(row)
        day += timedelta(1)
    by_model[DailyTrainees] = trainee_rows(quiz)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows, batch_size=2000)
