"""Item-writing rules: no question may be answered by a trainee who never read the release.

Each rule names the published guideline it comes from:
- HDR: Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice item-writing
  guidelines for classroom assessment", Applied Measurement in Education 15(3).
- NBME: Paniagua & Swygert (2016), "Constructing written test questions for the basic and
  clinical sciences", the "technical item flaws" of testwiseness.

A refusal names the question (its key: "which:<role>", "fact:<key>") and the rule.
"""

import itertools
import re
from collections.abc import Iterable
from fractions import Fraction

from .. import kinds
from ..kinds.true_false import TrueFalse
from .shapes import InvalidContent, QuestionSpec
from .words import content_words, expanded, words

# The longest choice of a question may be at most this many times the shortest.
MAX_LENGTH_RATIO = 2.5
# True/false keys in any pool and any attempt: between these shares of True.
TRUE_SHARE = (Fraction(2, 5), Fraction(3, 5))
# The most a trainee answering at random may pass with, per quiz.
MAX_GUESS_PASS = 0.005
RESTRICTIVE = re.compile(
    r"\b(only|alone|on (its|their|his|her) own|solely|never|always|exclusively|entirely)\b",
    re.IGNORECASE,
)
MARKUP = re.compile(r"<[^>]*>|&#?\w+;")

HOMOGENEOUS = "HDR: keep choices homogeneous in content and grammatical structure"
LENGTH = "HDR: keep the length of choices about equal"
DETERMINERS = "HDR: avoid specific determiners such as always, never, only"
CLANG = "HDR: avoid clang associations, choices that echo words of the stem"
CONVERGENCE = "NBME: convergence, the right answer sharing the most with the others"
BALANCE = "HDR: balance the answers of true/false items"
ONE_FORMAT = "NBME: one stem format for every true/false item"
UNIQUE = "HDR: avoid items that repeat or answer one another"
PLAIN = "HDR: present items plainly, in text"


def refuse(spec: QuestionSpec, message: str, rule: str) -> None:
    raise InvalidContent(f"Question {spec.key!r}: {message} ({rule}).")


def check_markup(spec: QuestionSpec) -> None:
    texts = [spec.prompt, *(c.text for c in spec.choices), *(c.feedback for c in spec.choices)]
    for text in texts:
        if MARKUP.search(text):
            refuse(spec, f"{text!r} holds markup", PLAIN)


def check_true_false(spec: QuestionSpec) -> None:
    """A statement in the one format, and nothing in it that marks it true or false."""
    if not spec.prompt.startswith("According to the release, ") or spec.prompt.lower().startswith(
        "true or false"
    ):
        refuse(spec, 'a true/false statement begins "According to the release, "', ONE_FORMAT)
    if RESTRICTIVE.search(spec.prompt):
        refuse(spec, "its statement holds a restrictive word", DETERMINERS)


def shape(text: str) -> int:
    """What an odd one out stands apart by: its number of words."""
    return len(text.split())


def check_options(spec: QuestionSpec, names: dict[str, str]) -> None:
    """Options of one kind and length, none that the stem or the others point at."""
    options = [c.text for c in spec.choices]
    keys = [c.text for c in spec.choices if c.is_correct]
    for text in options:
        if RESTRICTIVE.search(text):
            refuse(spec, f"the choice {text!r} holds a restrictive word", DETERMINERS)
    lengths = [len(text) for text in options]
    if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
        refuse(
            spec,
            f"its choices run from {min(lengths)} to {max(lengths)} characters; keep the "
            f"longest within {MAX_LENGTH_RATIO} times the shortest",
            LENGTH,
        )
    if len(keys) == 1 and len(options) > 2:
        key = keys[0]
        for extreme, name in ((max, "longest"), (min, "shortest")):
            if len(key) == extreme(lengths) and lengths.count(len(key)) == 1:
                refuse(spec, f"the right answer {key!r} is the only {name} choice", LENGTH)
        others = {shape(text) for text in options if text != key}
        if len(others) == 1 and shape(key) not in others:
            refuse(spec, f"the right answer {key!r} is the odd one out", HOMOGENEOUS)
    check_echo(spec, names)
    check_convergence(spec)


def check_echo(spec: QuestionSpec, names: dict[str, str]) -> None:
    """No right answer shares a word with the stem that no wrong answer shares, reading
    every abbreviation as the name it stands for, as a trainee who knows them would."""
    stem = content_words(expanded(spec.prompt, names))
    wrong = set().union(
        *(content_words(expanded(c.text, names)) for c in spec.choices if not c.is_correct)
    )
    for choice in spec.choices:
        echo = (content_words(expanded(choice.text, names)) & stem) - wrong
        if choice.is_correct and echo:
            refuse(
                spec,
                f"the right answer {choice.text!r} shares {sorted(echo)} with the stem, read "
                "with the names behind its abbreviations, and no wrong answer does",
                CLANG,
            )


def check_convergence(spec: QuestionSpec) -> None:
    """The right answer is not the one the others have most in common with."""
    if sum(c.is_correct for c in spec.choices) != 1 or len(spec.choices) < 3:
        return
    sets = [content_words(c.text) for c in spec.choices]
    shared = [sum(len(s & o) for j, o in enumerate(sets) if j != i) for i, s in enumerate(sets)]
    key = next(i for i, c in enumerate(spec.choices) if c.is_correct)
    if shared[key] and shared.count(max(shared)) == 1 and shared[key] == max(shared):
        refuse(
            spec,
            f"the right answer {spec.choices[key].text!r} shares the most words with the "
            "other choices, each of them the key with a part changed",
            CONVERGENCE,
        )


def check_item(spec: QuestionSpec, names: dict[str, str]) -> None:
    check_markup(spec)
    if spec.kind == TrueFalse.name:
        check_true_false(spec)
    else:
        check_options(spec, names)


def check_unique_stems(specs: Iterable[QuestionSpec]) -> None:
    seen = {}
    for spec in specs:
        stem = " ".join(words(spec.prompt))
        if stem in seen:
            refuse(spec, f"it asks what {seen[stem]!r} asks, word for word", UNIQUE)
        seen[stem] = spec.key


# --- Whole attempts -------------------------------------------------------------------


def pools(specs: list[QuestionSpec]) -> dict[str, list[QuestionSpec]]:
    """The questions of each objective: an attempt asks one of each."""
    by_objective = {}
    for spec in specs:
        by_objective.setdefault(spec.objective or spec.key, []).append(spec)
    return by_objective


def true_key(spec: QuestionSpec) -> bool | None:
    """For a true/false question, whether its key is True; None for any other."""
    if spec.kind != TrueFalse.name:
        return None
    return any(c.is_correct and c.text == "True" for c in spec.choices)


def check_true_false_balance(specs: list[QuestionSpec]) -> None:
    """True and False keys balanced in every pool, and in every attempt that can be drawn."""
    outcomes = []
    for objective, pool in pools(specs).items():
        keys = [true_key(s) for s in pool]
        asked = [k for k in keys if k is not None]
        if asked and not TRUE_SHARE[0] <= Fraction(sum(asked), len(asked)) <= TRUE_SHARE[1]:
            raise InvalidContent(
                f"Objective {objective!r}: {sum(asked)} of its {len(asked)} true/false "
                f"questions are True ({BALANCE})."
            )
        outcomes.append(set(keys))
    for draw in itertools.product(*outcomes):
        asked = [k for k in draw if k is not None]
        if asked and not TRUE_SHARE[0] <= Fraction(sum(asked), len(asked)) <= TRUE_SHARE[1]:
            raise InvalidContent(
                f"An attempt could draw {len(asked)} true/false questions of which "
                f"{sum(asked)} are True ({BALANCE})."
            )


def guess_chances(spec: QuestionSpec) -> dict[Fraction, Fraction]:
    """The points a blind guess earns on a question, with their chances: one pick among
    the choices, or for a select-all any non-empty set of them."""
    n = len(spec.choices)
    if kinds.kind_of(spec.kind).many:
        return {Fraction(1): Fraction(1, 2**n - 1), Fraction(0): Fraction(2**n - 2, 2**n - 1)}
    return {Fraction(1): Fraction(1, n), Fraction(0): Fraction(n - 1, n)}


def chance_of_passing_by_guessing(specs: list[QuestionSpec], pass_mark: int) -> float:
    """The chance that answering every question of an attempt blind passes, taking for each
    objective its easiest question to guess."""
    asked = [
        max(pool, key=lambda s: guess_chances(s)[Fraction(1)]) for pool in pools(specs).values()
    ]
    totals = {Fraction(0): Fraction(1)}
    for spec in asked:
        step = {}
        for total, chance in totals.items():
            for points, p in guess_chances(spec).items():
                step[total + points] = step.get(total + points, 0) + chance * p
        totals = step
    needed = Fraction(pass_mark, 100) * len(asked)
    return float(sum(p for total, p in totals.items() if total >= needed))


def check_guessing(specs: list[QuestionSpec], quiz: str, pass_mark: int) -> None:
    chance = chance_of_passing_by_guessing(specs, pass_mark)
    if chance >= MAX_GUESS_PASS:
        raise InvalidContent(
            f"Quiz {quiz!r}: answering at random passes {chance:.2%} of attempts, at least "
            f"{MAX_GUESS_PASS:.1%}: ask more objectives, with more choices, or raise the pass "
            "mark."
        )
