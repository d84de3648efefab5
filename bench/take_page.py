"""Read the quiz form of a take page and answer it as a browser would.

The page's HTML is not ours (quiz/ and templates/ change under the benchmark), so the
form is read by its tags' attributes, whatever their order or quoting, and answered the
way a browser submits it: every hidden input, one checked box per radio or checkbox
group, one option per list. Nothing depends on how the app names its answer fields; only
the take page's review flags are known by name, to be told apart from answers.
"""

import html
import random
import re
from dataclasses import dataclass, field

TAG = re.compile(r"<(/?)(form|input|select|option)\b([^>]*)>", re.IGNORECASE)
# name="value", name='value', name=value, or a bare name (checked, required, ...).
ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
ATTEMPT_URL = re.compile(r"/attempts/(\d+)/")
# "Flag for review" boxes: sent with the form, never an answer, so no question to answer.
NOT_ANSWERS = frozenset({"flag"})


@dataclass
class QuizForm:
    """The form that submits an attempt: where it goes and what a browser can send."""

    action: str
    attempt_id: int
    save_url: str = ""  # where the autosave script posts it, if the page has one
    hidden: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)  # radio/checkbox name: values
    lists: dict[str, list[str]] = field(default_factory=dict)  # select name: option values

    @property
    def question_fields(self) -> list[str]:
        return [*self.groups, *self.lists]

    def answers(self, rng: random.Random, fields: list[str] | None = None) -> dict[str, str]:
        """The form as a browser posts it, with a random answer to each of `fields` (all)."""
        data = dict(self.hidden)
        for name in self.question_fields if fields is None else fields:
            data[name] = rng.choice(self.groups.get(name) or self.lists[name])
        return data


def attributes_of(text: str) -> dict[str, str]:
    attributes = {}
    for match in ATTRIBUTE.finditer(text):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        attributes[name.lower()] = html.unescape(value)
    return attributes


def quiz_form(page: str) -> QuizForm:
    """The attempt's form on a take page (the form whose action is /attempts/<id>/).

    Raises ValueError if the page has none, so that a wrong page fails loudly.
    """
    form = None
    open_list = ""  # the name of the <select> whose options come next
    for match in TAG.finditer(page):
        closing, tag = match.group(1) == "/", match.group(2).lower()
        found = attributes_of(match.group(3))
        if form is None:
            if tag == "form" and not closing:
                form = form_posting_an_attempt(found)
        elif tag == "form":
            break
        elif tag == "select":
            open_list = "" if closing else found.get("name", "")
            if open_list:
                form.lists[open_list] = []
        elif not closing:
            add_field(form, tag, found, open_list)
    if form is None:
        raise ValueError("no form posting to /attempts/<id>/ on this page")
    return form


def form_posting_an_attempt(found: dict) -> QuizForm | None:
    action = ATTEMPT_URL.fullmatch(found.get("action", ""))
    if action is None:
        return None
    return QuizForm(found["action"], int(action.group(1)), found.get("data-autosave-url", ""))


def add_field(form: QuizForm, tag: str, found: dict, open_list: str) -> None:
    """Note what one input or option of the quiz form lets a browser send."""
    name = found.get("name", "")
    kind = found.get("type", "text").lower()
    if tag == "input" and name and kind == "hidden":
        form.hidden[name] = found.get("value", "")
    elif tag == "input" and name and kind in ("radio", "checkbox") and name not in NOT_ANSWERS:
        form.groups.setdefault(name, []).append(found.get("value", "on"))
    elif tag == "option" and open_list and found.get("value"):  # "" is "Choose…"
        form.lists[open_list].append(found["value"])


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on a page that has one (any of them will do)."""
    for match in TAG.finditer(page):
        found = attributes_of(match.group(3))
        if match.group(2).lower() == "input" and found.get("name") == "csrfmiddlewaretoken":
            return found["value"]
    raise ValueError("no CSRF token on this page")
