"""An attempt's sheet: its questions in its order, with what was picked and, for grading,
the answer key. One query, however many questions.

What a question shows comes from the worker's kept pieces (quiz/taking/fragments.py);
whether an answer is right never does. The keyed sheet reads each question's kind,
choices and matching items from the rows of the question versions the attempt asked.
"""

import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils.safestring import SafeString

from ..kinds import QuestionKind, kind_of
from ..kinds.base import AnswerKey, Pick, ResultLine, field_name, item_field_name
from ..models import Attempt, Choice, MatchItem, Question, Response
from .fragments import QuestionContent, question_contents

RESPONSE_COLUMNS = (
    "pk",
    "position",
    "points",
    "flagged",
    "question_id",
    "question__content_version",
)


@dataclass
class SheetQuestion:
    """A question as one attempt shows it: its number, and choices in that attempt's order."""

    number: int
    response: Response
    content: QuestionContent
    choices: list[Choice]
    items: list[MatchItem]
    picks: frozenset[Pick]  # what was saved for it
    key: AnswerKey | None = None  # from the database; only on a keyed sheet

    @property
    def question(self) -> Question:
        return self.content.question

    @property
    def kind(self) -> QuestionKind:
        """From the database on a keyed sheet, so grading never rests on a kept piece."""
        return kind_of(self.key.kind if self.key else self.question.kind)

    @property
    def field_name(self) -> str:
        return field_name(self.question.pk)

    def item_field_name(self, item: MatchItem) -> str:
        return item_field_name(self.question.pk, item.pk)

    def inputs_html(self, picks: frozenset[Pick]) -> SafeString:
        """The question's inputs in this attempt's order, with these picks marked."""
        return self.kind.inputs_html(self.content, self.choices, self.items, picks)

    def answer_texts(self, picks: frozenset[Pick]) -> list[str]:
        """What was picked, in words and in this attempt's order: "CBP", or, for a line of
        a matching question, "Interdicts traffickers: CBP"."""
        if not self.items:
            return [choice.text for choice in self.choices if (None, choice.pk) in picks]
        texts = {choice.pk: choice.text for choice in self.choices}
        picked = {item: choice for item, choice in picks}
        return [
            f"{item.label}: {texts[picked[item.pk]]}" for item in self.items if item.pk in picked
        ]

    def result_lines(self) -> list[ResultLine]:
        return self.kind.result_lines(self.key, self.picks, self.choices, self.items)


def attempt_order(attempt: Attempt, rows, salt: object = "") -> list:
    """This attempt's order of some rows: shuffled by its seed, the same on every load."""
    shuffled = list(rows)
    random.Random(f"{attempt.seed}:{salt}").shuffle(shuffled)
    return shuffled


def sheet_question(
    attempt: Attempt, number: int, response: Response, content: QuestionContent, picks, key
) -> SheetQuestion:
    question = content.question
    choices = list(content.choices)
    if kind_of(question.kind).shuffles_choices:
        choices = attempt_order(attempt, choices, salt=question.pk)
    return SheetQuestion(
        number=number,
        response=response,
        content=content,
        choices=choices,
        items=attempt_order(attempt, content.items, salt=f"items{question.pk}"),
        picks=frozenset(picks),
        key=key,
    )


def build_sheet(attempt: Attempt, responses: dict, versions: dict, picks: dict, keys: dict):
    contents = question_contents(versions)
    return [
        sheet_question(
            attempt,
            number,
            response,
            contents[response.question_id],
            picks[response.pk],
            keys.get(response.question_id),
        )
        for number, response in enumerate(responses.values(), start=1)
    ]


def new_response(attempt: Attempt, pk, position, points, flagged, question_id) -> Response:
    return Response(
        pk=pk,
        attempt=attempt,
        question_id=question_id,
        position=position,
        points=points,
        flagged=flagged,
    )


def attempt_sheet(attempt: Attempt, *, versions: dict[int, str] | None = None):
    """The questions of the attempt in its order, with what was saved: to show, not grade.

    One query reads the responses with their selections (a row per selection). An attempt
    just created (services.create_attempt keeps its responses) has nothing saved yet: given
    the content versions of its questions as the start read them, it costs none.
    """
    created = getattr(attempt, "created_responses", None)
    if created is not None and versions is not None:
        responses = {response.pk: response for response in created}
        drawn = {response.question_id: versions[response.question_id] for response in created}
        return build_sheet(attempt, responses, drawn, defaultdict(set), keys={})
    rows = (
        Response.objects.filter(attempt=attempt)
        .order_by("position", "selections__pk")
        .values_list(*RESPONSE_COLUMNS, "selections__item_id", "selections__choice_id")
    )
    responses, versions, picks = {}, {}, defaultdict(set)
    for pk, position, points, flagged, question_id, version, item_id, choice_id in rows:
        if pk not in responses:
            responses[pk] = new_response(attempt, pk, position, points, flagged, question_id)
            versions[question_id] = version
        if choice_id is not None:
            picks[pk].add((item_id, choice_id))
    return build_sheet(attempt, responses, versions, picks, keys={})


def keyed_sheet(attempt: Attempt, *, with_picks: bool = True) -> list[SheetQuestion]:
    """As attempt_sheet, with each question's answer key read from the database. One query.

    The query joins each response to its question's choices and matching items, and to
    what was picked unless with_picks is off (a save or submit replaces the picks). A
    question so gives choices x items x picks rows: a few dozen for the builder's
    questions, however many attempts there are. Django builds this one join in a third of
    the time a UNION of the three would take.
    """
    picked = ("selections__item_id", "selections__choice_id") if with_picks else ()
    rows = (
        Response.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list(
            *RESPONSE_COLUMNS,
            "question__kind",
            "question__choices__pk",
            "question__choices__is_correct",
            "question__match_items__pk",
            "question__match_items__correct_choice_id",
            *picked,
        )
    )
    responses, versions, picks = {}, {}, defaultdict(set)
    kinds, choices, correct, items = {}, defaultdict(set), defaultdict(set), defaultdict(dict)
    for pk, position, points, flagged, question_id, version, kind, *key_and_pick in rows:
        if pk not in responses:
            responses[pk] = new_response(attempt, pk, position, points, flagged, question_id)
            versions[question_id], kinds[question_id] = version, kind
        choice, is_correct, item, item_choice, *pick = key_and_pick
        choices[question_id].add(choice)
        if is_correct:
            correct[question_id].add(choice)
        if item is not None:
            items[question_id][item] = item_choice
        if pick and pick[1] is not None:
            picks[pk].add(tuple(pick))
    keys = {
        question_id: AnswerKey(
            question_id,
            kinds[question_id],
            frozenset(choices[question_id] - {None}),
            frozenset(correct[question_id]),
            items[question_id],
        )
        for question_id in kinds
    }
    return build_sheet(attempt, responses, versions, picks, keys)
