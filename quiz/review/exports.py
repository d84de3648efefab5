"""Attempts as a CSV file, streamed row by row so a large export never sits in memory."""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from django.db.models import Exists, OuterRef, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attempt, Question, Response

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH_SIZE = 1000
ATTEMPT_FIELDS = [
    "pk",
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__email",
    "quiz__title",
    "started_at",
    "submitted_at",
    "percent",
    "passed",
]


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading quote stops formula evaluation."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@lru_cache(maxsize=1024)
def decimal_text(value: Decimal) -> str:
    """1.000 as 1, 0.500 as 0.5; points take a handful of values, so each is formatted once."""
    return f"{value.normalize():f}"


def cell(value, yes: str, no: str) -> str:
    """Text of one CSV cell. Only text can carry a formula; numbers are written as such."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return neutralise(str(value))


def questions_answered_in(attempts: QuerySet[Attempt]) -> list[Question]:
    """One column per question asked in these attempts, grouped by quiz. One query."""
    asked = Response.objects.filter(question=OuterRef("pk"), attempt__in=attempts)
    return list(
        Question.objects.filter(Exists(asked))
        .select_related("quiz")
        .order_by("quiz__position", "quiz__title", "-is_active", "position", "pk")
    )


def question_header(question: Question, several_quizzes: bool) -> str:
    header = f"#{question.position} {question.prompt}"
    if not question.is_active:
        header += " " + _("(retired version)")
    if several_quizzes:
        header = f"{question.quiz.slug} {header}"
    return header


def batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def attempt_rows(attempts: QuerySet[Attempt]) -> Iterator[list]:
    """The header, then one row per attempt; two queries per thousand attempts."""
    questions = questions_answered_in(attempts)
    several_quizzes = len({q.quiz_id for q in questions}) > 1
    yield [
        _("trainee"),
        _("name"),
        _("email"),
        _("quiz"),
        _("started"),
        _("submitted"),
        _("percent"),
        _("passed"),
        *(question_header(q, several_quizzes) for q in questions),
    ]
    question_ids = [q.pk for q in questions]
    # Plain tuples, not model instances: a large export spends its time building rows.
    rows = attempts.values_list(*ATTEMPT_FIELDS).iterator(chunk_size=BATCH_SIZE)
    for batch in batches(rows, BATCH_SIZE):
        points = defaultdict(dict)
        for attempt_id, question_id, value in Response.objects.filter(
            attempt__in=[row[0] for row in batch]
        ).values_list("attempt", "question", "points"):
            points[attempt_id][question_id] = value
        for pk, username, first, last, email, *rest in batch:
            earned = points.get(pk, {})
            yield [
                username,
                f"{first} {last}".strip(),
                email,
                *rest,
                *(earned.get(question_id) for question_id in question_ids),
            ]


class Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yes, no = _("yes"), _("no")
    for row in rows:
        yield writer.writerow([cell(value, yes, no) for value in row])


def attempts_csv_response(attempts: QuerySet[Attempt]) -> StreamingHttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_lines(attempt_rows(attempts)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="attempts-{stamp}.csv"'
    return response
