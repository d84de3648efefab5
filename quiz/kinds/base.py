"""What every kind of question does, and the shared behaviour of the choice kinds.

A kind is one object, registered by the name stored in Question.kind (quiz/kinds/__init__.py).
The rest of the app asks it, and never branches on the kind itself, to:
render the question's inputs, read its answer from a form, grade it, show its answer key,
and describe how often each choice was picked, for the item analysis. What it renders
marks each part of an answer with data-answer-part (a group of choices, a select): the
page script counts a question answered when every part holds a value, so the rule of
what "answered" means lives in the kind, and reaches the script through the markup.

An answer is a set of picks, (matching item or None, choice): the same shape a Selection
row stores, so reading a form, saving, grading and reporting all speak of one thing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# (matching item id or None, choice id): one thing a trainee picked.
Pick = tuple[int | None, int]

ZERO = Decimal("0")
ONE = Decimal("1")
LINE_BREAK = mark_safe("<br>")


class NotItsOwn(ValueError):
    """A form field names a choice or item that is not the question's own, or too many."""


@dataclass(frozen=True)
class AnswerKey:
    """A question's right answers, read from its rows in the database."""

    question_id: int
    kind: str
    choice_ids: frozenset[int]
    correct: frozenset[int]  # choices marked right
    items: dict[int, int]  # matching item -> its right choice

    @classmethod
    def of(cls, question, choices, items) -> "AnswerKey":
        """The key of a question from its choice and matching-item rows (any order)."""
        return cls(
            question_id=question.pk,
            kind=question.kind,
            choice_ids=frozenset(c.pk for c in choices),
            correct=frozenset(c.pk for c in choices if c.is_correct),
            items={item.pk: item.correct_choice_id for item in items},
        )


@dataclass(frozen=True)
class ResultLine:
    """One line of a graded answer: the texts chosen beside the texts that were right.

    Each page joins the texts its own way; no text chosen means no answer.
    """

    label: str
    chosen: list[str]
    correct: list[str]
    is_right: bool
    feedback: tuple[str, ...] = ()  # why the answer given is wrong, one sentence a choice


@dataclass(frozen=True)
class ChoiceCount:
    """How often one choice was picked, for the item analysis."""

    choice: object  # a Choice
    count: int
    share: float

    @property
    def is_right(self) -> bool:
        return self.choice.is_correct


@dataclass(frozen=True)
class ChoicePicks:
    """The item analysis of a choice question: each choice with how often it was picked."""

    choices: list[ChoiceCount]
    unanswered: int | None  # None where a response may hold any number of picks
    cell_template = "admin/quiz/attempt/analysis/choice_counts.html"
    section_template = ""


def share_of(count: int, total: int) -> float:
    return count / total if total else 0.0


def field_name(question_id: int) -> str:
    """The form field of a question's choice(s)."""
    return f"q{question_id}"


def item_field_name(question_id: int, item_id: int) -> str:
    """The form field of one line of a matching question."""
    return f"q{question_id}-m{item_id}"


class QuestionKind:
    """A kind whose answer is a set of the question's choices (radio buttons or checkboxes).

    Subclasses set what differs; matching overrides most of it.
    """

    name = ""
    label = ""
    hint = ""  # shown under the prompt on the take page
    unanswered_message = _("This question has no answer yet.")
    input_type = "radio"
    many = False  # may a trainee pick several choices?
    shuffles_choices = True
    counts_per_item = False  # mastery counts each matching line, not the whole question
    choice_template = "quiz/take/choice.html"

    # --- Rendering: pieces kept per question version, joined per attempt ------------------

    def render_pieces(self, question, choices, items) -> tuple[dict, dict]:
        """Each choice's input unmarked and marked, and each item's HTML before and after
        its options (no items here)."""
        context = {"field_name": field_name(question.pk), "input_type": self.input_type}
        choice_html = {
            choice.pk: tuple(
                render_to_string(self.choice_template, {**context, "choice": choice, "checked": c})
                for c in (False, True)
            )
            for choice in choices
        }
        return choice_html, {}

    def inputs_html(self, content, choices, items, picks: frozenset[Pick]) -> SafeString:
        """The inputs in the attempt's order, with the given picks marked: one part of the
        answer (data-answer-part), answered once any input in it is ticked."""
        pieces = (content.choice_piece(c.pk, (None, c.pk) in picks) for c in choices)
        return mark_safe(f"<div data-answer-part>{''.join(pieces)}</div>")

    # --- Reading an answer -----------------------------------------------------------

    def read_field(self, key: AnswerKey, item_id: int | None, ids: list[int] | None) -> set[Pick]:
        """The picks one form field gives (ids None: not all were ids); NotItsOwn with the
        reason, "%(n)s" standing for the question's number, when it does not fit."""
        if item_id is not None or ids is None or not set(ids) <= key.choice_ids:
            raise NotItsOwn(gettext("Question %(n)s has a choice that is not one of its own."))
        if not self.many and len(ids) > 1:
            raise NotItsOwn(gettext("Question %(n)s takes one answer only."))
        return {(None, choice) for choice in ids}

    def is_answered(self, key: AnswerKey, picks: frozenset[Pick]) -> bool:
        return bool(picks)

    # --- Grading ---------------------------------------------------------------------

    def right_picks(self, key: AnswerKey) -> frozenset[Pick]:
        return frozenset((None, choice) for choice in key.correct)

    def grade(self, key: AnswerKey, picks: frozenset[Pick]) -> Decimal:
        """All or nothing."""
        return ONE if picks and picks == self.right_picks(key) else ZERO

    # --- Showing the key -------------------------------------------------------------

    def result_lines(self, key: AnswerKey, picks, choices, items) -> list[ResultLine]:
        """The trainee's answer beside the right one, choices in the order given."""
        picked = {c.pk for c in choices if (None, c.pk) in picks}
        # A wrong pick says why it is wrong; a right choice left out says why it is right.
        mistaken = [c for c in choices if (c.pk in picked) != (c.pk in key.correct)]
        return [
            ResultLine(
                label="",
                chosen=[c.text for c in choices if c.pk in picked],
                correct=[c.text for c in choices if c.pk in key.correct],
                is_right=self.grade(key, picks) == ONE,
                feedback=tuple(
                    c.feedback for c in mistaken if c.feedback and (c.pk in picked or self.many)
                ),
            )
        ]

    def answer_key_html(self, choices, items) -> SafeString:
        """For editors: every choice, the right ones marked in words."""
        right, wrong = gettext("right"), gettext("wrong")
        marked = ((c.text, right if c.is_correct else wrong) for c in choices)
        return format_html_join(LINE_BREAK, "{} <em>({})</em>", marked)

    # --- Item analysis ---------------------------------------------------------------

    def describe_choices(self, question, responses: int, counts: dict) -> ChoicePicks:
        """How often each choice was picked; counts is keyed (item or None, choice).

        The item analysis shows what this returns with two templates it names:
        `cell_template` in the question's row, and `section_template` (or "") below them.
        """
        picked = {c: counts.get((None, c.pk), 0) for c in question.choices.all()}
        picks = [ChoiceCount(c, n, share_of(n, responses)) for c, n in picked.items()]
        # One pick per response, so the rest answered nothing; with several it cannot be told.
        unanswered = None if self.many else responses - sum(p.count for p in picks)
        return ChoicePicks(picks, unanswered)
