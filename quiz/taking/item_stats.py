"""The item analysis's daily summary rows (models DailyScores ... DailyPicks).

Submitting an attempt adds it to the rows of its day in the submit's own transaction, and
deleting one takes it away, so the report over any days only adds up those days' rows.
Each table gets one INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n (SQLite and
PostgreSQL): the number of queries does not depend on the number of questions, and two
submits adding to the same row both count, as the database applies each increment to the
row as it stands. rebuild_item_stats recounts a quiz's rows from its attempts.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Max, Min, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

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

# The previous day of a trainee's first submitted attempt at a quiz: before every real day.
NO_PREVIOUS_DAY = date(1, 1, 1)

SUMMARY_MODELS = [DailyScores, DailyTrainees, DailyQuestionStats, DailyPicks]

# DailyPicks.item_key of a choice picked for no matching item.
NO_ITEM = 0

# Each summary table: the columns that name a row, then the counts added up.
KEYS = {
    DailyScores: (["quiz", "day", "percent"], ["attempts", "passed"]),
    DailyTrainees: (["quiz", "day", "previous_day"], ["trainees"]),
    DailyQuestionStats: (
        ["quiz", "day", "question"],
        ["responses", "sum_x", "sum_xx", "sum_s", "sum_ss", "sum_xs"],
    ),
    DailyPicks: (["quiz", "day", "choice", "item_key"], ["picks"]),
}


# --- Days -------------------------------------------------------------------------


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first moment of the day and of the next one, in settings.TIME_ZONE."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    return start, timezone.make_aware(datetime.combine(day + timedelta(1), time.min), zone)


# --- Adding to rows in place ------------------------------------------------------


def add_up(model, totals: dict[tuple, list]) -> None:
    """Add the counts to the rows named by the keys, creating missing rows. One query.

    Rows go in key order, so two transactions on PostgreSQL lock shared rows in the same
    order and cannot deadlock; each key appears once, as ON CONFLICT requires.
    """
    if not totals:
        return
    key_names, count_names = KEYS[model]
    fields = [model._meta.get_field(name) for name in key_names + count_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    keys = ", ".join(quote(f.column) for f in fields[: len(key_names)])
    increments = ", ".join(
        f"{quote(f.column)} = {table}.{quote(f.column)} + excluded.{quote(f.column)}"
        for f in fields[len(key_names) :]
    )
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = []
    for key in sorted(totals):
        values = [*key, *totals[key]]
        params += [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(totals))} "
        f"ON CONFLICT ({keys}) DO UPDATE SET {increments}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def add_counts(into: dict[tuple, list], key: tuple, counts: list) -> None:
    into[key] = [a + b for a, b in zip(into.get(key, [0] * len(counts)), counts, strict=True)]


# --- One attempt ------------------------------------------------------------------


def visit_changes(attempt: Attempt, day: date, sign: int) -> dict[tuple, list]:
    """DailyTrainees changes when the attempt (submitted on `day`) is added (+1) or taken
    away (-1), given the trainee's other submitted attempts at the quiz. One query.

    Nothing changes if another attempt was submitted that day. Otherwise the day gains (or
    loses) a row after the trainee's previous day, and their next day, if any, now comes
    after this day instead of that previous day (or again after it).
    """
    start, end = day_bounds(day)
    found = (
        Attempt.objects.filter(
            user_id=attempt.user_id, quiz_id=attempt.quiz_id, status=Attempt.Status.SUBMITTED
        )
        .exclude(pk=attempt.pk)
        .aggregate(
            before=Max("submitted_at", filter=Q(submitted_at__lt=start)),
            same_day=Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end)),
            after=Min("submitted_at", filter=Q(submitted_at__gte=end)),
        )
    )
    if found["same_day"]:
        return {}
    previous = day_of(found["before"]) if found["before"] else NO_PREVIOUS_DAY
    changes: dict[tuple, list] = {}
    add_counts(changes, (attempt.quiz_id, day, previous), [sign])
    if found["after"]:
        following = day_of(found["after"])
        add_counts(changes, (attempt.quiz_id, following, previous), [-sign])
        add_counts(changes, (attempt.quiz_id, following, day), [sign])
    return changes


def attempt_totals(attempt: Attempt, points: dict[int, object], picks, sign: int) -> dict:
    """What the attempt adds to each table but DailyTrainees, times `sign`.

    points: question id -> points (None counts as 0); picks: (item id or None, choice id).
    """
    quiz, day = attempt.quiz_id, day_of(attempt.submitted_at)
    s = float(attempt.score or 0)
    scores = {(quiz, day, attempt.percent): [sign, sign * bool(attempt.passed)]}
    questions = {}
    for question, value in points.items():
        x = float(value or 0)
        questions[(quiz, day, question)] = [sign * v for v in (1, x, x * x, s, s * s, x * s)]
    chosen = {}
    for item, choice in picks:
        add_counts(chosen, (quiz, day, choice, item or NO_ITEM), [sign])
    return {DailyScores: scores, DailyQuestionStats: questions, DailyPicks: chosen}


def count_attempt(attempt: Attempt, points: dict[int, object], picks, sign: int = 1) -> None:
    """Add a submitted attempt to its day's rows (sign -1: take it away). Five queries: one
    fewer on a second submit that day, and without picks (all left blank)."""
    day = day_of(attempt.submitted_at)
    totals = attempt_totals(attempt, points, picks, sign)
    totals[DailyTrainees] = visit_changes(attempt, day, sign)
    for model in SUMMARY_MODELS:
        add_up(model, totals[model])


def add_submitted_attempt(attempt: Attempt, points: dict[int, object], picks) -> None:
    """Called in the submit's transaction, once the attempt is graded and marked submitted."""
    count_attempt(attempt, points, picks)


def take_away_attempt(attempt: Attempt) -> None:
    """Take a submitted attempt out of its day's rows, reading its responses and picks."""
    points = dict(Response.objects.filter(attempt=attempt).values_list("question_id", "points"))
    picks = Selection.objects.filter(response__attempt=attempt).values_list("item_id", "choice_id")
    count_attempt(attempt, points, list(picks), sign=-1)


# Connected at startup: QuizConfig.ready imports this module.
@receiver(pre_delete, sender=Attempt, dispatch_uid="item_stats_take_away_deleted_attempt")
def take_away_deleted_attempt(sender, instance: Attempt, **kwargs):
    """Before its responses go (the cascade follows), so what it added can be read back."""
    if instance.status == Attempt.Status.SUBMITTED and instance.submitted_at is not None:
        take_away_attempt(instance)


# --- Rebuilding from the attempts -------------------------------------------------


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
