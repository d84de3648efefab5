"""The benchmark reads the take page by its tags' attributes and answers as a browser does."""

import random

import pytest
from django.test import Client

from bench.take_page import csrf_token, quiz_form
from quiz.models import Attempt, Question, Response
from tests.factories import make_quiz, make_user

# These tests need every kind of question in one attempt (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("whole_bank")


@pytest.fixture
def take_page(db):
    """A trainee's take page of a quiz with every kind of question."""
    quiz = make_quiz(8, slug="every-kind")
    client = Client()
    client.force_login(make_user("bench-reader"))
    response = client.post(f"/quizzes/{quiz.slug}/start/")  # answers with the questions
    assert response.status_code == 200
    return client, response.content.decode()


def test_the_form_has_one_field_per_question_and_one_list_per_matching_line(take_page):
    _, page = take_page
    attempt = Attempt.objects.get()
    form = quiz_form(page)

    questions = Question.objects.filter(quiz=attempt.quiz, is_active=True)
    matching = questions.filter(kind="matching")
    lines = sum(q.match_items.count() for q in matching)
    assert matching.exists()
    assert form.action == f"/attempts/{attempt.pk}/"
    assert form.attempt_id == attempt.pk
    assert len(form.groups) == questions.count() - matching.count()
    assert len(form.lists) == lines
    assert all(len(values) >= 2 for values in [*form.groups.values(), *form.lists.values()])
    assert "" not in {v for values in form.lists.values() for v in values}  # not "Choose…"
    assert form.hidden["csrfmiddlewaretoken"] == csrf_token(page)


def test_the_app_takes_the_answers_as_a_whole_quiz(take_page):
    client, page = take_page
    form = quiz_form(page)

    response = client.post(form.action, form.answers(random.Random(1)))

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{form.attempt_id}/result/"
    attempt = Attempt.objects.get()
    assert attempt.is_submitted
    assert not Response.objects.filter(attempt=attempt, selections__isnull=True).exists()


def test_autosave_url_is_read_from_the_form(take_page):
    _, page = take_page
    if "data-autosave-url" not in page:
        pytest.skip("this take page has no autosave")
    form = quiz_form(page)
    assert form.save_url == f"/attempts/{form.attempt_id}/save/"


def test_attributes_are_read_in_any_order_and_quoting():
    page = """
    <form action="/accounts/logout/" method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok"></form>
    <form id=quiz-form method='post' action='/attempts/7/' data-autosave-url="/attempts/7/save/">
      <input value="tok" name="csrfmiddlewaretoken" type="hidden">
      <input name="q1" value="11" type="radio" checked><input type=radio value=12 name=q1 />
      <input class="x" type="checkbox" id="a" value="21" name="q2">
      <input value="22" type="checkbox" name="q2">
      <select id="q3-m1" name="q3-m1"><option value="">Choose…</option>
        <option selected value="31">A</option><option value='32'>B &amp; C</option></select>
      <button type="submit" formaction="/attempts/7/save/" name="save" value="1">Save</button>
    </form>
    <form action="/elsewhere/"><input type="radio" name="q9" value="99"></form>
    """
    form = quiz_form(page)

    assert (form.action, form.attempt_id, form.save_url) == ("/attempts/7/", 7, "/attempts/7/save/")
    assert form.hidden == {"csrfmiddlewaretoken": "tok"}
    assert form.groups == {"q1": ["11", "12"], "q2": ["21", "22"]}
    assert form.lists == {"q3-m1": ["31", "32"]}
    answers = form.answers(random.Random(0))
    assert set(answers) == {"csrfmiddlewaretoken", "q1", "q2", "q3-m1"}


def test_a_page_without_the_quiz_form_fails_loudly():
    with pytest.raises(ValueError):
        quiz_form('<form action="/quizzes/x/start/"></form>')
