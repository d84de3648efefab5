"""Attempts as a CSV file, streamed row by row so a large export never sits in memory.

The percent is the one the trainee's pages show, whole and rounded down (quiz/scores.py):
a coordinator matches it to what the trainee saw. The exact score is each question's
points, in the columns after it (one point a question).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Exists, OuterRef, QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from ..models import Attempt, Question, Response
from ..safe_csv import csv_response
from ..scores import floor_percent

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
        for pk, username, first, last, email, quiz, started, submitted, percent, passed in batch:
            earned = points.get(pk, {})
            yield [
                username,
                f"{first} {last}".strip(),
                email,
                quiz,
                started,
                submitted,
                floor_percent(percent),
                passed,
                *(earned.get(question_id) for question_id in question_ids),
            ]


def attempts_csv_response(attempts: QuerySet[Attempt]) -> StreamingHttpResponse:
    return csv_response(attempt_rows(attempts), "attempts")
