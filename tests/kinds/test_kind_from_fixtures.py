"""A new kind the fixtures can produce is two things: its module in quiz/kinds/, which
registers it, and its builder entry (quiz/content/builder.py, add_fact_kind).

This test is both: "choose from a list" (one answer, picked from a drop-down) registers
itself and its builder entry, a copy of the fixtures writes a fact of that kind into a quiz
of its own, build_questions builds it (no model, migration or other file changes: the
models' choices come from the registry), and a trainee takes the quiz and passes it.
"""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from quiz import kinds
from quiz.content import builder
from quiz.kinds.base import QuestionKind, field_name
from quiz.models import Attempt, Choice, Question

NAME = "choose_from_list"


class ChooseFromList(QuestionKind):
    """One right answer among several, picked from a drop-down list."""

    name = NAME
    label = "choose from a list"
    unanswered_message = "Choose an answer from the list."

    def render_pieces(self, question, choices, items):
        choice_html = {
            c.pk: (
                format_html('<option value="{}">{}</option>', c.pk, c.text),
                format_html('<option value="{}" selected>{}</option>', c.pk, c.text),
            )
            for c in choices
        }
        return choice_html, {}

    def inputs_html(self, content, choices, items, picks):
        options = "".join(content.choice_piece(c.pk, (None, c.pk) in picks) for c in choices)
        select = format_html(
            '<select class="form-select choose-from-list" name="{}" aria-label="{}" '
            'data-answer-part><option value="">Choose…</option>',
            field_name(content.question.pk),
            content.question.prompt,
        )
        return mark_safe(f"{select}{options}</select>")


@pytest.fixture
def choose_from_list():
    """The kind's module and its builder entry, as a new kind would add them."""
    kinds.register(ChooseFromList())
    builder.add_fact_kind(NAME, builder.single_choices)
    yield
    builder.FACT_KINDS.pop(NAME)
    kinds.unregister(NAME)


@pytest.fixture
def fixtures_with_a_fact_of_the_new_kind(tmp_path) -> Path:
    """The real fixtures, plus a copy of their first single-choice fact written as the new
    kind, asked by a quiz of its own beside three other facts: with a pass mark of 100%,
    guessing passes under 0.5% of its attempts (the guard refuses a quiz it passes more)."""
    source = Path(settings.BASE_DIR) / "fixtures"
    copy = tmp_path / "fixtures"
    shutil.copytree(source, copy)
    release = json.loads((copy / "release.json").read_text())
    fact = next(r for r in release if r["model"] == "quiz.fact" and r["fields"]["kind"] == "single")
    new_fact = json.loads(json.dumps(fact))
    new_fact["fields"] |= {"key": "from-a-list", "kind": NAME, "position": 99}
    (copy / "release.json").write_text(json.dumps([*release, new_fact]))
    quizzes = json.loads((copy / "quizzes.json").read_text())
    release_key = fact["fields"]["release"]
    quizzes += [
        {
            "model": "quiz.quiz",
            "fields": {
                "slug": "from-a-list",
                "title": "Choose from a list",
                "release": release_key,
                "pass_mark": 100,
                "position": 9,
            },
        },
        *(
            {
                "model": "quiz.objective",
                "fields": {
                    "quiz": ["from-a-list"],
                    "key": f"fact-{n}",
                    "position": n,
                    "text": f"Know fact {n}.",
                    "roles": [],
                    "facts": [[*release_key, key]],
                },
            }
            for n, key in enumerate(["from-a-list", "prevention-month", "values", "learn-more"])
        ),
    ]
    (copy / "quizzes.json").write_text(json.dumps(quizzes))
    return copy


def test_a_kind_added_by_its_module_and_builder_entry_is_built_from_the_fixtures_and_taken(
    db, choose_from_list, fixtures_with_a_fact_of_the_new_kind, trainee, trainee_client
):
    call_command("build_questions", fixture_dir=fixtures_with_a_fact_of_the_new_kind, verbosity=0)
    question = Question.objects.get(quiz__slug="from-a-list", key="fact:from-a-list")
    assert question.kind == NAME
    assert question.get_kind_display() == "choose from a list"  # the model's choices

    take = trainee_client.post("/quizzes/from-a-list/start/").content.decode()
    assert 'class="form-select choose-from-list"' in take
    attempt = Attempt.objects.get(user=trainee, quiz__slug="from-a-list")
    right = Choice.objects.filter(question__responses__attempt=attempt, is_correct=True)
    answers = {field_name(choice.question_id): choice.pk for choice in right}
    response = trainee_client.post(f"/attempts/{attempt.pk}/", answers)

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal(4), True)
    right = question.choices.get(is_correct=True)
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/?show=all").content.decode()
    assert f"Your answer: {right.text} (right)" in result


def test_a_fact_of_a_kind_without_a_builder_entry_is_refused_by_name(
    db, fixtures_with_a_fact_of_the_new_kind
):
    kinds.register(ChooseFromList())  # the module, but no builder entry
    try:
        with pytest.raises(CommandError, match="no question of kind 'choose_from_list'"):
            call_command(
                "build_questions", fixture_dir=fixtures_with_a_fact_of_the_new_kind, verbosity=0
            )
    finally:
        kinds.unregister(NAME)
    assert not Question.objects.filter(quiz__slug="from-a-list").exists()
