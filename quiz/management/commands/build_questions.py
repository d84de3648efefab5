from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quiz.content.loading import CONTENT_ERRORS, MissingFixture, fixture_paths, load_and_build


class Command(BaseCommand):
    help = "Load the release's content from fixtures/ and build the quiz questions from it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            help="Read release.json, components.json and quizzes.json from this directory.",
        )

    def handle(self, *args, **options):
        try:
            results = load_and_build(fixture_paths(options["fixture_dir"]))
        except MissingFixture as error:
            raise CommandError(str(error)) from error
        except CONTENT_ERRORS as error:
            raise CommandError(f"Questions not built, nothing changed: {error}") from error
        except Exception as error:  # noqa: BLE001 - a broken fixture is refused, never a traceback
            raise CommandError(
                "Questions not built, nothing changed: the content could not be read "
                f"({type(error).__name__}: {error})."
            ) from error
        if options["verbosity"] == 0:
            return
        for slug, counts in results.items():
            kept, added, retired = counts["kept"], counts["added"], counts["retired"]
            self.stdout.write(f"{slug}: {kept} kept, {added} added, {retired} retired")
