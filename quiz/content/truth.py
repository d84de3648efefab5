"""The rules a question bank must keep to be true to the release, each refusal naming the
record and the rule.

The builder makes questions that are right by construction; these rules catch content
that would make them wrong: a role cited from another component's passage, words the
release does not say, a wrong answer the release makes true, a false statement it does
not contradict, choices that give the answer away, and questions drawn together that
answer each other.
"""

import re
from collections.abc import Iterable
from dataclasses import replace

from ..kinds.true_false import TrueFalse
from .builder import FALSE_TEXT
from .shapes import ComponentInfo, FactInfo, InvalidContent, QuestionSpec, RoleClaim
from .words import contains_phrase, content_words, has_whole_words, same_words

# The longest choice of a question may be at most this many times the shortest.
MAX_LENGTH_RATIO = 3


def missing_words(text: str, release_words: frozenset[str]) -> list[str]:
    return sorted(content_words(text) - release_words)


def check_role(claim: RoleClaim, component: ComponentInfo, release_words) -> None:
    where = f"Role {claim.role_key!r} of {claim.component!r}"
    if component.name.lower() not in claim.passage_text.lower():
        raise InvalidContent(
            f"{where}: it cites passage {claim.passage_key!r}, which is not "
            f"{component.abbreviation}'s own (the passage does not name {component.name})."
        )
    if claim.phrase not in claim.passage_text:
        raise InvalidContent(f"{where}: its words are not in passage {claim.passage_key!r}.")
    for name in ("statement", "label"):
        missing = missing_words(getattr(claim, name), release_words)
        if missing:
            raise InvalidContent(
                f"{where}: its {name} has words the release does not say: {missing}."
            )


def check_fact(fact: FactInfo, release_words) -> None:
    where = f"Fact {fact.key!r}"
    if not has_whole_words(fact.passage_text, fact.quote):
        raise InvalidContent(
            f"{where}: its quote is not in passage {fact.passage_key!r}, word for word "
            "and cut between words."
        )
    if not fact.claim:
        raise InvalidContent(f"{where}: it needs a claim, what the release says in one sentence.")
    missing = missing_words(fact.claim, release_words)
    if missing:
        raise InvalidContent(f"{where}: its claim has words the release does not say: {missing}.")
    if fact.kind != TrueFalse.name:  # an answer among wrong answers, whatever its kind
        check_single_fact(fact, where, release_words)
    elif fact.answer == FALSE_TEXT:
        check_false_statement(fact, where, release_words)
    else:
        missing = missing_words(fact.prompt, release_words)
        if missing:
            raise InvalidContent(
                f"{where}: a true statement must be in the release's words; it adds {missing}."
            )


def check_single_fact(fact: FactInfo, where: str, release_words) -> None:
    missing = missing_words(fact.answer, release_words)
    if missing:
        raise InvalidContent(f"{where}: its answer has words the release does not say: {missing}.")
    seen = [fact.answer]
    for text, why in fact.distractors:
        if contains_phrase(fact.quote, text):
            raise InvalidContent(
                f"{where}: the wrong answer {text!r} is what the release says (in its quote)."
            )
        for other in seen:
            if same_words(text, other):
                raise InvalidContent(
                    f"{where}: the wrong answer {text!r} is {other!r} again, once case, "
                    "punctuation and word order are set aside."
                )
        if not why:
            raise InvalidContent(f"{where}: the wrong answer {text!r} needs a why.")
        seen.append(text)


def check_false_statement(fact: FactInfo, where: str, release_words) -> None:
    """A false statement is the release's claim with one term swapped for one the release
    excludes: the quote must say the true term, and not the false one."""
    if not (fact.false_term and fact.true_term):
        raise InvalidContent(
            f"{where}: a false statement must name its false term and the release's true "
            "term; without them nothing shows the release contradicts it."
        )
    if not contains_phrase(fact.prompt, fact.false_term):
        raise InvalidContent(
            f"{where}: its false term {fact.false_term!r} is not in the statement."
        )
    if not content_words(fact.true_term) <= content_words(fact.quote):
        raise InvalidContent(
            f"{where}: its quote does not say the true term {fact.true_term!r}, so the release "
            "does not contradict the statement."
        )
    if content_words(fact.false_term) <= content_words(fact.quote):
        raise InvalidContent(
            f"{where}: the quote says the false term {fact.false_term!r} too, so the release "
            "does not contradict the statement."
        )
    corrected = replace_phrase(fact.prompt, fact.false_term, fact.true_term)
    if not content_words(fact.claim) <= content_words(corrected):
        raise InvalidContent(
            f"{where}: with {fact.true_term!r} for {fact.false_term!r} the statement does not "
            "say the claim, so the swap is not what makes it false."
        )
    missing = missing_words(corrected, release_words)
    if missing:
        raise InvalidContent(
            f"{where}: corrected, the statement has words the release does not say: {missing}."
        )
    if not fact.why:
        raise InvalidContent(f"{where}: it needs a why for a trainee who answers True.")


def spelled_out(fact: FactInfo, components: list[ComponentInfo]) -> FactInfo:
    """The fact with each component's abbreviation written as the release names it, so
    "USCIS provided ..." is compared with what the release says of U.S. Citizenship and
    Immigration Services. The quote is the release's own words and stays as it is."""

    def spell(text: str) -> str:
        for component in sorted(components, key=lambda c: -len(c.abbreviation)):
            text = re.sub(rf"\b{re.escape(component.abbreviation)}\b", component.name, text)
        return text

    return replace(
        fact,
        prompt=spell(fact.prompt),
        answer=spell(fact.answer),
        claim=spell(fact.claim),
        false_term=spell(fact.false_term),
        true_term=spell(fact.true_term),
    )


def replace_phrase(text: str, old: str, new: str) -> str:
    at = text.lower().find(old.lower())
    return text if at < 0 else f"{text[:at]}{new}{text[at + len(old) :]}"


# --- Rules on the questions -------------------------------------------------------


def check_choices(spec: QuestionSpec) -> None:
    """Choices alike in length, and none that repeats a word of the stem on its own."""
    if spec.kind == TrueFalse.name:
        return
    lengths = [len(c.text) for c in spec.choices]
    if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
        raise InvalidContent(
            f"Question {spec.key!r}: its choices run from {min(lengths)} to {max(lengths)} "
            f"characters; keep the longest within {MAX_LENGTH_RATIO} times the shortest."
        )
    stem = content_words(spec.prompt)
    wrong_words = set().union(*(content_words(c.text) for c in spec.choices if not c.is_correct))
    for choice in spec.choices:
        cue = (content_words(choice.text) & stem) - wrong_words
        if choice.is_correct and cue:
            raise InvalidContent(
                f"Question {spec.key!r}: the right answer {choice.text!r} shares "
                f"{sorted(cue)} with the stem and no wrong answer does."
            )


def reveals(shown: QuestionSpec, asked: QuestionSpec) -> str:
    """A claim `asked` tests that a trainee can read in `shown`, or ""."""
    visible = content_words(shown.visible_text)
    return next((c for c in asked.claims if content_words(c) <= visible), "")


def check_draws(specs: list[QuestionSpec]) -> None:
    """No question shows what a question of another objective asks: any two can be drawn
    together. (Questions of one objective are never drawn together.)"""
    for shown in specs:
        for asked in specs:
            if shown.objective == asked.objective:
                continue
            claim = reveals(shown, asked)
            if claim:
                raise InvalidContent(
                    f"Objectives {shown.objective!r} and {asked.objective!r}: question "
                    f"{shown.key!r} shows {claim!r}, which {asked.key!r} asks; they could "
                    "be drawn together."
                )


def check_bank(
    specs: list[QuestionSpec],
    *,
    release_text: str,
    components: Iterable[ComponentInfo] = (),
    claims: Iterable[RoleClaim] = (),
    facts: Iterable[FactInfo] = (),
) -> None:
    """Raise InvalidContent, naming the record and the rule, at the first rule broken."""
    release_words = content_words(release_text)
    components = list(components)
    by_slug = {c.slug: c for c in components}
    for claim in claims:
        if claim.component in by_slug:
            check_role(claim, by_slug[claim.component], release_words)
    for fact in facts:
        check_fact(spelled_out(fact, components), release_words)
    for spec in specs:
        check_choices(spec)
    check_draws(specs)
