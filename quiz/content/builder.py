"""Turn the release's components, roles and facts into a bank of questions, by objective.

Pure and deterministic: plain data in, question specs out, no database. The same input
always gives the same questions in the same order, which is what makes `build_questions`
idempotent.

Each objective of a quiz gets a pool of questions testing the same thing in different
ways; an attempt asks one of each pool (quiz/taking/draw.py). A role objective's pool:
"which part of DHS ...?" (select-all when the release gives the role to several), a true
statement for each owner, "which of these does the release credit to X?" for a
component's first role of its own, and a matching question when the objective covers
several roles of different owners. A fact objective's pool is its facts, as written.

Every choice carries the claim it stands for (component, role), and a question is only
kept when the choices marked right are exactly the claims the release makes true. What
else must hold is checked in truth.py.
"""

import random
import re
from collections.abc import Callable, Iterable

from .. import kinds
from ..kinds.matching import Matching
from ..kinds.multiple import MultipleSelect
from ..kinds.single import SingleChoice
from ..kinds.true_false import TrueFalse
from .shapes import (
    AmbiguousQuestion,
    ChoiceSpec,
    ComponentInfo,
    FactInfo,
    InvalidContent,
    ItemSpec,
    ObjectiveInfo,
    QuestionSpec,
    RoleClaim,
)
from .words import clean_quote, join_words, lowercase_first

TRUE_TEXT = "True"
FALSE_TEXT = "False"
FRAME = "According to the 2014 release, "


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
        self.roles = {c.role_key: c for c in self.claims}  # phrase, statement, label
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

    def unique_roles_of(self, slug: str) -> list[str]:
        return [key for key in self.roles_of(slug) if self.owners(key) == [slug]]

    def abbreviation(self, slug: str) -> str:
        return self.components[self.slugs.index(slug)].abbreviation

    def names(self, slugs: Iterable[str]) -> str:
        return join_words([self.abbreviation(s) for s in slugs])

    def label(self, role: str) -> str:
        return self.roles[role].label

    def credit(self, role: str) -> str:
        """ "The release credits ICE HSI and CBP with protecting victims"."""
        names = self.names(self.owners(role))
        return f"The release credits {names} with {lowercase_first(self.label(role))}"

    def credits_of(self, slug: str) -> str:
        """ "it credits USCIS with long-term immigration relief through the T and U visas"."""
        labels = join_words([lowercase_first(self.label(r)) for r in self.roles_of(slug)])
        return f"it credits {self.abbreviation(slug)} with {labels}"

    def claim(self, slug: str, role: str) -> str:
        """The pair as a sentence a trainee could read it in: component and role label."""
        return f"{self.abbreviation(slug)} {self.label(role)}"

    def others(self, slug: str) -> list[str]:
        """The other components, starting after this one and wrapping around."""
        at = self.slugs.index(slug)
        return self.slugs[at + 1 :] + self.slugs[:at]


# --- Questions about components and roles -----------------------------------------


def owners_question(index: RoleIndex, role: str, objective: str) -> QuestionSpec:
    """ "Which part of DHS ...?" when one component has the role, select-all when several do.

    The choices are abbreviations: full names repeat words of the stems ("investigated" and
    Homeland Security Investigations), so they would point at the answer.
    """
    owners = index.owners(role)
    statement = index.roles[role].statement
    if len(owners) == 1:
        kind, prompt = SingleChoice.name, f"{FRAME}which part of DHS {statement}?"
    else:
        kind = MultipleSelect.name
        prompt = f"{FRAME}which parts of DHS {statement}? Select all that apply."
    choices = []
    for slug in stable_shuffle(index.slugs, f"which:{role}"):
        if slug in owners:  # told only to a trainee who left it out of a select-all
            why = f"{index.credit(role)}." if kinds.kind_of(kind).many else ""
        else:
            why = f"{index.credit(role)}, not {index.abbreviation(slug)}; {index.credits_of(slug)}."
        choices.append(ChoiceSpec(index.abbreviation(slug), slug in owners, slug, feedback=why))
    return QuestionSpec(
        key=f"which:{role}",
        kind=kind,
        prompt=prompt,
        **index.cited(*owners),
        choices=tuple(choices),
        role=role,
        about=tuple(owners),
        objective=objective,
        claims=tuple(index.claim(slug, role) for slug in owners),
    )


def true_statement_question(index: RoleIndex, slug: str, role: str, objective: str) -> QuestionSpec:
    """A statement the release makes true: this component had this role.

    No false ones: the release lists what each component does, but never says what one
    does not do, so "CBP investigated ..." would be false only by its silence.
    """
    statement = f"{index.abbreviation(slug)} {index.roles[role].statement}"
    why = f"{index.credit(role)}."
    return QuestionSpec(
        key=f"statement:{slug}:{role}",
        kind=TrueFalse.name,
        prompt=f"True or false: {lowercase_first(FRAME)}{statement}.",
        **index.cited(slug),
        choices=(ChoiceSpec(TRUE_TEXT, True), ChoiceSpec(FALSE_TEXT, False, feedback=why)),
        component=slug,
        role=role,
        about=(slug,),
        objective=objective,
        claims=(index.claim(slug, role),),
    )


def credited_to_question(index: RoleIndex, slug: str, role: str, objective: str) -> QuestionSpec:
    """ "Which of these does the release credit to CBP?": one of its roles, and a role of
    each other component that this one does not have."""
    wrong = []
    for other in index.others(slug):
        lacking = [r for r in index.roles_of(other) if r not in index.roles_of(slug)]
        if lacking and lacking[0] not in wrong:
            wrong.append(lacking[0])
    name = index.abbreviation(slug)
    choices = tuple(
        ChoiceSpec(
            index.label(r),
            r == role,
            role=r,
            feedback="" if r == role else f"{index.credit(r)}, not {name}.",
        )
        for r in stable_shuffle([role, *wrong[:3]], f"credited-to:{slug}")
    )
    return QuestionSpec(
        key=f"credited-to:{slug}",
        kind=SingleChoice.name,
        prompt=f"{FRAME}which of these does the release credit to {name}?",
        **index.cited(slug),
        choices=choices,
        component=slug,
        about=(slug,),
        objective=objective,
        claims=(index.claim(slug, role),),
    )


def matching_question(index: RoleIndex, roles: list[str], objective: str) -> QuestionSpec:
    """Each owner of the objective's roles to its role, with one more role as a decoy."""
    owners = [index.owners(r)[0] for r in roles]
    decoys = [
        r
        for slug in index.slugs
        for r in index.unique_roles_of(slug)
        if r not in roles and slug not in owners
    ]
    options = stable_shuffle([*roles, *decoys[:1]], f"matching:{objective}")
    choices = tuple(
        ChoiceSpec(index.label(r), is_correct=False, role=r, feedback=f"{index.credit(r)}.")
        for r in options
    )
    items = tuple(
        ItemSpec(index.abbreviation(slug), slug, options.index(role))
        for slug, role in zip(owners, roles, strict=True)
    )
    return QuestionSpec(
        key=f"matching:{objective}",
        kind=Matching.name,
        prompt=f"{FRAME}match each part of DHS to what the release credits it with.",
        **index.cited(*owners),
        choices=choices,
        items=items,
        about=tuple(owners),
        objective=objective,
        claims=tuple(index.claim(slug, role) for slug, role in zip(owners, roles, strict=True)),
    )


def role_objective_questions(index: RoleIndex, objective: ObjectiveInfo) -> list[QuestionSpec]:
    """The pool of one objective about roles."""
    specs = []
    for role in objective.roles:
        if role not in index.roles:
            raise InvalidContent(
                f"Objective {objective.key!r}: role {role!r} belongs to no component."
            )
        specs.append(owners_question(index, role, objective.key))
        specs += [
            true_statement_question(index, s, role, objective.key) for s in index.owners(role)
        ]
        for slug in index.owners(role):
            if index.unique_roles_of(slug)[:1] == [role]:  # one such question per component
                specs.append(credited_to_question(index, slug, role, objective.key))
    single_owned = [r for r in objective.roles if len(index.owners(r)) == 1]
    if len({index.owners(r)[0] for r in single_owned}) >= 2:
        specs.append(matching_question(index, single_owned, objective.key))
    return specs


def check_roles(index: RoleIndex) -> None:
    for slug in index.slugs:
        if not index.roles_of(slug):
            raise InvalidContent(f"Component {slug!r} has no roles.")
        if not index.unique_roles_of(slug):
            raise InvalidContent(f"Component {slug!r} has no role of its own to ask about.")


def check_unambiguous(spec: QuestionSpec, pairs: set[tuple[str, str]]) -> None:
    """Raise AmbiguousQuestion unless the right answers are exactly the release's claims."""
    if spec.items:
        for item in spec.items:
            true_options = [
                i for i, c in enumerate(spec.choices) if (item.component, c.role) in pairs
            ]
            if true_options != [item.answer]:
                raise AmbiguousQuestion(
                    f"{spec.key}: {item.component} fits options {true_options}."
                )
        return
    if spec.kind == TrueFalse.name:
        is_true = (spec.component, spec.role) in pairs
        expected = {TRUE_TEXT: is_true, FALSE_TEXT: not is_true}
        if {c.text: c.is_correct for c in spec.choices} != expected:
            raise AmbiguousQuestion(f"{spec.key}: marked answer contradicts the release.")
        return
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
    return bool(
        spec.role
        or spec.component
        or spec.items
        or any(c.role or c.component for c in spec.choices)
    )
