"""What a question shows, the same in every attempt: read and rendered once per version.

A take page joins ready-made pieces of HTML in the attempt's order, marking the trainee's
answers, instead of rendering every radio button through the template engine on every
request; so do the result page's question cards. A question's whole fieldset and its
result card are each rendered once with holes for what one attempt puts in them (its
number, the inputs, a flag, the points), and each
page fills the holes by joining strings. The pieces of a question are built once (four
queries for all the questions missing) and kept under the question's id and content
version.

The version is renewed whenever what the question shows changes (quiz/content/signals.py), so a
kept entry is never stale and needs no invalidation: old ones are simply no longer asked
for. That is also why each worker may keep its own copy in memory: there is nothing to
share or keep in step between app servers. Nothing kept here is ever graded: a kept piece
that were wrong could show a wrong page, never give a wrong score.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.template.loader import render_to_string
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from ..kinds import kind_of
from ..kinds.base import field_name
from ..models import Choice, MatchItem, Question

# A worker keeps at most this many question versions, then starts again from empty.
MAX_KEPT = 5000

# A hole in a kept piece. What fills the holes is escaped unless already safe, and what
# the template printed was escaped too, so no text of a question can make a hole.
HOLE = re.compile(r"<!--hole:(\w+)-->")

FIELDSET_TEMPLATE = "quiz/take/question.html"
RESULT_CARD_TEMPLATE = "quiz/result/question.html"


@dataclass(frozen=True)
class Holed:
    """HTML rendered once with named holes, filled for each page by joining strings."""

    parts: tuple[str, ...]  # the text around the holes: one more than the holes
    holes: tuple[str, ...]  # the name of each hole, in the order they come

    @classmethod
    def render(cls, template: str, context: dict, holes: Iterable[str]) -> "Holed":
        marked = {name: mark_safe(f"<!--hole:{name}-->") for name in holes}
        pieces = HOLE.split(render_to_string(template, {**context, **marked}))
        return cls(tuple(pieces[0::2]), tuple(pieces[1::2]))

    def fill(self, **values) -> SafeString:
        """The HTML with each hole filled; every hole must be given a value."""
        out = [self.parts[0]]
        for name, part in zip(self.holes, self.parts[1:], strict=True):
            out.append(as_html(values[name]))
            out.append(part)
        return mark_safe("".join(out))


def as_html(value) -> str:
    """A value as HTML: safe strings as they are, anything else escaped. What Django's
    conditional_escape does, without its lazy-string wrapper, which cost most of a fill."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


@dataclass(frozen=True)
class QuestionContent:
    """One version of a question, and its HTML in pieces that an attempt puts in order.

    choice_html: for each choice id, its input (or <option>) unmarked, then marked.
    item_html: for each matching item id, its label and <select> up to the options, then
    what follows them. fieldset and result_card: the question's fieldset on the take page
    and its card on the result page, with holes.
    What is kept here is shown, never graded: the grade reads the answer key from the
    database (quiz/taking/sheet.py).
    """

    # Shared by every request this worker answers: read them, never change them.
    question: Question  # with its passage, objective and components
    choices: tuple[Choice, ...]  # in position order; attempts shuffle them
    items: tuple[MatchItem, ...]
    choice_html: dict[int, tuple[str, str]]
    item_html: dict[int, tuple[str, str]]
    fieldset: Holed
    result_card: Holed

    def choice_piece(self, choice_id: int, marked: bool) -> str:
        unmarked_html, marked_html = self.choice_html[choice_id]
        return marked_html if marked else unmarked_html


_kept: dict[tuple, QuestionContent] = {}


def content_key(question_id: int, content_version: str) -> tuple:
    # The language is part of the key: the pieces hold translated words.
    return (question_id, content_version, get_language())


def question_contents(versions: dict[int, str]) -> dict[int, QuestionContent]:
    """The content of each question given as {id: content version}, kept or built.

    Kept ones cost no query; the missing ones cost four queries together.
    """
    keys = {pk: content_key(pk, version) for pk, version in versions.items()}
    found = {pk: _kept.get(key) for pk, key in keys.items()}  # get: another thread may clear
    contents = {pk: content for pk, content in found.items() if content is not None}
    missing = [pk for pk in keys if pk not in contents]
    if missing:
        built = build_contents(missing)
        if len(_kept) + len(built) > MAX_KEPT:
            _kept.clear()
        for pk, content in built.items():
            # Under the version read with the content, which may be newer than the one
            # asked for: an entry holds at least what its key names, never older.
            _kept[content_key(pk, content.question.content_version)] = content
        contents.update(built)
    return contents


def forget_all() -> None:
    """Drop every kept question (tests use it to start cold)."""
    _kept.clear()


def build_contents(question_ids: list[int]) -> dict[int, QuestionContent]:
    """Read questions from the database and render their pieces. Four queries."""
    # The questions first: choices read after them are at least as new as their version.
    questions = (
        Question.objects.filter(pk__in=question_ids)
        .select_related("passage", "objective")
        .prefetch_related("components")
    )
    choices, items = {}, {}
    for choice in Choice.objects.filter(question_id__in=question_ids).order_by("position", "pk"):
        choices.setdefault(choice.question_id, []).append(choice)
    for item in MatchItem.objects.filter(question_id__in=question_ids).order_by("position", "pk"):
        items.setdefault(item.question_id, []).append(item)
    return {q.pk: render_content(q, choices.get(q.pk, []), items.get(q.pk, [])) for q in questions}


def render_content(
    question: Question, choices: list[Choice], items: list[MatchItem]
) -> QuestionContent:
    kind = kind_of(question.kind)
    choice_html, item_html = kind.render_pieces(question, choices, items)
    context = {"question": question, "field_name": field_name(question.pk), "hint": kind.hint}
    fieldset = Holed.render(
        FIELDSET_TEMPLATE,
        context,
        ["number", "inputs", "flag_checked", "error_class", "described_by", "error_line"],
    )
    explanation_html = linebreaks(question.explanation, autoescape=True)
    result_card = Holed.render(
        RESULT_CARD_TEMPLATE,
        {**context, "explanation_html": explanation_html},
        ["number", "points", "lines", "lesson_url"],
    )
    return QuestionContent(
        question,
        tuple(choices),
        tuple(items),
        choice_html,
        item_html,
        fieldset,
        result_card,
    )
