"""Recount the item analysis's daily summary rows from the submitted attempts.

Submitting an attempt keeps the rows up to date; run this once after upgrading to the
release that added them (migration 0011), after loading attempts by other means, or
after changing attempts by hand. Run it while no attempt is being submitted.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from quiz.models import Quiz
from quiz.stats.rebuild import rebuild_item_stats


class Command(BaseCommand):
    help = "Recount the item analysis's daily summary rows of each quiz from its attempts."

    def add_arguments(self, parser):
        parser.add_argument("--quiz", help="Slug of the one quiz to rebuild (default: all).")

    def handle(self, *args, **options):
        quizzes = Quiz.objects.order_by("position", "title")
        if options["quiz"]:
            quizzes = quizzes.filter(slug=options["quiz"])
            if not quizzes:
                raise CommandError(f"No quiz {options['quiz']!r}.")
        for quiz in quizzes:
            began = time.perf_counter()
            rebuild_item_stats(quiz)
            seconds = time.perf_counter() - began
            self.stdout.write(f"{quiz.slug}: item statistics rebuilt in {seconds:.1f} s.")
