"""Make the benchmark's quiz of 12 questions and its trainees (bench/run.py calls it)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from bench.names import OPEN_QUIZ_SLUG, QUESTION_COUNT, QUIZ_SLUG, username
from quiz.content.shapes import QuestionSpec
from quiz.content.sync import specs_for, sync_questions
from quiz.kinds.multiple import MultipleSelect
from quiz.kinds.single import SingleChoice
from quiz.models import Quiz

SOURCE_SLUG = "component-roles"  # built by `manage.py build_questions`


class Command(BaseCommand):
    help = "Copy 12 four-choice questions into the benchmark's quiz and add N trainees."

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, required=True)
        parser.add_argument("--password", required=True)

    @transaction.atomic
    def handle(self, *args, trainees, password, **options):
        source = Quiz.objects.get(slug=SOURCE_SLUG)
        specs = four_choice_specs(source)
        for slug, title in ((QUIZ_SLUG, ""), (OPEN_QUIZ_SLUG, " (left open)")):
            quiz = copy_quiz(source, slug, f"Benchmark: twelve questions{title}")
            sync_questions(quiz=quiz, specs=specs)
        hashed = make_password(password)  # one hash for all: 64 would take half a minute
        User.objects.bulk_create(
            User(username=username(n), email=f"bench{n}@example.org", password=hashed)
            for n in range(trainees)
        )
        self.stdout.write(f"{QUIZ_SLUG}: {QUESTION_COUNT} questions; {trainees} trainees")


def copy_quiz(source: Quiz, slug: str, title: str) -> Quiz:
    # No attempt limit, policy or time limit, whatever the source has: trainees take the
    # quiz over and over, and a slow moment must not fail them.
    return Quiz.objects.create(
        slug=slug,
        title=title,
        description="Twelve four-choice questions copied from the component-roles quiz.",
        release=source.release,
        pass_mark=source.pass_mark,
        position=99,
        attempts_per_day=None,
        wait_minutes=0,
    )


def four_choice_specs(source: Quiz) -> list[QuestionSpec]:
    """Single-choice questions first, then select-all ones: 12 questions of 4 choices,
    built from the content as the source quiz's own are."""
    specs = [s for s in specs_for(source) if s.kind in (SingleChoice.name, MultipleSelect.name)]
    specs = sorted(specs, key=lambda spec: spec.kind != SingleChoice.name)
    specs = [spec for spec in specs if len(spec.choices) == 4][:QUESTION_COUNT]
    if len(specs) != QUESTION_COUNT:
        raise ValueError(f"{source.slug} has {len(specs)} four-choice questions, not 12")
    return specs
