"""Counting a submitted attempt into the daily summary rows, and taking it out again.

Submitting an attempt adds it to the rows of its day in the submit's own transaction, and
deleting one takes it away, so the report over any days only adds up those days' rows.
Each table gets one INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n (SQLite and
PostgreSQL): the number of queries does not depend on the number of questions, and two
submits adding to the same row both count, as the database applies each increment to the
row as it stands.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Count, Max, Min, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from ..clock import day_of
from ..models import (
    Attempt,
    DailyPicks,
    DailyQuestionStats,
    DailyScores,
    DailyTrainees,
    Response,
    Selection,
)
from .rows import KEYS, NO_ITEM, NO_PREVIOUS_DAY, SUMMARY_MODELS, day_bounds

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


@dataclass(frozen=True)
class Neighbours:
    """The trainee's other submitted attempts at the quiz, around one day."""

    before: datetime | None  # the last submitted before the day
    same_day: bool  # another was submitted that day
    after: datetime | None  # the first submitted after it


def neighbours_of(attempt: Attempt, day: date) -> Neighbours:
    """Read from the trainee's other submitted attempts at the quiz. One query."""
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
    return Neighbours(found["before"], bool(found["same_day"]), found["after"])


def neighbours_of_newest(last_other: datetime | None, day: date) -> Neighbours | None:
    """The neighbours of an attempt submitted after all the trainee's others at the quiz,
    from when the last of those was submitted; None if that was on a later day (a clock
    set back), when only neighbours_of can tell. On the same day, `before` is left out:
    nothing changes then, whatever came before."""
    if last_other is None:
        return Neighbours(None, False, None)
    last_day = day_of(last_other)
    if last_day > day:
        return None
    return Neighbours(last_other if last_day < day else None, last_day == day, None)


def visit_changes(attempt: Attempt, day: date, sign: int, near: Neighbours) -> dict:
    """DailyTrainees changes when the attempt (submitted on `day`) is added (+1) or taken
    away (-1), given the trainee's other submitted attempts at the quiz.

    Nothing changes if another attempt was submitted that day. Otherwise the day gains (or
    loses) a row after the trainee's previous day, and their next day, if any, now comes
    after this day instead of that previous day (or again after it).
    """
    if near.same_day:
        return {}
    previous = day_of(near.before) if near.before else NO_PREVIOUS_DAY
    changes: dict[tuple, list] = {}
    add_counts(changes, (attempt.quiz_id, day, previous), [sign])
    if near.after:
        following = day_of(near.after)
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


def count_attempt(
    attempt: Attempt, points: dict[int, object], picks, sign: int = 1, near=None
) -> None:
    """Add a submitted attempt to its day's rows (sign -1: take it away). Five queries: one
    fewer when its neighbours are given, on a second submit that day, and without picks
    (all left blank)."""
    day = day_of(attempt.submitted_at)
    totals = attempt_totals(attempt, points, picks, sign)
    totals[DailyTrainees] = visit_changes(attempt, day, sign, near or neighbours_of(attempt, day))
    for model in SUMMARY_MODELS:
        add_up(model, totals[model])


def add_submitted_attempt(
    attempt: Attempt, points: dict[int, object], picks, *, near: Neighbours | None = None
) -> None:
    """Called in the submit's transaction, once the attempt is graded and marked submitted.

    near: the trainee's other attempts around its day, when the caller read them already
    (neighbours_of_newest); otherwise they are read here."""
    count_attempt(attempt, points, picks, near=near)


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
