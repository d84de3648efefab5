"""Matching: a line per component, each matched to one role from a shared list of options.

Each line matched right earns an equal share of the point.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import register
from .base import (
    LINE_BREAK,
    ZERO,
    AnswerKey,
    NotItsOwn,
    Pick,
    QuestionKind,
    ResultLine,
    item_field_name,
    share_of,
)

OPTION_TEMPLATE = "quiz/take/option.html"
ITEM_TEMPLATE = "quiz/take/match_item.html"
POINTS_PLACES = Decimal("0.001")
MIXUPS_SHOWN = 5

# Stands for an item's options while its <select> is rendered, then cut out.
# The item's label is escaped, so it can never contain a second one.
OPTIONS_SLOT = mark_safe("<!--options-->")


@dataclass(frozen=True)
class Cell:
    choice: object | None  # a Choice; None: the trainee left the item unanswered
    count: int
    share: float
    is_right: bool


@dataclass(frozen=True)
class ConfusionRow:
    item: object  # a MatchItem
    cells: list[Cell]
    unanswered: Cell


@dataclass(frozen=True)
class Mixup:
    """Trainees matched `item` to `cell.choice`, which is the answer of `owner` (if any)."""

    item: object
    owner: object | None
    cell: Cell


@dataclass(frozen=True)
class Confusion:
    """For each item (row), how often trainees matched it to each option (column)."""

    columns: list
    rows: list[ConfusionRow]
    cell_template = "admin/quiz/attempt/analysis/see_confusion.html"
    section_template = "admin/quiz/attempt/analysis/confusion.html"

    @property
    def mixups(self) -> list[Mixup]:
        """The most frequent wrong pairs, most frequent first."""
        owner = {row.item.correct_choice_id: row.item for row in self.rows}
        wrong = [
            Mixup(row.item, owner.get(cell.choice.pk), cell)
            for row in self.rows
            for cell in row.cells
            if not cell.is_right and cell.count
        ]
        wrong.sort(key=lambda mixup: (-mixup.cell.count, mixup.item.position))
        return wrong[:MIXUPS_SHOWN]


class Matching(QuestionKind):
    name = "matching"
    label = _("matching")
    unanswered_message = _("Choose an option for every component.")
    counts_per_item = True

    def render_pieces(self, question, choices, items) -> tuple[dict, dict]:
        choice_html = {
            choice.pk: tuple(
                render_to_string(OPTION_TEMPLATE, {"choice": choice, "checked": checked})
                for checked in (False, True)
            )
            for choice in choices
        }
        item_html = {
            item.pk: tuple(
                render_to_string(
                    ITEM_TEMPLATE,
                    {
                        "field_name": item_field_name(question.pk, item.pk),
                        "item": item,
                        "options": OPTIONS_SLOT,
                    },
                ).split(OPTIONS_SLOT)
            )
            for item in items
        }
        return choice_html, item_html

    def inputs_html(self, content, choices, items, picks: frozenset[Pick]) -> SafeString:
        parts = []
        for item in items:
            before, after = content.item_html[item.pk]
            parts.append(before)
            parts.extend(content.choice_piece(c.pk, (item.pk, c.pk) in picks) for c in choices)
            parts.append(after)
        return mark_safe("".join(parts))

    def read_field(self, key: AnswerKey, item_id: int | None, ids: list[int] | None) -> set[Pick]:
        if item_id is None:
            raise NotItsOwn(gettext("Question %(n)s has a choice that is not one of its own."))
        one_of_its_own = ids is not None and len(ids) <= 1 and set(ids) <= key.choice_ids
        if item_id not in key.items or not one_of_its_own:
            raise NotItsOwn(gettext("Question %(n)s has an option that is not one of its own."))
        return {(item_id, choice) for choice in ids}

    def is_answered(self, key: AnswerKey, picks: frozenset[Pick]) -> bool:
        return {item for item, _choice in picks} >= set(key.items)

    def right_picks(self, key: AnswerKey) -> frozenset[Pick]:
        return frozenset(key.items.items())

    def grade(self, key: AnswerKey, picks: frozenset[Pick]) -> Decimal:
        """One equal share of the point for each item matched right."""
        if not key.items:
            return ZERO
        right = len(self.right_picks(key) & picks)
        return (Decimal(right) / len(key.items)).quantize(POINTS_PLACES, ROUND_HALF_UP)

    def result_lines(self, key: AnswerKey, picks, choices, items) -> list[ResultLine]:
        by_id = {choice.pk: choice for choice in choices}
        picked = dict(picks)

        def texts(choice_id):
            return [by_id[choice_id].text] if choice_id in by_id else []

        def why_wrong(choice_id, right_id):
            choice = by_id.get(choice_id)
            wrong = choice is not None and choice_id != right_id and choice.feedback
            return (choice.feedback,) if wrong else ()

        return [
            ResultLine(
                label=item.label,
                chosen=texts(picked.get(item.pk)),
                correct=texts(key.items.get(item.pk)),
                is_right=picked.get(item.pk) == key.items.get(item.pk),
                feedback=why_wrong(picked.get(item.pk), key.items.get(item.pk)),
            )
            for item in items
        ]

    def answer_key_html(self, choices, items) -> SafeString:
        text = {choice.pk: choice.text for choice in choices}
        return format_html_join(
            LINE_BREAK, "{} → {}", ((item.label, text[item.correct_choice_id]) for item in items)
        )

    def describe_choices(self, question, responses: int, counts: dict) -> Confusion:
        columns = list(question.choices.all())

        def cell(choice, count, is_right):
            return Cell(choice, count, share_of(count, responses), is_right)

        rows = []
        for item in question.match_items.all():
            cells = [
                cell(c, counts.get((item.pk, c.pk), 0), c.pk == item.correct_choice_id)
                for c in columns
            ]
            unanswered = responses - sum(c.count for c in cells)
            rows.append(ConfusionRow(item, cells, cell(None, unanswered, False)))
        return Confusion(columns, rows)


register(Matching())
