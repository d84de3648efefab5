"""Reads. Each selector runs a fixed number of queries, however much data there is."""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from ..models import (
    Attempt,
    Certificate,
    Choice,
    MatchItem,
    Question,
    Quiz,
    Response,
)
from .fragments import QuestionContent, field_name, item_field_name, question_contents


@dataclass
class SheetQuestion:
    """A question as one attempt shows it: its number, and choices in that attempt's order."""

    number: int
    response: Response
    question: Question
    choices: list[Choice]
    items: list[MatchItem]
    content: QuestionContent
    selected: frozenset[int] = frozenset()
    matched: dict[int, int] = field(default_factory=dict)

    @property
    def field_name(self) -> str:
        return field_name(self.question.pk)

    def item_field_name(self, item: MatchItem) -> str:
        return item_field_name(self.question.pk, item.pk)

    @property
    def choice_ids(self) -> frozenset[int]:
        return frozenset(choice.pk for choice in self.choices)

    @property
    def correct_ids(self) -> frozenset[int]:
        return frozenset(choice.pk for choice in self.choices if choice.is_correct)

    @property
    def answer_key(self) -> dict[int, int]:
        return {item.pk: item.correct_choice_id for item in self.items}

    def inputs_html(self, checked: frozenset[int], matched: dict[int, int]) -> SafeString:
        """The question's inputs in this attempt's order, with these answers marked."""
        return self.content.inputs_html(self.choices, self.items, checked, matched)


def attempt_order(attempt: Attempt, rows, salt: object = "") -> list:
    """This attempt's order of some rows: shuffled by its seed, the same on every load."""
    shuffled = list(rows)
    random.Random(f"{attempt.seed}:{salt}").shuffle(shuffled)
    return shuffled


def choices_in_attempt_order(attempt: Attempt, content: QuestionContent) -> list[Choice]:
    """Shuffled per attempt, except True/False, which a reader expects in that order."""
    if content.question.kind == Question.Kind.TRUE_FALSE:
        return list(content.choices)
    return attempt_order(attempt, content.choices, salt=content.question.pk)


def attempt_for(*, user, attempt_id: int) -> Attempt:
    """The user's own attempt, or 404: another trainee's attempt does not exist for them."""
    return own_attempt(Attempt.objects.all(), user=user, attempt_id=attempt_id)


def attempt_with_retake_for(*, user, attempt_id: int) -> Attempt:
    """As attempt_for, with `retake_id`: the trainee's attempt at the same quiz now in
    progress, if any. While there is one, the result page keeps the answer key to itself.
    """
    in_progress = Attempt.objects.filter(
        user=user, quiz=OuterRef("quiz"), status=Attempt.Status.IN_PROGRESS
    )
    attempts = Attempt.objects.annotate(retake_id=Subquery(in_progress.values("pk")[:1]))
    return own_attempt(attempts, user=user, attempt_id=attempt_id)


def own_attempt(attempts, *, user, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(
        attempts.select_related("quiz", "certificate"), pk=attempt_id, user=user
    )
    attempt.user = user  # already loaded for the request: no join, no second read
    return attempt


def attempt_sheet(attempt: Attempt) -> list[SheetQuestion]:
    """Every question of the attempt in its order, with what was saved for it.

    One query reads the responses with their selections (a row per selection); what the
    questions show comes from quiz/fragments.py, which reads only questions it has not
    kept yet.
    """
    rows = (
        Response.objects.filter(attempt=attempt)
        .order_by("position", "selections__pk")
        .values_list(
            "pk",
            "position",
            "points",
            "question_id",
            "question__content_version",
            "selections__choice_id",
            "selections__item_id",
        )
    )
    responses, versions = {}, {}
    selected, matched = defaultdict(set), defaultdict(dict)
    for pk, position, points, question_id, version, choice_id, item_id in rows:
        if pk not in responses:
            responses[pk] = Response(
                pk=pk, attempt=attempt, question_id=question_id, position=position, points=points
            )
            versions[question_id] = version
        if choice_id is not None and item_id is None:
            selected[pk].add(choice_id)
        elif choice_id is not None:
            matched[pk][item_id] = choice_id
    contents = question_contents(versions)
    return [
        sheet_question(
            attempt,
            number,
            response,
            contents[response.question_id],
            selected=frozenset(selected[response.pk]),
            matched=matched[response.pk],
        )
        for number, response in enumerate(responses.values(), start=1)
    ]


def sheet_question(
    attempt: Attempt,
    number: int,
    response: Response,
    content: QuestionContent,
    selected: frozenset[int],
    matched: dict[int, int],
) -> SheetQuestion:
    question = content.question
    return SheetQuestion(
        number=number,
        response=response,
        question=question,
        choices=choices_in_attempt_order(attempt, content),
        items=attempt_order(attempt, content.items, salt=f"items{question.pk}"),
        content=content,
        selected=selected,
        matched=matched,
    )


def published_quizzes_for(user) -> list[Quiz]:
    """Published quizzes with their length and this trainee's best score and status. One query."""
    mine = Attempt.objects.filter(quiz=OuterRef("pk"), user=user)
    submitted = mine.filter(status=Attempt.Status.SUBMITTED)
    quizzes = (
        Quiz.objects.filter(is_published=True)
        .annotate(
            question_count=Count("questions", filter=Q(questions__is_active=True)),
            best_percent=Subquery(submitted.order_by("-percent").values("percent")[:1]),
            has_passed=Exists(submitted.filter(passed=True)),
            open_attempt_id=Subquery(
                mine.filter(status=Attempt.Status.IN_PROGRESS).order_by("-pk").values("pk")[:1]
            ),
            attempts_used=Coalesce(
                Subquery(mine.order_by().values("quiz").annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
        )
        .order_by("position", "title")
    )
    quizzes = list(quizzes)
    for quiz in quizzes:
        quiz.status = trainee_status(quiz)
        quiz.attempts_left = (
            None if quiz.max_attempts is None else max(quiz.max_attempts - quiz.attempts_used, 0)
        )
    return quizzes


def trainee_status(quiz: Quiz) -> str:
    """Status of a quiz for a trainee, from the annotations of published_quizzes_for."""
    if quiz.has_passed:
        return "passed"
    if quiz.open_attempt_id:
        return "in_progress"
    if quiz.best_percent is not None:
        return "not_passed"
    return "not_started"


def attempts_of(user):
    """The trainee's own attempts, newest first, with their quiz."""
    return (
        Attempt.objects.filter(user=user)
        .select_related("quiz", "certificate")
        .order_by("-started_at", "-pk")
    )


# --- Certificates -----------------------------------------------------------------


def certificate_of(*, user, attempt_id: int) -> Certificate:
    """The trainee's own certificate for an attempt, or 404."""
    return get_object_or_404(
        Certificate.objects.select_related("attempt__quiz"),
        attempt_id=attempt_id,
        attempt__user=user,
    )


def certificate_by_code(code: str) -> Certificate:
    """Any certificate, by its verification code, or 404."""
    return get_object_or_404(Certificate.objects.select_related("attempt__quiz"), code=code)
