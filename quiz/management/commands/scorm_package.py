"""Make a SCORM 1.2 package for a quiz and write its zip, to load into any LMS."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quiz.models import Quiz
from quiz.scorm.package import build_zip, file_name
from quiz.scorm.services import make_package


class Command(BaseCommand):
    help = (
        "Make a new SCORM 1.2 package for the quiz with this slug and write its zip "
        "(links to DJANGO_SITE_URL). Withdraw it in the admin to stop it launching."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The quiz's slug, e.g. component-roles.")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="Where to write the zip. Default: scorm-<slug>.zip in the current directory.",
        )

    def handle(self, *args, **options):
        published = Quiz.objects.filter(is_published=True)
        quiz = published.filter(slug=options["slug"]).first()
        if quiz is None:
            slugs = ", ".join(published.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No published quiz {options['slug']!r}. Quizzes: {slugs}.")
        try:
            with transaction.atomic():  # no zip written, no package kept
                package = make_package(quiz=quiz)
                output = options["output"] or Path(file_name(package))
                output.write_bytes(build_zip(package))
        except OSError as error:
            raise CommandError(f"The zip could not be written: {error}") from error
        self.stdout.write(str(output.resolve()))
