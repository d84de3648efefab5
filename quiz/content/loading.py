"""Load the release's content from fixture files and build the questions, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from ..models import Objective, Quiz
from .fixture_checks import check_fixture_files, check_loaded_content, read_fixture
from .shapes import AmbiguousQuestion, InvalidContent
from .sync import build_all_questions

CONTENT_FIXTURES = ["release", "components", "quizzes"]

# What loaddata raises for a record it cannot load (a reference to nothing, a bad value).
LOAD_ERRORS = (DeserializationError, ObjectDoesNotExist, ValidationError, DatabaseError)
# Everything that means "this content cannot be loaded": the caller reports it.
CONTENT_ERRORS = (AmbiguousQuestion, InvalidContent, *LOAD_ERRORS)

# How a quiz is run is the admins' to decide: reloading the content keeps what they set.
ADMIN_QUIZ_SETTINGS = [
    "pass_mark",
    "is_published",
    "max_attempts",
    "time_limit_minutes",
    "attempts_per_day",
    "wait_minutes",
]


class MissingFixture(Exception):
    """A content fixture is in none of the directories searched."""


def quiz_settings() -> dict[str, dict]:
    return {q["slug"]: q for q in Quiz.objects.values("slug", *ADMIN_QUIZ_SETTINGS)}


def restore_quiz_settings(saved: dict[str, dict]) -> None:
    for slug, values in saved.items():
        Quiz.objects.filter(slug=slug).update(**{f: values[f] for f in ADMIN_QUIZ_SETTINGS})


def fixture_paths(directory: Path | None) -> list[Path]:
    """The content fixtures, from `directory` or else the first of FIXTURE_DIRS that has each."""
    directories = [Path(directory)] if directory else [Path(d) for d in settings.FIXTURE_DIRS]
    paths = []
    for name in CONTENT_FIXTURES:
        found = [d / f"{name}.json" for d in directories if (d / f"{name}.json").is_file()]
        if not found:
            raise MissingFixture(f"No {name}.json in {', '.join(map(str, directories))}.")
        paths.append(found[0])
    return paths


def objective_keys(paths: list[Path]) -> set[tuple[str, str]]:
    """(quiz slug, key) of every objective in the fixtures."""
    return {
        (row["fields"]["quiz"][0], row["fields"]["key"])
        for path in paths
        for row in read_fixture(path)
        if row.get("model") == "quiz.objective"
    }


def quiz_slugs(paths: list[Path]) -> set[str]:
    """The slug of every quiz in the fixtures: the quizzes a build makes."""
    return {
        row["fields"]["slug"]
        for path in paths
        for row in read_fixture(path)
        if row.get("model") == "quiz.quiz"
    }


def drop_objectives_not_in(keys: set[tuple[str, str]]) -> None:
    """loaddata adds and updates but never deletes: an objective taken out of the fixtures
    would go on drawing questions. Its retired questions keep their history."""
    stale = [
        o.pk for o in Objective.objects.select_related("quiz") if (o.quiz.slug, o.key) not in keys
    ]
    Objective.objects.filter(pk__in=stale).delete()


def load_and_build(paths: list[Path]) -> dict[str, dict[str, int]]:
    """Load the fixtures and rebuild every quiz in one transaction; raises CONTENT_ERRORS."""
    check_fixture_files(paths)
    with transaction.atomic():
        saved = quiz_settings()
        call_command("loaddata", *map(str, paths), verbosity=0)
        restore_quiz_settings(saved)
        drop_objectives_not_in(objective_keys(paths))
        check_loaded_content()
        return build_all_questions(paths[0].parent, quiz_slugs(paths))
