from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from quiz.builder import AmbiguousQuestion, InvalidContent
from quiz.content_checks import check_fixture_files, check_loaded_content
from quiz.models import Quiz
from quiz.services import build_all_questions

CONTENT_FIXTURES = ["release", "components", "quizzes"]

# What loaddata raises for a record it cannot load (a reference to nothing, a bad value).
LOAD_ERRORS = (DeserializationError, ObjectDoesNotExist, ValidationError, DatabaseError)


# How a quiz is run is the admins' to decide: reloading the content keeps what they set.
ADMIN_QUIZ_SETTINGS = ["pass_mark", "is_published", "max_attempts", "time_limit_minutes"]


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
            raise CommandError(f"No {name}.json in {', '.join(map(str, directories))}.")
        paths.append(found[0])
    return paths


class Command(BaseCommand):
    help = "Load the release's content from fixtures/ and build the quiz questions from it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            help="Read release.json, components.json and quizzes.json from this directory.",
        )

    def handle(self, *args, **options):
        paths = fixture_paths(options["fixture_dir"])
        try:
            check_fixture_files(paths)
            with transaction.atomic():
                saved = quiz_settings()
                call_command("loaddata", *map(str, paths), verbosity=0)
                restore_quiz_settings(saved)
                check_loaded_content()
                results = build_all_questions()
        except (AmbiguousQuestion, InvalidContent, *LOAD_ERRORS) as error:
            raise CommandError(f"Questions not built, nothing changed: {error}") from error
        if options["verbosity"] == 0:
            return
        for slug, counts in results.items():
            kept, added, retired = counts["kept"], counts["added"], counts["retired"]
            self.stdout.write(f"{slug}: {kept} kept, {added} added, {retired} retired")
