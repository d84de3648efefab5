"""A new kind of question needs one module and nothing else: this test is that module.

"Put in order" registers itself; a trainee takes, submits and sees the result of a quiz
that uses it, a reviewer opens the attempt and the item analysis, and no other file of
the app knows the kind exists.
"""

from decimal import Decimal

import pytest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from quiz import kinds
from quiz.kinds.base import (
    LINE_BREAK,
    ONE,
    ZERO,
    ChoiceCount,
    ChoicePicks,
    NotItsOwn,
    QuestionKind,
    ResultLine,
    item_field_name,
    share_of,
)
from quiz.models import Attempt
from tests.factories import ChoiceFactory, MatchItemFactory, QuestionFactory, QuizFactory

STEPS = ["Identify the victim", "Refer to ICE HSI", "Offer immigration relief"]


class PutInOrder(QuestionKind):
    """Each place in a list (stored as a matching item) takes one step (a choice);
    the whole order right earns the point, anything else nothing."""

    name = "put_in_order"
    label = "put in order"
    hint = "Give each place its step."

    def render_pieces(self, question, choices, items):
        choice_html = {
            c.pk: (
                format_html('<option value="{}">{}</option>', c.pk, c.text),
                format_html('<option value="{}" selected>{}</option>', c.pk, c.text),
            )
            for c in choices
        }
        item_html = {
            item.pk: (
                format_html(
                    '<li class="step"><select name="{}" aria-label="{}" data-answer-part>'
                    '<option value=""></option>',
                    item_field_name(question.pk, item.pk),
                    item.label,
                ),
                mark_safe("</select></li>"),
            )
            for item in items
        }
        return choice_html, item_html

    def inputs_html(self, content, choices, items, picks):
        places = sorted(items, key=lambda item: item.position)  # the order is the question
        parts = ['<ol class="put-in-order">']
        for item in places:
            before, after = content.item_html[item.pk]
            parts.append(before)
            parts.extend(content.choice_piece(c.pk, (item.pk, c.pk) in picks) for c in choices)
            parts.append(after)
        parts.append("</ol>")
        return mark_safe("".join(parts))

    def read_field(self, key, item_id, ids):
        if (
            item_id not in key.items
            or ids is None
            or len(ids) > 1
            or not set(ids) <= key.choice_ids
        ):
            raise NotItsOwn("Question %(n)s has a step that is not one of its own.")
        return {(item_id, choice) for choice in ids}

    def is_answered(self, key, picks):
        return len(picks) == len(key.items)

    def right_picks(self, key):
        return frozenset(key.items.items())

    def grade(self, key, picks):
        return ONE if picks == self.right_picks(key) else ZERO

    def result_lines(self, key, picks, choices, items):
        text, chosen = {c.pk: c.text for c in choices}, dict(picks)
        places = sorted(items, key=lambda item: item.position)
        return [
            ResultLine(
                label=item.label,
                chosen=[text[chosen[item.pk]]] if item.pk in chosen else [],
                correct=[text[key.items[item.pk]]],
                is_right=chosen.get(item.pk) == key.items[item.pk],
            )
            for item in places
        ]

    def answer_key_html(self, choices, items):
        text = {c.pk: c.text for c in choices}
        return format_html_join(
            LINE_BREAK, "{}: {}", ((i.label, text[i.correct_choice_id]) for i in items)
        )

    def describe_choices(self, question, responses, counts):
        first = question.match_items.all()[0]
        picked = {c: counts.get((first.pk, c.pk), 0) for c in question.choices.all()}
        return ChoicePicks(
            [ChoiceCount(c, n, share_of(n, responses)) for c, n in picked.items()], 0
        )


@pytest.fixture
def put_in_order():
    kinds.register(PutInOrder())
    yield
    kinds.unregister(PutInOrder.name)


@pytest.fixture
def ordering_quiz(db, put_in_order):
    quiz = QuizFactory(slug="order", title="Order the steps", pass_mark=100)
    question = QuestionFactory(quiz=quiz, kind=PutInOrder.name, prompt="Put the steps in order.")
    steps = [ChoiceFactory(question=question, position=n, text=t) for n, t in enumerate(STEPS)]
    places = [
        MatchItemFactory(question=question, position=n, label=f"Step {n + 1}", correct_choice=step)
        for n, step in enumerate(steps)
    ]
    return quiz, question, steps, places


def order_form(question, places, steps) -> dict:
    return {
        item_field_name(question.pk, p.pk): str(s.pk) for p, s in zip(places, steps, strict=True)
    }


def test_a_trainee_takes_and_passes_a_quiz_of_a_kind_added_in_one_module(
    ordering_quiz, trainee, trainee_client
):
    quiz, question, steps, places = ordering_quiz
    take = trainee_client.post(f"/quizzes/{quiz.slug}/start/").content.decode()
    assert '<ol class="put-in-order">' in take and "Give each place its step." in take
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)

    response = trainee_client.post(f"/attempts/{attempt.pk}/", order_form(question, places, steps))

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal(1), True)
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/?show=all").content.decode()
    assert "Passed" in result
    assert "Your answer: Refer to ICE HSI (right)" in result


def test_the_new_kind_grades_a_wrong_order_as_wrong(ordering_quiz, trainee, trainee_client):
    quiz, question, steps, places = ordering_quiz
    trainee_client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    swapped = [steps[1], steps[0], steps[2]]

    trainee_client.post(f"/attempts/{attempt.pk}/", order_form(question, places, swapped))

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal(0), False)
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "Your answer: Refer to ICE HSI (wrong)" in result


def test_the_new_kind_refuses_a_step_that_is_not_its_own(ordering_quiz, trainee, trainee_client):
    quiz, question, steps, places = ordering_quiz
    trainee_client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    form = order_form(question, places, steps) | {
        item_field_name(question.pk, places[0].pk): "999999"
    }

    response = trainee_client.post(f"/attempts/{attempt.pk}/", form)

    assert response.status_code == 400
    assert "Question 1 has a step that is not one of its own." in response.content.decode()
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_reviewers_see_the_new_kind_in_the_admin(
    ordering_quiz, trainee, trainee_client, superuser_client
):
    quiz, question, steps, places = ordering_quiz
    trainee_client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    trainee_client.post(f"/attempts/{attempt.pk}/", order_form(question, places, steps))
    client = superuser_client

    page = client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    assert "Step 2 → Refer to ICE HSI" in page
    report = client.get(f"/admin/quiz/attempt/item-analysis/{quiz.pk}/").content.decode()
    assert "Identify the victim: " in report
    editor = client.get(f"/admin/quiz/quiz/{quiz.pk}/change/").content.decode()
    assert "Step 3: Offer immigration relief" in editor
