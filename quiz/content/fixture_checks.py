"""Checks on the content fixtures, before and after loading, that name the bad record.

`build_questions` runs them so that bad content stops it with a clear message instead of
being loaded half-way or silently overwriting a record with the same natural key.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from ..models import Component, ComponentRole, Fact, Objective, Passage, Quiz, Release, Role
from .shapes import InvalidContent

# Loaded by build_questions, in this order.
CONTENT_MODELS = [Release, Passage, Component, Role, ComponentRole, Fact, Quiz, Objective]


def read_fixture(path: Path) -> list[dict]:
    """A fixture file's records; a file that is not a list of records is refused."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidContent(f"{path.name}: cannot be read as JSON ({error}).") from error
    if not isinstance(rows, list):
        raise InvalidContent(f"{path.name}: a fixture is a list of records.")
    for number, row in enumerate(rows, start=1):
        if not (isinstance(row, dict) and isinstance(row.get("fields"), dict)):
            raise InvalidContent(f"{path.name}, record {number}: needs a model and fields.")
    return rows


def natural_key_fields(model) -> tuple[str, ...]:
    """The fields a model's natural key is made of: its unique constraint or unique field."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            return tuple(constraint.fields)
    for field in model._meta.fields:
        if field.unique and not field.primary_key:
            return (field.name,)
    raise InvalidContent(f"{model._meta.label_lower} has no natural key to load it by.")


def frozen(value):
    """A fixture value as something hashable (natural-key references are lists)."""
    return tuple(frozen(v) for v in value) if isinstance(value, list) else value


def flat_key(values: tuple) -> tuple:
    """A record's natural key as references write it: a passage is (release slug, key)."""
    flat = []
    for value in values:
        flat.extend(value if isinstance(value, tuple) else (value,))
    return tuple(flat)


def describe_key(names: tuple[str, ...], values: tuple) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in zip(names, values, strict=True))


def check_unique_natural_keys(fixtures: dict[str, list[dict]]) -> None:
    """Refuse two records with one natural key: loaddata would keep the last one silently."""
    seen = {}
    for file_name, rows in fixtures.items():
        for number, row in enumerate(rows, start=1):
            where = f"{file_name}, record {number}"
            try:
                model = apps.get_model(row.get("model", ""))
            except (LookupError, ValueError) as error:
                raise InvalidContent(f"{where}: unknown model {row.get('model')!r}.") from error
            names = natural_key_fields(model)
            values = tuple(frozen(row["fields"].get(name)) for name in names)
            key = (model._meta.label_lower, values)
            if key in seen:
                raise InvalidContent(
                    f"{where}: {model._meta.label_lower} {describe_key(names, values)} "
                    f"is a duplicate of {seen[key]}; each natural key may appear once."
                )
            seen[key] = where


def natural_keys_in(fixtures: dict[str, list[dict]]) -> set[tuple[str, tuple]]:
    keys = set()
    for rows in fixtures.values():
        for row in rows:
            model = apps.get_model(row["model"])
            values = tuple(frozen(row["fields"].get(name)) for name in natural_key_fields(model))
            keys.add((model._meta.label_lower, flat_key(values)))
    return keys


def is_stored(model, key: tuple) -> bool:
    try:
        model._default_manager.get_by_natural_key(*key)
    except (model.DoesNotExist, TypeError):
        return False
    return True


def references(model, fields: dict):
    """(field, natural key) of every reference a record makes, one or many per field."""
    for field in model._meta.fields:
        value = fields.get(field.name)
        if field.many_to_one and isinstance(value, list):
            yield field, value
    for field in model._meta.many_to_many:
        for value in fields.get(field.name) or []:
            if isinstance(value, list):
                yield field, value


def check_references(fixtures: dict[str, list[dict]]) -> None:
    """Every natural-key reference names a record of the fixtures (or one already stored)."""
    known = natural_keys_in(fixtures)
    for file_name, rows in fixtures.items():
        for number, row in enumerate(rows, start=1):
            model = apps.get_model(row["model"])
            for field, value in references(model, row["fields"]):
                target = field.related_model
                key = frozen(value)
                if (target._meta.label_lower, key) in known or is_stored(target, key):
                    continue
                raise InvalidContent(
                    f"{file_name}, record {number}: {model._meta.label_lower} "
                    f"{field.name}={value!r} names a {target._meta.label_lower} "
                    "that is in no fixture."
                )


def check_fixture_files(paths: list[Path]) -> None:
    fixtures = {path.name: read_fixture(path) for path in paths}
    check_unique_natural_keys(fixtures)
    check_references(fixtures)


def check_loaded_content() -> None:
    """Every content record passes its model's validation (loaddata skips it)."""
    for model in CONTENT_MODELS:
        for obj in model.objects.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                problems = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                raise InvalidContent(
                    f"{model._meta.label_lower} {obj.natural_key()}: {problems}"
                ) from error
