import random
from collections import Counter

from django.core.management.base import BaseCommand

from quiz.models import Objective, Question, Quiz
from quiz.taking.draw import draw, shared_share

DRAWS = 100


class Command(BaseCommand):
    help = (
        "Print each quiz's question bank: its objectives, the questions of each and their "
        f"kinds, and how many questions two attempts share on average over {DRAWS} draws."
    )

    def handle(self, *args, **options):
        for quiz in Quiz.objects.order_by("position", "title"):
            self.describe(quiz)

    def describe(self, quiz: Quiz) -> None:
        questions = list(
            Question.objects.filter(quiz=quiz, is_active=True)
            .order_by("position")
            .values_list("pk", "objective_id", "kind")
        )
        bank = [(pk, objective) for pk, objective, _kind in questions]
        asked = len(draw(0, bank))
        objectives = Objective.objects.filter(quiz=quiz).order_by("position")
        self.stdout.write(f"{quiz.slug}: {quiz.title}")
        self.stdout.write(
            f"  {objectives.count()} objectives, {len(questions)} questions, "
            f"{asked} asked per attempt"
        )
        for objective in objectives:
            kinds = Counter(kind for _pk, of, kind in questions if of == objective.pk)
            listed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            self.stdout.write(
                f"  - {objective.key}: {sum(kinds.values())} questions ({listed}). {objective.text}"
            )
        seeds = random.Random(quiz.slug)
        pairs = [(seeds.randrange(2**31), seeds.randrange(2**31)) for _ in range(DRAWS)]
        share = shared_share(pairs, bank)
        self.stdout.write(
            f"  Two attempts share {share * asked:.2f} of {asked} questions on average "
            f"({share:.0%}), over {DRAWS} pairs of draws."
        )
