"""Turn the release's components, roles and facts into a bank of questions, by objective.

Pure and deterministic: plain data in, question specs out, no database. The same input
always gives the same questions in the same order, which is what makes `build_questions`
idempotent.

Each objective of a quiz gets a pool of questions testing the same thing in different
ways; an attempt asks one of each pool (quiz/taking/draw.py), and a retake one the trainee
has not seen. A role objective's pool: "which of these does the release credit with ...?"
in the words the role is asked as, and each of the role's scenarios, which apply it to a
situation; the options are always every part of DHS (select-all when the release gives
the role to several). A fact objective's pool is its facts, as written.

Every choice carries the claim it stands for (component, role), and a question is only
kept when the choices marked right are exactly the claims the release makes true. What
else must hold, the item-writing rules included, is checked in truth.py.
"""

import random
import re
from collections.abc import Callable, Iterable

from .. import kinds
from ..kinds.multiple import MultipleSelect
from ..kinds.single import SingleChoice
from ..kinds.true_false import TrueFalse
from .shapes import (
    AmbiguousQuestion,
    ChoiceSpec,
    ComponentInfo,
    FactInfo,
    InvalidContent,
    ObjectiveInfo,
    QuestionSpec,
    RoleClaim,
)
from .words import clean_quote, join_words, lowercase_first

TRUE_TEXT = "True"
FALSE_TEXT = "False"


# --- Helpers ----------------------------------------------------------------------


def quotes(*passages: str) -> str:
    """Passages quoted as an explanation, each once, in the order given, without the list
    punctuation that ends a bullet."""
    return "\n\n".join(dict.fromkeys(clean_quote(p) for p in passages))


def stable_shuffle(items: list, key: str) -> list:
    """Shuffle by a fixed seed, so stored choice order (and ids) never hint at the answer."""
    shuffled = list(items)
    random.Random(key).shuffle(shuffled)
    return shuffled


class RoleIndex:
    """Who has which role, as the release says it, in release order."""

    def __init__(self, components: Iterable[ComponentInfo], claims: Iterable[RoleClaim]):
        self.components = list(components)
        self.slugs = [c.slug for c in self.components]
        self.claims = [c for c in claims if c.component in self.slugs]
        self.pairs = {(c.component, c.role_key) for c in self.claims}
        self.roles = {c.role_key: c for c in self.claims}  # phrase, label, asked as
        self.passage = {c.component: (c.passage_key, c.passage_text) for c in self.claims}
        self.role_keys = list(dict.fromkeys(c.role_key for c in self.claims))

    def cited(self, *slugs: str) -> dict[str, str]:
        """A question's explanation and passage: the passages of these components, quoted."""
        return {
            "explanation": quotes(*(self.passage[slug][1] for slug in slugs)),
            "passage_key": self.passage[slugs[0]][0],
        }

    def owners(self, role_key: str) -> list[str]:
        return [slug for slug in self.slugs if (slug, role_key) in self.pairs]

    def roles_of(self, slug: str) -> list[str]:
        return [key for key in self.role_keys if (slug, key) in self.pairs]

    def abbreviation(self, slug: str) -> str:
        return self.components[self.slugs.index(slug)].abbreviation

    def names(self, slugs: Iterable[str]) -> str:
        return join_words([self.abbreviation(s) for s in slugs])

    def label(self, role: str) -> str:
        return self.roles[role].label

    def credit(self, role: str) -> str:
        """ "The release credits HSI and CBP with protecting victims"."""
        names = self.names(self.owners(role))
        return f"The release credits {names} with {lowercase_first(self.label(role))}"

    def credits_of(self, slug: str) -> str:
        """ "it credits USCIS with long-term immigration relief through the T and U visas"."""
        labels = join_words([lowercase_first(self.label(r)) for r in self.roles_of(slug)])
        return f"it credits {self.abbreviation(slug)} with {labels}"

    def claim(self, slug: str, role: str) -> str:
        """The pair as a sentence a trainee could read it in: component and role label."""
        return f"{self.abbreviation(slug)} {self.label(role)}"


# --- Questions about components and roles -----------------------------------------

# The stem of a role's own question; its scenarios are whole stems of their own.
ROLE_STEM = "Which of these does the 2014 release credit with {asked_as}?"


def role_question(index: RoleIndex, role: str, objective: str, n: int, stem: str) -> QuestionSpec:
    """ "Which of these does the release credit with ...?", every part of DHS a choice:
    select-all when the release gives the role to several.

    The choices are abbreviations, all four always: a subset would make one the longest
    or the odd one out. The stem never names the role in words of its owner's full name
    (truth.py checks it), which would point at the answer.
    """
    owners = index.owners(role)
    kind = SingleChoice if len(owners) == 1 else MultipleSelect
    key = f"which:{role}" if n == 0 else f"which:{role}:{n}"
    choices = []
    for slug in stable_shuffle(index.slugs, key):
        if slug in owners:  # told only to a trainee who left it out of a select-all
            why = f"{index.credit(role)}." if kind.many else ""
        else:
            why = f"{index.credit(role)}, not {index.abbreviation(slug)}; {index.credits_of(slug)}."
        choices.append(ChoiceSpec(index.abbreviation(slug), slug in owners, slug, feedback=why))
    return QuestionSpec(
        key=key,
        kind=kind.name,
        prompt=stem,
        **index.cited(*owners),
        choices=tuple(choices),
        role=role,
        about=tuple(owners),
        objective=objective,
        claims=tuple(index.claim(slug, role) for slug in owners),
    )


def role_objective_questions(index: RoleIndex, objective: ObjectiveInfo) -> list[QuestionSpec]:
    """The pool of one objective about roles: each role asked as itself and in each of its
    scenarios."""
    specs = []
    for role in objective.roles:
        if role not in index.roles:
            raise InvalidContent(
                f"Objective {objective.key!r}: role {role!r} belongs to no component."
            )
        claim = index.roles[role]
        if not claim.asked_as:
            raise InvalidContent(f"Role {role!r}: it needs the words a question asks for it in.")
        stems = [ROLE_STEM.format(asked_as=claim.asked_as), *claim.scenarios]
        specs += [role_question(index, role, objective.key, n, s) for n, s in enumerate(stems)]
    return specs


def check_roles(index: RoleIndex) -> None:
    for slug in index.slugs:
        if not index.roles_of(slug):
            raise InvalidContent(f"Component {slug!r} has no roles.")


def check_unambiguous(spec: QuestionSpec, pairs: set[tuple[str, str]]) -> None:
    """Raise AmbiguousQuestion unless the right answers are exactly the release's claims."""
    for choice in spec.choices:
        claim = (choice.component or spec.component, choice.role or spec.role)
        if choice.is_correct != (claim in pairs):
            raise AmbiguousQuestion(f"{spec.key}: choice {choice.text!r} is marked wrongly.")
    right = sum(c.is_correct for c in spec.choices)
    if right == 0 or (not kinds.kind_of(spec.kind).many and right != 1):
        raise AmbiguousQuestion(f"{spec.key}: {right} right answers.")


# --- Questions about the release itself -------------------------------------------


def true_false_choices(fact: FactInfo) -> tuple[ChoiceSpec, ...]:
    """A statement of the release's, and True then False."""
    if fact.answer not in (TRUE_TEXT, FALSE_TEXT):
        raise InvalidContent(f"Fact {fact.key!r}: a true/false answer must be True or False.")
    return tuple(
        ChoiceSpec(text, fact.answer == text, feedback="" if fact.answer == text else fact.why)
        for text in (TRUE_TEXT, FALSE_TEXT)
    )


def single_choices(fact: FactInfo) -> tuple[ChoiceSpec, ...]:
    """The answer among its wrong answers, in an order fixed by the fact's key."""
    why = dict(fact.distractors)
    texts = [fact.answer, *why]
    if len(fact.distractors) < 2 or len(set(texts)) != len(texts):
        raise InvalidContent(f"Fact {fact.key!r}: needs two or more distinct wrong answers.")
    return tuple(
        ChoiceSpec(text, text == fact.answer, feedback=why.get(text, ""))
        for text in stable_shuffle(texts, f"fact:{fact.key}")
    )


# The builder entry of each kind a fact in the fixtures may be written as: how the fact's
# answer and wrong answers become that kind's choices. A new kind the fixtures can produce
# is its module in quiz/kinds/ and its entry here (add_fact_kind).
FACT_KINDS: dict[str, Callable[[FactInfo], tuple[ChoiceSpec, ...]]] = {
    TrueFalse.name: true_false_choices,
    SingleChoice.name: single_choices,
}


def add_fact_kind(name: str, choices_of: Callable[[FactInfo], tuple[ChoiceSpec, ...]]) -> None:
    """Let facts of the registered kind `name` become questions, their choices made so."""
    FACT_KINDS[name] = choices_of


def fact_question(fact: FactInfo, objective: str, about: tuple[str, ...] = ()) -> QuestionSpec:
    if kinds.find(fact.kind) is None or fact.kind not in FACT_KINDS:
        raise InvalidContent(
            f"Fact {fact.key!r}: no question of kind {fact.kind!r} is built from facts."
        )
    choices = FACT_KINDS[fact.kind](fact)
    return QuestionSpec(
        key=f"fact:{fact.key}",
        kind=fact.kind,
        prompt=fact.prompt,
        explanation=clean_quote(fact.quote),
        passage_key=fact.passage_key,
        choices=choices,
        about=about,
        objective=objective,
        claims=(fact.claim,),
    )


def named_in(text: str, components: list[ComponentInfo]) -> tuple[str, ...]:
    """The components a text names by abbreviation: what a fact about them tests."""
    return tuple(c.slug for c in components if re.search(rf"\b{re.escape(c.abbreviation)}\b", text))


# --- A quiz's bank ----------------------------------------------------------------


def quiz_questions(
    objectives: Iterable[ObjectiveInfo],
    components: Iterable[ComponentInfo] = (),
    claims: Iterable[RoleClaim] = (),
    facts: Iterable[FactInfo] = (),
) -> list[QuestionSpec]:
    """Every question of a quiz, objective by objective, checked to be unambiguous."""
    objectives = list(objectives)
    index = RoleIndex(components, claims)
    facts_by_key = {f.key: f for f in facts}
    specs = []
    for objective in objectives:
        pool = role_objective_questions(index, objective) if objective.roles else []
        for key in objective.facts:
            if key not in facts_by_key:
                raise InvalidContent(f"Objective {objective.key!r}: no fact {key!r}.")
            fact = facts_by_key[key]
            pool.append(fact_question(fact, objective.key, named_in(fact.prompt, index.components)))
        if not pool:
            raise InvalidContent(f"Objective {objective.key!r}: no role or fact to ask about.")
        specs += pool
    if any(o.roles for o in objectives):
        check_roles(index)
    for spec in specs:
        if is_about_roles(spec):
            check_unambiguous(spec, index.pairs)
    return specs


def is_about_roles(spec: QuestionSpec) -> bool:
    return bool(spec.role or spec.component or any(c.role or c.component for c in spec.choices))
