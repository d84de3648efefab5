"""Question kinds, one module each, found by the name a question stores in Question.kind."""

from .base import QuestionKind
from .matching import Matching
from .multiple import MultipleSelect
from .single import SingleChoice
from .true_false import TrueFalse

_registry: dict[str, QuestionKind] = {}


def register(kind: QuestionKind) -> QuestionKind:
    """Make a kind available under its name; a later kind of the same name replaces it."""
    _registry[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _registry.pop(name, None)


def kind_of(name: str) -> QuestionKind:
    """The kind stored as `name`; KeyError for a name no module registered."""
    return _registry[name]


def find(name: str) -> QuestionKind | None:
    """The kind stored as `name`, or None (a form not filled in yet, say)."""
    return _registry.get(name)


def per_item_kinds() -> list[str]:
    """Names of the kinds whose every line counts on its own in mastery."""
    return [name for name, kind in _registry.items() if kind.counts_per_item]


for _kind in (SingleChoice(), MultipleSelect(), TrueFalse(), Matching()):
    register(_kind)
