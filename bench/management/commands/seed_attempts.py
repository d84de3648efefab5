"""Fill the database with realistic submitted attempts, to measure the admin at scale.

Not for production data: it makes trainees named seed-trainee-NNNNN with unusable
passwords. Each trainee has an ability and each question (each matching item) a
difficulty, so that scores spread out, better trainees get more right, and some
components are mixed up more than others, as in real results.
"""

import math
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Prefetch

from quiz import clock
from quiz.kinds import kind_of
from quiz.kinds.base import AnswerKey
from quiz.models import Attempt, Choice, MatchItem, Question, Quiz, Response, Selection
from quiz.stats.rebuild import rebuild_item_stats
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
    grades: dict[frozenset, Decimal] = field(default_factory=dict)

    def grade(self, picks) -> Decimal:
        """Graded as the app grades: by the question's kind, on its answer key (memoised)."""
        picks = frozenset(picks)
        if picks not in self.grades:
            key = AnswerKey.of(self.question, self.choices, self.items)
            self.grades[picks] = kind_of(self.question.kind).grade(key, picks)
        return self.grades[picks]


# Every other column of an attempt takes its default (checked in attempt_row).
ATTEMPT_COLUMNS = [
    "id",
    "user_id",
    "quiz_id",
    "status",
    "seed",
    "started_at",
    "submitted_at",
    "score",
    "max_score",
    "percent",
    "passed",
]


class NextIds:
    """Primary keys given out here, above the highest in the table, so that responses can
    name their attempt and selections their response before anything is inserted."""

    def __init__(self):
        self.next = {}

    def take(self, model) -> int:
        if model not in self.next:
            self.next[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.next[model] += 1
        return self.next[model] - 1


def attempt_row(**values) -> tuple:
    """The attempt's columns (ATTEMPT_COLUMNS), datetimes as the backend stores them."""
    adapt = connection.ops.adapt_datetimefield_value
    values["started_at"] = adapt(values["started_at"])
    values["submitted_at"] = adapt(values["submitted_at"])
    return tuple(values[column] for column in ATTEMPT_COLUMNS)


def defaults_of(model, columns: list[str]) -> dict[str, object]:
    """The other columns of the table, with the default each gets on insert."""
    return {
        f.column: f.get_db_prep_save(f.get_default(), connection)
        for f in model._meta.concrete_fields
        if f.column not in columns
    }


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert the rows in one statement per batch (SQLite) or one COPY (PostgreSQL)."""
    extra = defaults_of(model, columns)
    names = [*columns, *extra]
    tail = tuple(extra.values())
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + tail)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(
                f"INSERT INTO {table} ({quoted}) VALUES ({marks})", [row + tail for row in rows]
            )


def reset_sequences() -> None:
    """PostgreSQL: move the id sequences past the ids given out here."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Attempt, Response, Selection])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze_tables() -> None:
    """PostgreSQL: refresh the planner's statistics now, not when autovacuum gets to it.

    Right after a bulk load they still describe empty tables, and the rebuild's per-day
    queries then scan all 25 million responses each instead of a day's through the index.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Attempt, Response, Selection):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def chance_right(ability: float, difficulty: float) -> float:
    return 1 / (1 + math.exp(difficulty - ability))


class Command(BaseCommand):
    help = "Create many realistic submitted attempts (with responses) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Attempts to create.")
        parser.add_argument("--quiz", default="component-roles", help="Slug of the quiz.")
        parser.add_argument("--trainees", type=int, default=0, help="Default: count / 20.")
        parser.add_argument("--days", type=int, default=365, help="Spread over this many days.")
        parser.add_argument("--batch", type=int, default=5000, help="Attempts per transaction.")
        parser.add_argument(
            "--no-item-stats",
            dest="item_stats",
            action="store_false",
            help="Leave the item analysis's summary rows as they are (rebuild_item_stats).",
        )
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
        ids = NextIds()
        remaining = options["count"]
        while remaining > 0:
            size = min(options["batch"], remaining)
            batch = self.create_batch(quiz, models, trainees, size, options, rng, ids)
            for key, n in batch.items():
                made[key] += n
            remaining -= size
            if options["verbosity"] > 1:
                self.stdout.write(f"{made['attempts']} attempts")
        reset_sequences()
        analyze_tables()
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"Created {made['attempts']} attempts, {made['responses']} responses and "
            f"{made['selections']} selections for {len(trainees)} trainees in {seconds:.1f} s."
        )
        if options["item_stats"]:
            began = time.perf_counter()
            rebuild_item_stats(quiz)
            seconds = time.perf_counter() - began
            self.stdout.write(f"Rebuilt the item statistics of {quiz.slug} in {seconds:.1f} s.")

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
    def create_batch(self, quiz, models, trainees, size, options, rng, ids) -> dict[str, int]:
        """Rows as plain tuples with ids given here, inserted with executemany or COPY:
        building a model instance per row took most of the time at a million attempts."""
        now = clock.now()
        attempts, responses, selections = [], [], []
        for _n in range(size):
            user_id, ability = rng.choice(trainees)
            started = now - timedelta(days=rng.uniform(0, options["days"]))
            submitted = started + timedelta(seconds=rng.uniform(90, 1500))
            picked = [self.answer(model, ability, rng) for model in models]
            points = [model.grade(picks) for model, picks in zip(models, picked, strict=True)]
            score = sum(points, Decimal(0))
            max_score = Decimal(len(models))
            percent = grading.percent_of(score, max_score)
            attempt_id = ids.take(Attempt)
            seed = rng.randrange(2**31)
            attempts.append(
                attempt_row(
                    id=attempt_id,
                    user_id=user_id,
                    quiz_id=quiz.pk,
                    status=Attempt.Status.SUBMITTED.value,
                    seed=seed,
                    started_at=started,
                    submitted_at=submitted,
                    score=score,
                    max_score=max_score,
                    percent=percent,
                    passed=grading.has_passed(percent, quiz.pass_mark),
                )
            )
            order = attempt_order(Attempt(seed=seed), range(len(models)), salt="questions")
            for position, index in enumerate(order, start=1):
                response_id = ids.take(Response)
                responses.append(
                    (response_id, attempt_id, models[index].question.pk, position, points[index])
                )
                for item_id, choice_id in picked[index]:
                    selections.append((ids.take(Selection), response_id, item_id, choice_id))
        insert_rows(Attempt, ATTEMPT_COLUMNS, attempts)
        insert_rows(Response, ["id", "attempt_id", "question_id", "position", "points"], responses)
        insert_rows(Selection, ["id", "response_id", "item_id", "choice_id"], selections)
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
        if kind_of(model.question.kind).many and len(right) > 1:
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
