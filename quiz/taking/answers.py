"""Read a trainee's answers from a submitted form, and lay them out for the page again.

The quiz form is joined from kept pieces of HTML (quiz/taking/fragments.py), not one
Django widget per radio, so reading it back is done here: every field is checked against
the attempt's own questions, and each question's kind checks it against the question's own
choices, as the database has them. Anything else is reported, never trusted.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..kinds.base import AnswerKey, NotItsOwn, Pick
from .sheet import SheetQuestion

# ASCII digits only: \d and int() would also take "q١٢", " 5", "+5" or "1_0". Any number
# of them: a field named for a question id no attempt can have is tampering, not noise.
FIELD = re.compile(r"q(?P<question>[0-9]+)(?:-m(?P<item>[0-9]+))?")
ID = re.compile(r"[0-9]{1,18}")


@dataclass
class Answers:
    """What a form said: the picks of each question, keyed by its id, the questions flagged
    for review, and what was wrong."""

    picks: dict[int, frozenset[Pick]] = field(default_factory=dict)
    flags: frozenset[int] = frozenset()
    problems: list[str] = field(default_factory=list)

    @property
    def is_tampered(self) -> bool:
        return bool(self.problems)

    def of(self, sq: SheetQuestion) -> frozenset[Pick]:
        return self.picks.get(sq.question.pk, frozenset())


def as_id(digits: str) -> int:
    """The id written in `digits`, or 0, which names no row, when no id is that long."""
    return int(digits) if len(digits) <= 18 else 0


def parse_ids(values: list[str]) -> list[int] | None:
    """The ids written in `values` (empty ones skipped), or None if any is not an id."""
    ids = [value for value in values if value != ""]
    if not all(ID.fullmatch(value) for value in ids):
        return None
    return [int(value) for value in ids]


def read_answers(data, sheet: list[SheetQuestion]) -> Answers:
    """Answers from POST data, checked against a keyed sheet; misfits become problems."""
    answers = Answers()
    picks = defaultdict(set)
    by_id = {sq.question.pk: sq for sq in sheet}
    for name in data:
        match = FIELD.fullmatch(name)
        if not match:
            continue
        sq = by_id.get(as_id(match["question"]))
        if sq is None:
            answers.problems.append(
                _("The form has an answer to a question that is not in this attempt.")
            )
            continue
        item_id = None if match["item"] is None else as_id(match["item"])
        try:
            ids = parse_ids(data.getlist(name))
            picks[sq.question.pk] |= sq.kind.read_field(sq.key, item_id, ids)
        except NotItsOwn as error:
            answers.problems.append(str(error) % {"n": sq.number})
    answers.picks = {pk: frozenset(chosen) for pk, chosen in picks.items() if chosen}
    answers.flags = read_flags(data, by_id, answers.problems)
    return answers


def read_flags(data, by_id: dict, problems: list[str]) -> frozenset[int]:
    """The questions ticked "Flag for review" ("flag" fields hold their ids)."""
    ids = parse_ids(data.getlist("flag"))
    if ids is None or not set(ids) <= by_id.keys():
        problems.append(_("The form flags a question that is not in this attempt."))
        return frozenset(pk for pk in ids or () if pk in by_id)
    return frozenset(ids)


def answer_shape(sq: SheetQuestion) -> AnswerKey:
    """What a complete answer to the question takes, from what the page shows.

    A sheet read to show the page has no answer key, yet "answered?" needs the
    question's matching items: this key has them, and no right answer.
    """
    if sq.key is not None:
        return sq.key
    return AnswerKey(
        question_id=sq.question.pk,
        kind=sq.question.kind,
        choice_ids=frozenset(choice.pk for choice in sq.choices),
        correct=frozenset(),
        items={item.pk: None for item in sq.items},
    )


def is_answered(sq: SheetQuestion, answers: Answers) -> bool:
    return sq.kind.is_answered(answer_shape(sq), answers.of(sq))


def unanswered(sheet: list[SheetQuestion], answers: Answers) -> list[SheetQuestion]:
    return [sq for sq in sheet if not is_answered(sq, answers)]


def saved_answers(sheet: list[SheetQuestion]) -> Answers:
    """The answers recorded for an attempt, in the same shape as a form's."""
    return Answers(
        picks={sq.question.pk: sq.picks for sq in sheet if sq.picks},
        flags=frozenset(sq.question.pk for sq in sheet if sq.response.flagged),
    )


CHECKED = mark_safe(" checked")


@dataclass
class FormRow:
    """A question laid out for the take page, with the trainee's answer kept."""

    sq: SheetQuestion
    inputs: SafeString
    error: str = ""
    answered: bool = False
    flagged: bool = False
    answer: tuple[str, ...] = ()  # what was picked, in words, for the summary

    @property
    def error_id(self) -> str:
        return f"{self.sq.field_name}-error"

    @property
    def html(self) -> SafeString:
        """The question's whole fieldset: its kept piece with this page's holes filled."""
        return self.sq.content.fieldset.fill(
            number=self.sq.number,
            inputs=self.inputs,
            flag_checked=CHECKED if self.flagged else "",
            **self.error_holes(),
        )

    def error_holes(self) -> dict:
        if not self.error:
            return {"error_class": "", "described_by": "", "error_line": ""}
        return {
            "error_class": " has-error",
            "described_by": format_html(' aria-describedby="{}"', self.error_id),
            "error_line": format_html(
                '<p class="text-danger fw-semibold" id="{}">{}</p>', self.error_id, self.error
            ),
        }


def form_rows(
    sheet: list[SheetQuestion], answers: Answers, flag_unanswered: bool = False
) -> list[FormRow]:
    rows = []
    for sq in sheet:
        answered = is_answered(sq, answers)
        picks = answers.of(sq)
        rows.append(
            FormRow(
                sq=sq,
                inputs=sq.inputs_html(picks),
                error=sq.kind.unanswered_message if flag_unanswered and not answered else "",
                answered=answered,
                flagged=sq.question.pk in answers.flags,
                answer=tuple(sq.answer_texts(picks)),
            )
        )
    return rows
