"""The result page's question cards: each question's kept card (quiz/taking/fragments.py)
with this attempt's number, points and answer lines filled in, so a result page renders
no template per question."""

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..kinds.base import ResultLine
from ..scores import points
from .fragments import as_html
from .sheet import SheetQuestion

# A line's class and mark, by whether the answer given was right.
VERDICT = {True: ("result-right text-success", "✓"), False: ("result-wrong text-danger", "✗")}


def span(css: str, text: str) -> str:
    return f'<span class="{css}">{as_html(text)}</span>'


def line_html(line: ResultLine) -> str:
    """One line of a graded answer: the answer given, the right one, and why the answer
    given is wrong. Joined from strings, as the kept pieces are filled: format_html's
    lazy-string checks cost more than the card."""
    css, mark = VERDICT[line.is_right]
    verdict = gettext("right") if line.is_right else gettext("wrong")
    chosen = "; ".join(line.chosen) or gettext("No answer")
    answer = gettext("Your answer: %(answer)s") % {"answer": chosen}
    parts = [span("d-block fw-semibold", line.label)] if line.label else []
    parts.append(span(f"d-block {css}", f"{mark} {answer} ({verdict})"))
    key = gettext("Right answer: %(answer)s") % {"answer": "; ".join(line.correct)}
    parts.append(span("d-block", key))
    # A reason given for two picks (both parts of a pair missed) is said once.
    parts += [span("d-block feedback", why) for why in dict.fromkeys(line.feedback)]
    return f"<li>{''.join(parts)}</li>"


def card_html(sq: SheetQuestion, lesson_url: str) -> SafeString:
    lines = mark_safe("".join(line_html(line) for line in sq.result_lines()))
    return sq.content.result_card.fill(
        number=sq.number, points=points(sq.response.points), lines=lines, lesson_url=lesson_url
    )


def cards_html(sheet: list[SheetQuestion], quiz_slug: str) -> SafeString:
    """The cards of the questions shown, in the attempt's order."""
    lesson_url = reverse("learning:lesson", args=[quiz_slug])
    return mark_safe("".join(card_html(sq, lesson_url) for sq in sheet))
