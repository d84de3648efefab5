"""A test-wise trainee who never reads the release, and a copier: they take quizzes through
the real pages, as a browser would, and answer from what the pages show alone.

The test-wise trainee uses only item-writing cues (Haladyna, Downing & Rodriguez 2002;
the NBME guide's "testwiseness" flaws): a true/false statement marked by a restrictive
word is false and one in the bank's usual format true; the longest option, the option the
others converge on, the odd one out; and an option whose full name echoes the stem (it
knows what DHS's abbreviations stand for, as anyone can look up). The copier answers a
question it has seen on an earlier result page as that page said, and falls back on the
cues for the rest.
"""

import random
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from quiz.content.words import content_words

# What anyone can look up, without the release: the names behind the abbreviations.
FULL_NAMES = {
    "ICE HSI": "U.S. Immigration and Customs Enforcement Homeland Security Investigations",
    "HSI": "Homeland Security Investigations",
    "ICE": "U.S. Immigration and Customs Enforcement",
    "CBP": "U.S. Customs and Border Protection",
    "USCIS": "U.S. Citizenship and Immigration Services",
    "FLETC": "Federal Law Enforcement Training Center",
    "FEMA": "Federal Emergency Management Agency",
    "DOJ": "Department of Justice",
    "HHS": "Department of Health and Human Services",
    "DHS": "Department of Homeland Security",
}
RESTRICTIVE = re.compile(
    r"\b(only|alone|on its own|solely|never|always|exclusively|none|no one)\b", re.I
)
TRUE_FALSE = {"True", "False"}


# --- Reading the pages ----------------------------------------------------------------


@dataclass
class Field:
    """One answer field: a group of radios or checkboxes, or one select."""

    name: str
    kind: str  # "radio", "checkbox" or "select"
    label: str = ""  # a select's own label (a matching line)
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, text)


@dataclass
class Question:
    stem: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def option_texts(self) -> list[str]:
        first = next(iter(self.fields.values()))
        return [text for _value, text in first.options]


class TakePage(HTMLParser):
    """The questions of a take page: each fieldset's legend and its answer fields."""

    def __init__(self):
        super().__init__()
        self.questions: list[Question] = []
        self.labels: dict[str, str] = {}  # input id -> its label's text
        self.inputs: list[tuple[Question, str, str, str, str]] = []  # q, id, name, type, value
        self.current: Question | None = None
        self.capture: str | None = None  # "legend", "label:<for>", "option:<value>"
        self.text = ""
        self.select: Field | None = None
        self.select_label = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset" and "question" in (attrs.get("class") or ""):
            self.current = Question("")
            self.questions.append(self.current)
        elif self.current is None:
            return
        elif tag == "legend":
            self.capture, self.text = "legend", ""
        elif tag == "label" and attrs.get("for"):
            self.capture, self.text = f"label:{attrs['for']}", ""
        elif tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            if attrs.get("name") != "flag":
                self.inputs.append(
                    (self.current, attrs["id"], attrs["name"], attrs["type"], attrs["value"])
                )
        elif tag == "select":
            self.select = Field(attrs["name"], "select", self.labels.get(attrs.get("id", ""), ""))
            self.select.label = self.select.label or attrs.get("aria-label", "")
            self.current.fields[attrs["name"]] = self.select
        elif tag == "option" and self.select is not None and attrs.get("value"):
            self.capture, self.text = f"option:{attrs['value']}", ""

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.current = None
        if tag == "select":
            self.select = None
        if self.capture is None or tag not in ("legend", "label", "option"):
            return
        text = " ".join(unescape(self.text).split())
        if self.capture == "legend":
            self.current.stem = re.sub(r"^Question \d+\.\s*", "", text)
        elif self.capture.startswith("label:"):
            self.labels[self.capture[6:]] = text
        elif self.capture.startswith("option:"):
            self.select.options.append((self.capture[7:], text))
        self.capture = None

    def handle_data(self, data):
        if self.capture:
            self.text += data


def questions_of(page: str) -> list[Question]:
    parser = TakePage()
    parser.feed(page)
    for question, input_id, name, kind, value in parser.inputs:
        group = question.fields.setdefault(name, Field(name, kind))
        group.options.append((value, parser.labels.get(input_id, "")))
    for question in parser.questions:
        for select in question.fields.values():
            if select.kind == "select" and not select.label:
                select.label = parser.labels.get(select.name, "")
    return parser.questions


RESULT_CARD = re.compile(
    r'<h3 class="h5" id="q\d+-title">Question \d+\. (.*?)</h3>(.*?)</section>', re.S
)
LINE = re.compile(r"<li>(.*?)</li>", re.S)
RIGHT = re.compile(r"Right answer: (.*?)</span>")
GIVEN = re.compile(r"Your answer: (.*?) \((right|wrong)\)</span>")


def line_answer(line: str) -> list[str] | None:
    """What one result line shows to be right: the right answer where it is shown, the
    answer given where it was right, and the other of True and False where it was wrong."""
    right = RIGHT.search(line)
    if right:
        return unescape(right.group(1)).split("; ")
    given = GIVEN.search(line)
    if not given:
        return None
    texts, verdict = unescape(given.group(1)).split("; "), given.group(2)
    if verdict == "right":
        return texts
    if texts in (["True"], ["False"]):
        return list(TRUE_FALSE - set(texts))
    return None


def right_answers(result_page: str) -> dict[str, list[list[str]]]:
    """What a result page shows to be right, by question stem: for each line, the texts."""
    found = {}
    for stem, card in RESULT_CARD.findall(result_page):
        lines = [line_answer(line) for line in LINE.findall(card)]
        if lines and all(lines):
            found[" ".join(unescape(stem).split())] = lines
    return found


# --- Cues -----------------------------------------------------------------------------


def expanded(text: str) -> str:
    """The text with each abbreviation followed by the name it stands for."""
    for short, name in sorted(FULL_NAMES.items(), key=lambda pair: -len(pair[0])):
        text = re.sub(rf"\b{re.escape(short)}\b", f"{short} {name}", text)
    return text


def words(text: str) -> set[str]:
    return content_words(expanded(text))


# What an odd one out may differ in from the others.
FEATURES = (
    lambda text: len(text.split()),
    lambda text: text.split()[0].lower() in ("the", "a", "an"),
    lambda text: text.split()[0].lower().endswith("ing"),
    lambda text: any(c.isdigit() for c in text),
    lambda text: "," in text,
    lambda text: sum(word[:1].isupper() for word in text.split()),
)


def odd_ones(options: list[str]) -> list[int]:
    """For each option, in how many features it alone differs from all the others."""
    counts = [0] * len(options)
    if len(options) < 3:
        return counts
    for feature in FEATURES:
        values = [feature(o) for o in options]
        for i, value in enumerate(values):
            if values.count(value) == 1 and len(set(values)) == 2:
                counts[i] += 1
    return counts


def option_scores(stem: str, options: list[str]) -> list[float]:
    """How strongly the cues point at each option. The stem is read as written; the
    options with the names behind their abbreviations, so that "investigated" points at
    HSI, Homeland Security Investigations."""
    stem_words = content_words(stem)
    option_words = [words(o) for o in options]
    scores = [0.0] * len(options)
    for i, own in enumerate(option_words):
        others = set().union(*(w for j, w in enumerate(option_words) if j != i))
        if (own & stem_words) - others:
            scores[i] += 3  # the stem echoes this option alone
        if RESTRICTIVE.search(options[i]):
            scores[i] -= 2
    shared = [
        sum(len(own & w) for j, w in enumerate(option_words) if j != i)
        for i, own in enumerate(option_words)
    ]
    if shared.count(max(shared)) == 1 and max(shared):
        scores[shared.index(max(shared))] += 1.5  # the others converge on it
    lengths = [len(o) for o in options]
    if lengths.count(max(lengths)) == 1:
        scores[lengths.index(max(lengths))] += 1
    for i, odd in enumerate(odd_ones(options)):
        scores[i] += odd
    return scores


def cue_pick(stem: str, options: list[str], rng: random.Random, many: bool = False) -> list[int]:
    """The options a test-wise trainee picks: the best-scored one (ties by chance); for a
    select-all, every option scored above the middle, at least one."""
    if set(options) == TRUE_FALSE:
        truth = not RESTRICTIVE.search(stem)
        return [options.index("True" if truth else "False")]
    scores = option_scores(stem, options)
    if many:
        middle = sorted(scores)[len(scores) // 2]
        chosen = [i for i, s in enumerate(scores) if s > middle]
        return chosen or [scores.index(max(scores))]
    best = max(scores)
    return [rng.choice([i for i, s in enumerate(scores) if s == best])]


def matching_picks(question: Question, rng: random.Random) -> dict[str, str]:
    """Each line's option by the words its name shares with the option; ties by chance."""
    picks = {}
    for select in question.fields.values():
        options = select.options
        overlap = [len(words(select.label) & words(text)) for _value, text in options]
        best = max(overlap)
        tied = [value for (value, _text), n in zip(options, overlap, strict=True) if n == best]
        picks[select.name] = rng.choice(tied)
    return picks


# --- Answering a page -----------------------------------------------------------------


def answer_by_cues(question: Question, rng: random.Random) -> dict[str, list[str]]:
    selects = [f for f in question.fields.values() if f.kind == "select"]
    if len(selects) > 1 or (selects and selects[0].label):
        return {name: [value] for name, value in matching_picks(question, rng).items()}
    data = {}
    for group in question.fields.values():
        texts = [text for _value, text in group.options]
        chosen = cue_pick(question.stem, texts, rng, many=group.kind == "checkbox")
        data[group.name] = [group.options[i][0] for i in chosen]
    return data


def answer_from_memory(question: Question, remembered: list[list[str]]) -> dict[str, list[str]]:
    """The answer a result page showed for this question, line by line."""
    data = {}
    groups = list(question.fields.values())
    for group, right in zip(groups, remembered, strict=False):
        data[group.name] = [value for value, text in group.options if text in right]
    return data


def form_for(
    questions: list[Question], rng: random.Random, memory: dict | None = None
) -> dict[str, list[str]]:
    data = {"finish": ["1"]}
    for question in questions:
        remembered = (memory or {}).get(question.stem)
        if remembered:
            data |= answer_from_memory(question, remembered)
        else:
            data |= answer_by_cues(question, rng)
    return data
