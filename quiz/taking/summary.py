"""Where a trainee stands in an attempt, question by question: the navigator's numbered
buttons and the summary before submitting.

Both are written here in the words the page script uses too (it reads them from the
navigator's data attributes), so a state reads the same whether the server or the script
wrote it. Joined from strings like the kept pieces (quiz/taking/fragments.py): a few
short lines a question, on every take page.
"""

from django.utils.translation import gettext

from .answers import FormRow
from .fragments import as_html

FLAG_MARK = "⚑"


def state_words() -> dict[str, str]:
    """The words for a question's state, as the navigator hands them to the page script."""
    return {
        "answered": gettext("Answered"),
        "not-answered": gettext("Not answered"),
        "flagged": gettext("Flagged"),
        "no-answer": gettext("No answer"),
    }


def state_of(row: FormRow, words: dict[str, str]) -> str:
    return words["answered"] if row.answered else words["not-answered"]


def nav_label(row: FormRow, words: dict[str, str]) -> str:
    """What a screen reader says of a navigator button: "Question 3, answered, flagged"."""
    label = gettext("Question %(number)s") % {"number": row.sq.number}
    label += ", " + state_of(row, words).lower()
    return label + (", " + words["flagged"].lower() if row.flagged else "")


def nav_item_html(row: FormRow, words: dict[str, str]) -> str:
    """The question's numbered button: filled when answered, marked when flagged; its
    name says both. Its number is shown, and said only within the name."""
    classes = "take-nav-q" + (" is-answered" if row.answered else "")
    classes += " is-flagged" if row.flagged else ""
    name, number = row.sq.field_name, row.sq.number
    question = as_html(gettext("Question %(number)s") % {"number": number})
    return (
        f'<li><a class="{classes}" href="#{name}" data-question="{name}" '
        f'data-label="{question}"><span aria-hidden="true">{number}</span>'
        f'<span class="visually-hidden" data-state-text>{as_html(nav_label(row, words))}</span>'
        f'<span class="take-nav-flag" aria-hidden="true">{FLAG_MARK}</span></a></li>'
    )


def summary_row_html(row: FormRow, words: dict[str, str]) -> str:
    """The question's line in the summary: its state, its flag and the answer given."""
    name = row.sq.field_name
    label = gettext("Question %(number)s") % {"number": row.sq.number}
    answer = as_html("; ".join(row.answer) or words["no-answer"])
    answer_label = as_html(gettext("Your answer"))
    flag_hidden = "" if row.flagged else " hidden"
    state_class = "" if row.answered else " text-danger"
    return (
        f'<tr data-question="{name}"><th scope="row"><a href="#{name}">{as_html(label)}</a></th>'
        f'<td data-label="{as_html(gettext("State"))}"><span class="fw-semibold{state_class}" '
        f"data-state-text>{as_html(state_of(row, words))}</span>"
        f'<span class="badge take-flag-badge ms-2" data-flag-text{flag_hidden}>'
        f'<span aria-hidden="true">{FLAG_MARK} </span>{as_html(words["flagged"])}</span></td>'
        f'<td data-label="{answer_label}" data-answer-text>{answer}</td>'
        "</tr>"
    )
