"""The rules a question bank must keep to be true to the release, each refusal naming the
record and the rule.

The builder makes questions that are right by construction; these rules catch content
that would make them wrong: a role cited from another component's passage, words the
release does not say, a right answer its quote does not say, a wrong answer the release
makes true, a false statement it does not contradict, a stem that does not ask what the
release says, and questions drawn together that answer each other. The item-writing
rules (choices that give the answer away) are in item_rules.py; the release's own text
(source.py) is what the passages are held to.
"""

import re
from collections.abc import Iterable
from dataclasses import replace

from ..kinds.true_false import TrueFalse
from . import item_rules
from .builder import FALSE_TEXT
from .shapes import ComponentInfo, FactInfo, InvalidContent, QuestionSpec, RoleClaim
from .words import contains_phrase, content_words, expanded, has_whole_words, same_words

# A stem asks what the release says or credits, which excludes whatever it does not: never
# what a part of DHS does, on which the release may be silent.
ASKS_THE_RELEASE = re.compile(r"\brelease\b", re.IGNORECASE)
UNIVERSAL = frozenset({"all", "every", "any"})


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
    missing = missing_words(claim.label, release_words)
    if missing:
        raise InvalidContent(f"{where}: its label has words the release does not say: {missing}.")
    for scenario in claim.scenarios:
        if not (isinstance(scenario, str) and re.search(r"\brelease credits?\b", scenario)):
            raise InvalidContent(
                f"{where}: its scenario {scenario!r} must ask which part of DHS the release "
                "credits with it: the release says what each does, never what one does not."
            )


def check_fact(fact: FactInfo, release_words, names: dict[str, str], passages: list[str]) -> None:
    where = f"Fact {fact.key!r}"
    if not ASKS_THE_RELEASE.search(fact.prompt):
        raise InvalidContent(f"{where}: its stem must ask what the release says.")
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
        check_single_fact(fact, where, release_words, names)
    elif fact.answer == FALSE_TEXT:
        check_false_statement(fact, where, release_words, passages)
    else:
        missing = missing_words(fact.prompt, release_words)
        if missing:
            raise InvalidContent(
                f"{where}: a true statement must be in the release's words; it adds {missing}."
            )


def said_by(text: str, quote: str, names: dict[str, str]) -> bool:
    """Whether the quote says every word of the text, abbreviations read as their names (a
    text of no words but "the", "may" and such says nothing)."""
    said = content_words(expanded(text, names))
    return bool(said) and said <= content_words(expanded(quote, names))


def check_single_fact(fact: FactInfo, where: str, release_words, names: dict[str, str]) -> None:
    missing = missing_words(fact.answer, release_words)
    if missing:
        raise InvalidContent(f"{where}: its answer has words the release does not say: {missing}.")
    if not said_by(fact.answer, fact.quote, names):
        raise InvalidContent(
            f"{where}: its answer {fact.answer!r} says what its quote does not; the key is "
            "the release's own words."
        )
    seen = [fact.answer]
    for text, why in fact.distractors:
        if contains_phrase(fact.quote, text) or said_by(text, fact.quote, names):
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


def check_false_statement(fact: FactInfo, where: str, release_words, passages: list[str]) -> None:
    """A false statement is the release's claim with one term swapped for one the release
    excludes: the quote must say the true term, and not the false one; no passage may say
    the false statement, and the release's "all" must not make it true."""
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
    if any(content_words(fact.prompt) - {"release"} <= content_words(p) for p in passages):
        raise InvalidContent(f"{where}: a passage of the release says its false statement.")
    true_words = content_words(fact.true_term)
    if true_words & UNIVERSAL and true_words - UNIVERSAL <= content_words(fact.false_term):
        raise InvalidContent(
            f"{where}: {fact.false_term!r} is a part of {fact.true_term!r}, which the release "
            "says; what it says of all it says of each, so the statement is not false."
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


def check_draws(specs: list[QuestionSpec]) -> None:
    """No question shows what a question of another objective asks: any two can be drawn
    together. (Questions of one objective are never drawn together.)"""
    visible = {spec.key: content_words(spec.visible_text) for spec in specs}
    claims = {spec.key: [(c, content_words(c)) for c in spec.claims] for spec in specs}
    for shown in specs:
        for asked in specs:
            if shown.objective == asked.objective:
                continue
            seen = visible[shown.key]
            claim = next((c for c, words in claims[asked.key] if words <= seen), "")
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
    names: dict[str, str],
    components: Iterable[ComponentInfo] = (),
    claims: Iterable[RoleClaim] = (),
    facts: Iterable[FactInfo] = (),
) -> None:
    """Raise InvalidContent, naming the record and the rule, at the first rule broken.

    names: every abbreviation a trainee may meet, with the name it stands for.
    """
    release_words = content_words(release_text)
    passages = release_text.split("\n")
    components = list(components)
    by_slug = {c.slug: c for c in components}
    for claim in claims:
        if claim.component in by_slug:
            check_role(claim, by_slug[claim.component], release_words)
    for fact in facts:
        check_fact(spelled_out(fact, components), release_words, names, passages)
    for spec in specs:
        item_rules.check_item(spec, names)
    item_rules.check_unique_stems(specs)
    item_rules.check_true_false_balance(specs)
    check_draws(specs)
