import random
from collections import Counter
from statistics import median

from django.core.management.base import BaseCommand

from quiz.content import item_rules
from quiz.content.sync import specs_for
from quiz.models import Objective, Question, Quiz
from quiz.taking.draw import draw, shared_share

DRAWS = 100


class Command(BaseCommand):
    help = (
        "Print each quiz's question bank: its objectives, the questions of each and their "
        "kinds, the true/false balance, where the right answers stand, how alike in length "
        "the choices are, the chance of passing by guessing, and how many questions two "
        f"first attempts share on average over {DRAWS} draws."
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
        specs = specs_for(quiz)
        objectives = Objective.objects.filter(quiz=quiz).order_by("position")
        self.stdout.write(f"{quiz.slug}: {quiz.title}")
        self.stdout.write(
            f"  {objectives.count()} objectives, {len(questions)} questions, "
            f"{asked} asked per attempt; pass mark {quiz.pass_mark}%; attempts: "
            f"{quiz.attempt_rule or 'no limit'}"
        )
        pools = item_rules.pools(specs)
        for objective in objectives:
            pool = pools.get(objective.key, [])
            kinds = Counter(spec.kind for spec in pool)
            listed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            self.stdout.write(
                f"  - {objective.key}: {len(pool)} questions ({listed}){true_false(pool)}; "
                f"right answers at {key_positions(pool)}; longest choice over shortest at "
                f"most {max(map(length_ratio, pool), default=0):.2f}. {objective.text}"
            )
        self.stdout.write(f"  Right answers by stored position: {key_positions(specs)}")
        ratios = [length_ratio(spec) for spec in specs if len(spec.choices) > 2]
        if ratios:
            self.stdout.write(
                f"  Longest choice over shortest: median {median(ratios):.2f}, "
                f"at most {max(ratios):.2f} (limit {item_rules.MAX_LENGTH_RATIO})"
            )
        chance = item_rules.chance_of_passing_by_guessing(specs, quiz.pass_mark)
        self.stdout.write(
            f"  Chance of passing by guessing every question: {chance:.4%} "
            f"(limit {item_rules.MAX_GUESS_PASS:.1%})"
        )
        seeds = random.Random(quiz.slug)
        pairs = [(seeds.randrange(2**31), seeds.randrange(2**31)) for _ in range(DRAWS)]
        share = shared_share(pairs, bank)
        self.stdout.write(
            f"  Two first attempts share {share * asked:.2f} of {asked} questions on average "
            f"({share:.0%}), over {DRAWS} pairs of draws; a retake shares none while the "
            "pools allow."
        )


def true_false(pool) -> str:
    keys = [item_rules.true_key(spec) for spec in pool]
    asked = [key for key in keys if key is not None]
    return f", {sum(asked)} of {len(asked)} true/false keyed True" if asked else ""


def key_positions(specs) -> str:
    """How often the right answer is the first, second ... choice as stored (an attempt
    shuffles them again, but for true/false)."""
    counts = Counter(
        n for spec in specs for n, choice in enumerate(spec.choices, start=1) if choice.is_correct
    )
    return " ".join(f"{n}:{counts[n]}" for n in sorted(counts))


def length_ratio(spec) -> float:
    lengths = [len(choice.text) for choice in spec.choices]
    return max(lengths) / min(lengths)
