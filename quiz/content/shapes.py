"""What the builder reads (the release's components, role claims, facts and objectives)
and what it writes (question specs): plain data, no database."""

import hashlib
import json
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class RoleClaim:
    """The release says `component` has the role `role_key`, in this passage."""

    component: str
    role_key: str
    phrase: str  # the release's words
    label: str  # short, for feedback and the lesson: "Arresting traffickers"
    asked_as: str  # how a question asks for it: "arresting traffickers"
    scenarios: tuple[str, ...]  # whole stems that apply it to a situation
    passage_key: str
    passage_text: str


@dataclass(frozen=True)
class FactInfo:
    key: str
    kind: str  # a kind with a builder entry (FACT_KINDS)
    prompt: str
    answer: str
    distractors: tuple[tuple[str, str], ...]  # (text, why it is wrong)
    passage_key: str
    passage_text: str
    quote: str
    claim: str = ""  # what the release says, as one true sentence
    why: str = ""  # true/false: told to a trainee who answered wrong
    false_term: str = ""  # a false statement: the words that make it false
    true_term: str = ""  # and what the release says instead


@dataclass(frozen=True)
class ObjectiveInfo:
    key: str
    text: str
    roles: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()


# --- Output -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    is_correct: bool
    # The claim this choice stands for; the question fills in what the choice leaves out.
    component: str | None = None
    role: str | None = None
    feedback: str = ""  # why it is wrong (or, missed, right)


@dataclass(frozen=True)
class ItemSpec:
    """A line of a matching question: a component, and the index of its right option."""

    label: str
    component: str
    answer: int


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str  # the name of a registered kind (quiz/kinds)
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
    objective: str = ""
    # The true sentences the question tests, for the check that no question drawn with it
    # shows one of them (truth.py).
    claims: tuple[str, ...] = field(default=(), compare=False)

    @property
    def visible_text(self) -> str:
        """Everything a trainee reads before answering."""
        return " ".join(
            [self.prompt, *(c.text for c in self.choices), *(i.label for i in self.items)]
        )

    @property
    def fingerprint(self) -> str:
        """A hash of everything a trainee sees or is graded on."""
        content = {
            "kind": self.kind,
            "prompt": self.prompt,
            "explanation": self.explanation,
            "passage": self.passage_key,
            "objective": self.objective,
            "choices": [[c.text, c.is_correct, c.feedback] for c in self.choices],
            "items": [[i.label, i.answer] for i in self.items],
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()
