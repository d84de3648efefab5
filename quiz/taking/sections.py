"""The take page laid out in sections: a few questions a step, and where the trainee stands.

With JavaScript the page shows one section at a time (static/js/take.js); without it,
every section one after another in the same form, so each step works either way. Nothing
here reads the database: it only arranges the rows of a sheet already read.
"""

import math
from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from . import summary
from .answers import FormRow

# Few enough to see at once on a phone, and the 5 or 7 questions of an attempt (one per
# learning objective) make two or three steps.
SECTION_SIZE = 3


@dataclass(frozen=True)
class Section:
    """Some consecutive questions of an attempt, shown together as one step."""

    number: int
    rows: list[FormRow]

    @property
    def html_id(self) -> str:
        return f"section-{self.number}"

    @property
    def first(self) -> int:
        return self.rows[0].sq.number

    @property
    def last(self) -> int:
        return self.rows[-1].sq.number

    @property
    def title(self) -> str:
        if len(self.rows) == 1:
            return gettext("Question %(first)s") % {"first": self.first}
        if len(self.rows) == 2:
            return gettext("Questions %(first)s and %(last)s") % {
                "first": self.first,
                "last": self.last,
            }
        return gettext("Questions %(first)s to %(last)s") % {"first": self.first, "last": self.last}

    @property
    def questions_html(self) -> SafeString:
        return mark_safe("".join(row.html for row in self.rows))


@dataclass(frozen=True)
class TakeLayout:
    """The questions of one take page in sections, with the navigator and the summary."""

    rows: list[FormRow]
    sections: list[Section]

    @property
    def question_count(self) -> int:
        return len(self.rows)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def unanswered(self) -> int:
        return self.question_count - self.answered

    @property
    def flagged(self) -> int:
        return sum(row.flagged for row in self.rows)

    @cached_property
    def words(self) -> dict[str, str]:
        return summary.state_words()

    @property
    def navigator_items(self) -> SafeString:
        return mark_safe("".join(summary.nav_item_html(row, self.words) for row in self.rows))

    @property
    def summary_rows(self) -> SafeString:
        return mark_safe("".join(summary.summary_row_html(row, self.words) for row in self.rows))


def section_sizes(count: int, size: int = SECTION_SIZE) -> list[int]:
    """Up to `size` questions a section, spread evenly: 7 makes 3, 2, 2 rather than 3, 3, 1."""
    if count == 0:
        return []
    sections = math.ceil(count / size)
    base, extra = divmod(count, sections)
    return [base + 1 if n < extra else base for n in range(sections)]


def sections_of(rows: list[FormRow], size: int = SECTION_SIZE) -> list[Section]:
    sections, start = [], 0
    for number, length in enumerate(section_sizes(len(rows), size), start=1):
        sections.append(Section(number=number, rows=rows[start : start + length]))
        start += length
    return sections


def take_layout(rows: list[FormRow]) -> TakeLayout:
    return TakeLayout(rows=rows, sections=sections_of(rows))
