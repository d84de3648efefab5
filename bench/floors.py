"""Floors of the stack: pages that touch no database, to measure the app's pages against.

- fixed: 2 KB of fixed HTML, what a request costs with nothing to do.
- widgets: a form of 12 questions x 4 radio buttons, rendered by Django's widget templates.
- loop: the very same HTML, from a plain template loop.
bench/run.py checks that the last two are byte for byte the same.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

QUESTION_COUNT = 12
CHOICE_COUNT = 4

COMPONENTS = [
    "U.S. Immigration and Customs Enforcement Homeland Security Investigations",
    "U.S. Customs and Border Protection",
    "U.S. Citizenship and Immigration Services",
    "Federal Law Enforcement Training Center",
]
ROLES = [
    "investigates incidents of human trafficking",
    "arrests traffickers",
    "provides short-term immigration relief for foreign victims",
    "interdicts traffickers",
    "disrupts human trafficking schemes at our borders",
    "provides long-term immigration relief to foreign victims through its T and U visas",
]

# Questions as long as the real ones, choices as long as the real ones; ids as in a form.
QUESTIONS = [
    {
        "name": f"q{n}",
        "prompt": f"Question {n + 1}. According to the release, which DHS component "
        f"{ROLES[n % len(ROLES)]}?",
        "choices": [(n * CHOICE_COUNT + c + 1, COMPONENTS[c]) for c in range(CHOICE_COUNT)],
    }
    for n in range(QUESTION_COUNT)
]

_HEAD = (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    "<title>Fixed page</title>\n</head>\n<body>\n<main>\n"
)
_TAIL = "</main>\n</body>\n</html>\n"
_LINE = "<p>This page is the same for every request and needs no database at all.</p>\n"
FIXED_PAGE = (_HEAD + _LINE * ((2048 - len(_HEAD) - len(_TAIL)) // len(_LINE))).ljust(
    2048 - len(_TAIL)
) + _TAIL
assert len(FIXED_PAGE.encode()) == 2048


def fixed_page(request):
    return HttpResponse(FIXED_PAGE)


class QuestionsForm(forms.Form):
    """Twelve radio questions as Django's forms would render them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question["name"]] = forms.ChoiceField(
                label=question["prompt"], choices=question["choices"], widget=forms.RadioSelect
            )


def widget_form(request):
    return render(request, "bench/floor_widgets.html", {"form": QuestionsForm()})


def plain_loop(request):
    return render(request, "bench/floor_loop.html", {"questions": QUESTIONS})
