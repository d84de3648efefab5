"""Read a trainee's answers from a submitted form, and lay them out for the page again.

The quiz form is rendered by a plain template loop (not one Django widget per radio),
so reading it back is done here: every field is checked against the attempt's own
questions and choices, and anything else is reported, never trusted.
"""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..models import Question
from .selectors import SheetQuestion

# ASCII digits only: \d and int() would also take "q١٢", " 5", "+5" or "1_0".
FIELD = re.compile(r"q(?P<question>[0-9]{1,18})(?:-m(?P<item>[0-9]{1,18}))?")
ID = re.compile(r"[0-9]{1,18}")


@dataclass
class Answers:
    """What a form said, keyed by question id, plus what was wrong with it."""

    chosen: dict[int, frozenset[int]] = field(default_factory=dict)
    matched: dict[int, dict[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def is_tampered(self) -> bool:
        return bool(self.problems)


def read_answers(data, sheet: list[SheetQuestion]) -> Answers:
    """Answers from POST data; fields that do not fit the attempt become problems."""
    answers = Answers()
    by_id = {sq.question.pk: sq for sq in sheet}
    for name in data:
        match = FIELD.fullmatch(name)
        if not match:
            continue
        sq = by_id.get(int(match["question"]))
        if sq is None:
            answers.problems.append(
                _("The form has an answer to a question that is not in this attempt.")
            )
        elif match["item"] is None:
            read_choice_field(sq, data.getlist(name), answers)
        else:
            read_item_field(sq, int(match["item"]), data.getlist(name), answers)
    return answers


def parse_ids(values: list[str]) -> list[int] | None:
    """The ids written in `values` (empty ones skipped), or None if any is not an id."""
    ids = [value for value in values if value != ""]
    if not all(ID.fullmatch(value) for value in ids):
        return None
    return [int(value) for value in ids]


def read_choice_field(sq: SheetQuestion, values: list[str], answers: Answers) -> None:
    ids = parse_ids(values)
    if sq.question.kind == Question.Kind.MATCHING or ids is None or not set(ids) <= sq.choice_ids:
        answers.problems.append(
            _("Question %(n)s has a choice that is not one of its own.") % {"n": sq.number}
        )
    elif sq.question.kind != Question.Kind.MULTIPLE and len(ids) > 1:
        answers.problems.append(_("Question %(n)s takes one answer only.") % {"n": sq.number})
    elif ids:
        answers.chosen[sq.question.pk] = frozenset(ids)


def read_item_field(sq: SheetQuestion, item_id: int, values: list[str], answers: Answers) -> None:
    ids = parse_ids(values)
    item_ids = {item.pk for item in sq.items}
    if item_id not in item_ids or ids is None or len(ids) > 1 or not set(ids) <= sq.choice_ids:
        answers.problems.append(
            _("Question %(n)s has an option that is not one of its own.") % {"n": sq.number}
        )
    elif ids:
        answers.matched.setdefault(sq.question.pk, {})[item_id] = ids[0]


def is_answered(sq: SheetQuestion, answers: Answers) -> bool:
    if sq.question.kind == Question.Kind.MATCHING:
        return len(answers.matched.get(sq.question.pk, {})) == len(sq.items)
    return bool(answers.chosen.get(sq.question.pk))


def unanswered(sheet: list[SheetQuestion], answers: Answers) -> list[SheetQuestion]:
    return [sq for sq in sheet if not is_answered(sq, answers)]


def saved_answers(sheet: list[SheetQuestion]) -> Answers:
    """The answers recorded for an attempt, in the same shape as a form's."""
    answers = Answers()
    for sq in sheet:
        if sq.selected:
            answers.chosen[sq.question.pk] = sq.selected
        if sq.matched:
            answers.matched[sq.question.pk] = dict(sq.matched)
    return answers


@dataclass
class FormRow:
    """A question laid out for the take page, with the trainee's answer kept."""

    sq: SheetQuestion
    inputs: SafeString
    error: str = ""

    @property
    def error_id(self) -> str:
        return f"{self.sq.field_name}-error"


def form_rows(
    sheet: list[SheetQuestion], answers: Answers, flag_unanswered: bool = False
) -> list[FormRow]:
    rows = []
    for sq in sheet:
        error = ""
        if flag_unanswered and not is_answered(sq, answers):
            error = (
                _("Choose an option for every component.")
                if sq.question.kind == Question.Kind.MATCHING
                else _("This question has no answer yet.")
            )
        checked = answers.chosen.get(sq.question.pk, frozenset())
        matched = answers.matched.get(sq.question.pk, {})
        rows.append(FormRow(sq=sq, inputs=sq.inputs_html(checked, matched), error=error))
    return rows


@dataclass
class ResultLine:
    """One line of a graded question: what was chosen, what was right."""

    label: str
    chosen: str
    correct: str
    is_right: bool


def result_lines(sq: SheetQuestion) -> list[ResultLine]:
    """The trainee's answer beside the right one; a line per matching item."""
    text = {choice.pk: choice.text for choice in sq.choices}
    no_answer = _("No answer")
    if sq.question.kind == Question.Kind.MATCHING:
        return [
            ResultLine(
                label=item.label,
                chosen=text.get(sq.matched.get(item.pk), no_answer),
                correct=text[item.correct_choice_id],
                is_right=sq.matched.get(item.pk) == item.correct_choice_id,
            )
            for item in sq.items
        ]
    chosen = [c.text for c in sq.choices if c.pk in sq.selected]
    correct = [c.text for c in sq.choices if c.is_correct]
    return [
        ResultLine(
            label="",
            chosen="; ".join(chosen) or no_answer,
            correct="; ".join(correct),
            is_right=sq.selected == sq.correct_ids,
        )
    ]
