"""Question kinds, one module each, found by the name a question stores in Question.kind.

The registry is the only list of kinds: each module of this package registers its kind
when imported, and every module here is imported below, so a new kind is a new module.
The models' choices come from `choices` (a callable: adding a kind makes no migration).
"""

import pkgutil
from importlib import import_module

from .base import QuestionKind

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


def choices() -> list[tuple[str, str]]:
    """(name, label) of every kind, for the models' choices."""
    return [(name, kind.label) for name, kind in sorted(_registry.items())]


def per_item_kinds() -> list[str]:
    """Names of the kinds whose every line counts on its own in mastery."""
    return [name for name, kind in _registry.items() if kind.counts_per_item]


for _module in pkgutil.iter_modules(__path__):
    import_module(f"{__name__}.{_module.name}")
