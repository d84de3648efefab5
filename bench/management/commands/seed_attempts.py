"""Fill the database with realistic submitted attempts, to measure the admin at scale.

Not for production data: it makes trainees named seed-trainee-NNNNN with unusable
passwords. Each trainee has an ability and each question (each matching item) a
difficulty, so that scores spread out, better trainees get more right, and some
components are mixed up more than others, as in real results.
"""

import math
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from quiz.kinds import kind_of
from quiz.kinds.base import AnswerKey
from quiz.models import Attempt, Choice, MatchItem, Question, Quiz, Response, Selection
from quiz.taking import grading
from quiz.taking.sheet import attempt_order

FIRST_NAMES = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Grace", "Hugo", "Ines", "Jamal"]
LAST_NAMES = ["Garcia", "Smith", "Nguyen", "Okafor", "Rossi", "Kim", "Silva", "Novak", "Ali"]
SKIP_CHANCE = 0.03


@dataclass
class QuestionModel:
    """A question with the difficulties that drive how often trainees get it right."""

    question: Question
    choices: list[Choice]
    items: list[MatchItem]
    difficulty: float
    item_difficulty: dict[int, float]


def chance_right(ability: float, difficulty: float) -> float:
    return 1 / (1 + math.exp(difficulty - ability))


@contextmanager
def started_at_as_given():
    """bulk_create would stamp every attempt with now; keep the start times made up here."""
    field = Attempt._meta.get_field("started_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class Command(BaseCommand):
    help = "Create many realistic submitted attempts (with responses) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Attempts to create.")
        parser.add_argument("--quiz", default="component-roles", help="Slug of the quiz.")
        parser.add_argument("--trainees", type=int, default=0, help="Default: count / 20.")
        parser.add_argument("--days", type=int, default=365, help="Spread over this many days.")
        parser.add_argument("--batch", type=int, default=1000, help="Attempts per transaction.")
        parser.add_argument("--random-seed", type=int, default=2014)

    def handle(self, *args, **options):
        rng = random.Random(options["random_seed"])
        try:
            quiz = Quiz.objects.get(slug=options["quiz"])
        except Quiz.DoesNotExist:
            raise CommandError(f"No quiz {options['quiz']!r}; run build_questions first.") from None
        models = self.question_models(quiz, rng)
        if not models:
            raise CommandError(f"Quiz {quiz.slug!r} has no questions; run build_questions first.")
        trainees = self.trainees(options["trainees"] or max(options["count"] // 20, 1), rng)
        began = time.perf_counter()
        made = {"attempts": 0, "responses": 0, "selections": 0}
        remaining = options["count"]
        with started_at_as_given():
            while remaining > 0:
                size = min(options["batch"], remaining)
                for key, n in self.create_batch(quiz, models, trainees, size, options, rng).items():
                    made[key] += n
                remaining -= size
                if options["verbosity"] > 1:
                    self.stdout.write(f"{made['attempts']} attempts")
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"Created {made['attempts']} attempts, {made['responses']} responses and "
            f"{made['selections']} selections for {len(trainees)} trainees in {seconds:.1f} s."
        )

    def question_models(self, quiz: Quiz, rng: random.Random) -> list[QuestionModel]:
        questions = Question.objects.filter(quiz=quiz, is_active=True).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position")),
            Prefetch("match_items", queryset=MatchItem.objects.order_by("position")),
        )
        return [
            QuestionModel(
                question=q,
                choices=list(q.choices.all()),
                items=list(q.match_items.all()),
                difficulty=rng.uniform(-2.0, 1.5),
                item_difficulty={item.pk: rng.uniform(-1.5, 1.0) for item in q.match_items.all()},
            )
            for q in questions.order_by("position")
        ]

    def trainees(self, count: int, rng: random.Random) -> list[tuple[int, float]]:
        """(user id, ability) of seed trainees, creating those that do not exist yet."""
        User = get_user_model()
        names = [f"seed-trainee-{n:05d}" for n in range(1, count + 1)]
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    email=f"{name}@example.org",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    password=make_password(None),
                )
                for name in names
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        ids = User.objects.filter(username__in=names).values_list("pk", flat=True)
        return [(pk, rng.gauss(0.8, 1.0)) for pk in ids]

    @transaction.atomic
    def create_batch(self, quiz, models, trainees, size, options, rng) -> dict[str, int]:
        now = timezone.now()
        attempts, answers = [], []
        for _n in range(size):
            user_id, ability = rng.choice(trainees)
            started = now - timedelta(days=rng.uniform(0, options["days"]))
            attempt = Attempt(
                user_id=user_id,
                quiz=quiz,
                status=Attempt.Status.SUBMITTED,
                seed=rng.randrange(2**31),
                started_at=started,
                submitted_at=started + timedelta(seconds=rng.uniform(90, 1500)),
                max_score=Decimal(len(models)),
            )
            picked = [self.answer(model, ability, rng) for model in models]
            points = [
                self.points(model, picks) for model, picks in zip(models, picked, strict=True)
            ]
            attempt.score = sum(points, Decimal(0))
            attempt.percent = grading.percent_of(attempt.score, attempt.max_score)
            attempt.passed = grading.has_passed(attempt.percent, quiz.pass_mark)
            attempts.append(attempt)
            answers.append(list(zip(models, picked, points, strict=True)))
        Attempt.objects.bulk_create(attempts)
        responses, picks_of = [], []
        for attempt, answered in zip(attempts, answers, strict=True):
            order = attempt_order(attempt, range(len(answered)), salt="questions")
            for position, index in enumerate(order, start=1):
                model, picks, points = answered[index]
                responses.append(
                    Response(
                        attempt=attempt, question=model.question, position=position, points=points
                    )
                )
                picks_of.append(picks)
        Response.objects.bulk_create(responses, batch_size=5000)
        selections = [
            Selection(response=response, item_id=item_id, choice_id=choice_id)
            for response, picks in zip(responses, picks_of, strict=True)
            for item_id, choice_id in picks
        ]
        Selection.objects.bulk_create(selections, batch_size=5000)
        return {
            "attempts": len(attempts),
            "responses": len(responses),
            "selections": len(selections),
        }

    def answer(self, model: QuestionModel, ability: float, rng: random.Random):
        """The picks of one trainee: (matching item id or None, choice id) pairs."""
        if rng.random() < SKIP_CHANCE:
            return []
        if model.items:
            return [self.match(model, item, ability, rng) for item in model.items]
        right = [c.pk for c in model.choices if c.is_correct]
        wrong = [c.pk for c in model.choices if not c.is_correct]
        if rng.random() < chance_right(ability, model.difficulty):
            return [(None, pk) for pk in right]
        if model.question.kind == Question.Kind.MULTIPLE and len(right) > 1:
            # The usual slip on a select-all question: one of the right answers missed.
            right.remove(rng.choice(right))
            return [(None, pk) for pk in right]
        return [(None, rng.choice(wrong))]

    def match(self, model: QuestionModel, item: MatchItem, ability: float, rng: random.Random):
        if rng.random() < chance_right(ability, model.item_difficulty[item.pk]):
            return (item.pk, item.correct_choice_id)
        # Neighbouring components (ICE HSI and CBP, say) are mixed up most often.
        at = model.items.index(item)
        neighbour = model.items[(at + 1) % len(model.items)].correct_choice_id
        others = [c.pk for c in model.choices if c.pk != item.correct_choice_id]
        return (item.pk, neighbour if rng.random() < 0.6 else rng.choice(others))

    def points(self, model: QuestionModel, picks) -> Decimal:
        """Graded as the app grades: by the question's kind, on its answer key."""
        key = AnswerKey.of(model.question, model.choices, model.items)
        return kind_of(model.question.kind).grade(key, frozenset(picks))
