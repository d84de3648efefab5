"""Turn the release's components, roles and facts into quiz questions.

Pure and deterministic: plain data in, question specs out, no database. The same
input always gives the same questions in the same order, which is what makes
`build_questions` idempotent.

The builder refuses to make an ambiguous question: every choice carries the claim it
stands for (component, role), and a question is only kept when the choices marked
right are exactly the claims the release makes true.
"""

import hashlib
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass

TRUE_TEXT = "True"
FALSE_TEXT = "False"


class AmbiguousQuestion(ValueError):
    """A question whose right answers are not exactly what the release says."""


class InvalidContent(ValueError):
    """Content the builder cannot make a sound question from."""


# --- Input ------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentInfo:
    slug: str
    abbreviation: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.abbreviation})"


@dataclass(frozen=True)
class RoleClaim:
    """The release says `component` has the role `role_key`, in this passage."""

    component: str
    role_key: str
    phrase: str
    passage_key: str
    passage_text: str


@dataclass(frozen=True)
class FactInfo:
    key: str
    kind: str  # "single" or "true_false"
    prompt: str
    answer: str
    distractors: tuple[str, ...]
    passage_key: str
    passage_text: str
    quote: str


# --- Output -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    is_correct: bool
    # The claim this choice stands for; the question fills in what the choice leaves out.
    component: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ItemSpec:
    """A line of a matching question: a component, and the index of its right option."""

    label: str
    component: str
    answer: int


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str  # "single", "multiple", "true_false" or "matching"
    prompt: str
    explanation: str
    passage_key: str
    choices: tuple[ChoiceSpec, ...]
    items: tuple[ItemSpec, ...] = ()
    component: str | None = None
    role: str | None = None
    # The components whose roles the question tests (for mastery). Not in the fingerprint:
    # the trainee neither sees nor is graded on it, so a change needs no new version.
    about: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """A hash of everything a trainee sees or is graded on."""
        content = {
            "kind": self.kind,
            "prompt": self.prompt,
            "explanation": self.explanation,
            "passage": self.passage_key,
            "choices": [[c.text, c.is_correct] for c in self.choices],
            "items": [[i.label, i.answer] for i in self.items],
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


# --- Helpers ----------------------------------------------------------------------


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def quotes(*passages: str) -> str:
    """Passages quoted as an explanation, each once, in the order given."""
    return "\n\n".join(dict.fromkeys(passages))


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
        self.phrases = {c.role_key: c.phrase for c in self.claims}
        self.passage = {c.component: (c.passage_key, c.passage_text) for c in self.claims}
        self.role_keys = list(dict.fromkeys(c.role_key for c in self.claims))

    def cited(self, *slugs: str) -> dict[str, str]:
        """A question's explanation and passage: the passages of these components, quoted."""
        return {
            "explanation": quotes(*(self.passage_text(slug) for slug in slugs)),
            "passage_key": self.passage_key(slugs[0]),
        }

    def owners(self, role_key: str) -> list[str]:
        return [slug for slug in self.slugs if (slug, role_key) in self.pairs]

    def roles_of(self, slug: str) -> list[str]:
        return [key for key in self.role_keys if (slug, key) in self.pairs]

    def unique_roles_of(self, slug: str) -> list[str]:
        return [key for key in self.roles_of(slug) if self.owners(key) == [slug]]

    def component(self, slug: str) -> ComponentInfo:
        return self.components[self.slugs.index(slug)]

    def passage_text(self, slug: str) -> str:
        return self.passage[slug][1]

    def passage_key(self, slug: str) -> str:
        return self.passage[slug][0]

    def others(self, slug: str) -> list[str]:
        """The other components, starting after this one and wrapping around."""
        at = self.slugs.index(slug)
        return self.slugs[at + 1 :] + self.slugs[:at]


# --- Questions about components and roles -----------------------------------------


def matching_question(index: RoleIndex) -> QuestionSpec:
    """Each component to the first role that belongs to it alone."""
    signature = {slug: index.unique_roles_of(slug)[0] for slug in index.slugs}
    options = stable_shuffle(list(signature.values()), "matching")
    choices = tuple(
        ChoiceSpec(sentence_case(index.phrases[role]), is_correct=False, role=role)
        for role in options
    )
    items = tuple(
        ItemSpec(index.component(slug).label, slug, options.index(signature[slug]))
        for slug in index.slugs
    )
    return QuestionSpec(
        key="matching:components",
        kind="matching",
        prompt="Match each DHS component to what the release says it does.",
        **index.cited(*index.slugs),
        choices=choices,
        items=items,
        about=tuple(index.slugs),
    )


def what_does_question(index: RoleIndex, slug: str) -> QuestionSpec:
    """ "What does CBP do?" with roles of other components it does not have as distractors."""
    right = index.roles_of(slug)[0]
    wrong = []
    for other in index.others(slug):
        lacking = [r for r in index.roles_of(other) if r not in index.roles_of(slug)]
        if lacking and lacking[0] not in wrong:
            wrong.append(lacking[0])
    roles = stable_shuffle([right, *wrong[:3]], f"what-does:{slug}")
    choices = tuple(ChoiceSpec(sentence_case(index.phrases[r]), r == right, role=r) for r in roles)
    return QuestionSpec(
        key=f"what-does:{slug}",
        kind="single",
        prompt=f"According to the release, what does {index.component(slug).abbreviation} do?",
        **index.cited(slug),
        choices=choices,
        component=slug,
        about=(slug,),
    )


def owners_question(index: RoleIndex, role: str) -> QuestionSpec:
    """Who has a role: "Which component …?" when one component has it, a select-all
    question when several do."""
    owners = index.owners(role)
    if len(owners) == 1:
        key, seed, kind = f"which-component:{role}", f"which:{role}", "single"
        prompt = f"According to the release, which DHS component {index.phrases[role]}?"
    else:
        key, seed, kind = f"select-all:{role}", f"select-all:{role}", "multiple"
        prompt = (
            f"Select every DHS component that, according to the release, {index.phrases[role]}."
        )
    choices = tuple(
        ChoiceSpec(index.component(slug).label, slug in owners, component=slug)
        for slug in stable_shuffle(index.slugs, seed)
    )
    return QuestionSpec(
        key=key,
        kind=kind,
        prompt=prompt,
        **index.cited(*owners),
        choices=choices,
        role=role,
        about=tuple(owners),
    )


def true_false_question(index: RoleIndex, slug: str, role: str) -> QuestionSpec:
    """A statement pairing a component with a role, true or mismatched."""
    is_true = (slug, role) in index.pairs
    return QuestionSpec(
        key=f"true-false:{slug}:{role}",
        kind="true_false",
        prompt=(
            f"True or false: according to the release, "
            f"{index.component(slug).abbreviation} {index.phrases[role]}."
        ),
        **index.cited(slug, *index.owners(role)),
        choices=(ChoiceSpec(TRUE_TEXT, is_true), ChoiceSpec(FALSE_TEXT, not is_true)),
        component=slug,
        role=role,
        about=(slug,),
    )


def mismatched_role(index: RoleIndex, slug: str) -> str:
    """The first role of the next component that this component does not have."""
    for other in index.others(slug):
        for role in index.roles_of(other):
            if (slug, role) not in index.pairs:
                return role
    raise InvalidContent(f"No role to mismatch with component {slug!r}.")


def component_role_questions(
    components: Iterable[ComponentInfo], claims: Iterable[RoleClaim]
) -> list[QuestionSpec]:
    """All questions of the component–role quiz, checked to be unambiguous."""
    index = RoleIndex(components, claims)
    for claim in index.claims:
        if claim.phrase not in claim.passage_text:
            raise InvalidContent(
                f"Role {claim.role_key!r} of {claim.component!r}: its words are not in passage "
                f"{claim.passage_key!r}."
            )
    for slug in index.slugs:
        if not index.roles_of(slug):
            raise InvalidContent(f"Component {slug!r} has no roles.")
        if not index.unique_roles_of(slug):
            raise InvalidContent(f"Component {slug!r} has no role of its own to match it by.")
    specs = [matching_question(index)]
    # The order of the quiz: one-owner roles, what each does, then shared roles.
    specs += [owners_question(index, r) for r in index.role_keys if len(index.owners(r)) == 1]
    specs += [what_does_question(index, slug) for slug in index.slugs]
    specs += [owners_question(index, r) for r in index.role_keys if len(index.owners(r)) > 1]
    for slug in index.slugs:
        specs.append(true_false_question(index, slug, index.roles_of(slug)[-1]))
        specs.append(true_false_question(index, slug, mismatched_role(index, slug)))
    for spec in specs:
        check_unambiguous(spec, index.pairs)
    return specs


def check_unambiguous(spec: QuestionSpec, pairs: set[tuple[str, str]]) -> None:
    """Raise AmbiguousQuestion unless the right answers are exactly the release's claims."""
    if spec.kind == "matching":
        for item in spec.items:
            true_options = [
                i for i, c in enumerate(spec.choices) if (item.component, c.role) in pairs
            ]
            if true_options != [item.answer]:
                raise AmbiguousQuestion(
                    f"{spec.key}: {item.component} fits options {true_options}."
                )
        return
    if spec.kind == "true_false":
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
    if right == 0 or (spec.kind == "single" and right != 1):
        raise AmbiguousQuestion(f"{spec.key}: {right} right answers.")


# --- Questions about the release itself -------------------------------------------


def fact_question(fact: FactInfo) -> QuestionSpec:
    if fact.quote not in fact.passage_text:
        raise InvalidContent(
            f"Fact {fact.key!r}: its quote is not in passage {fact.passage_key!r}."
        )
    if fact.kind == "true_false":
        if fact.answer not in (TRUE_TEXT, FALSE_TEXT):
            raise InvalidContent(f"Fact {fact.key!r}: a true/false answer must be True or False.")
        choices = (
            ChoiceSpec(TRUE_TEXT, fact.answer == TRUE_TEXT),
            ChoiceSpec(FALSE_TEXT, fact.answer == FALSE_TEXT),
        )
    elif fact.kind == "single":
        texts = [fact.answer, *fact.distractors]
        if len(fact.distractors) < 2 or len(set(texts)) != len(texts):
            raise InvalidContent(f"Fact {fact.key!r}: needs two or more distinct wrong answers.")
        choices = tuple(
            ChoiceSpec(text, text == fact.answer)
            for text in stable_shuffle(texts, f"fact:{fact.key}")
        )
    else:
        raise InvalidContent(f"Fact {fact.key!r}: unknown kind {fact.kind!r}.")
    return QuestionSpec(
        key=f"fact:{fact.key}",
        kind=fact.kind,
        prompt=fact.prompt,
        explanation=fact.quote,
        passage_key=fact.passage_key,
        choices=choices,
    )


def release_fact_questions(facts: Iterable[FactInfo]) -> list[QuestionSpec]:
    return [fact_question(fact) for fact in facts]
