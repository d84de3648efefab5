from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quiz.builder import AmbiguousQuestion, InvalidContent
from quiz.services import build_all_questions

CONTENT_FIXTURES = ["release", "components", "quizzes"]


class Command(BaseCommand):
    help = "Load the release's content from fixtures/ and build the quiz questions from it."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                call_command("loaddata", *CONTENT_FIXTURES, verbosity=0)
                results = build_all_questions()
        except (AmbiguousQuestion, InvalidContent) as error:
            raise CommandError(f"Questions not built, nothing changed: {error}") from error
        if options["verbosity"] == 0:
            return
        for slug, counts in results.items():
            kept, added, retired = counts["kept"], counts["added"], counts["retired"]
            self.stdout.write(f"{slug}: {kept} kept, {added} added, {retired} retired")
