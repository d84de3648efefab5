"""Saving progress: answers kept on the server, ungraded, until the trainee submits."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Response, Selection
from quiz.taking.services import start_attempt
from quiz.taking.sheet import attempt_sheet
from tests.factories import answer_form, make_quiz

from .test_bad_input import assert_answers_kept, marked

JSON = {"HTTP_ACCEPT": "application/json"}


def saved(attempt) -> set[tuple]:
    return set(
        Selection.objects.filter(response__attempt=attempt).values_list(
            "response__question_id", "item_id", "choice_id"
        )
    )


def expected(attempt, data) -> set[tuple]:
    """The selections a form's answers stand for."""
    rows = set()
    for sq in attempt_sheet(attempt):
        fields = {sq.field_name: None} | {sq.item_field_name(item): item.pk for item in sq.items}
        for name, item in fields.items():
            values = data.get(name, [])
            for value in [values] if isinstance(values, str) else values:
                rows.add((sq.question.pk, item, int(value)))
    return rows


def assert_ungraded(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.score is None and attempt.submitted_at is None
    assert not Response.objects.filter(attempt=attempt, points__isnull=False).exists()


@pytest.fixture
def attempt(content, start):
    return start("component-roles")


def save_url(attempt) -> str:
    return f"/attempts/{attempt.pk}/save/"


def test_save_progress_button_records_answers_without_grading(attempt, trainee_client):
    data = answer_form(attempt, skip=3)

    response = trainee_client.post(save_url(attempt), {**data, "save": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/"
    assert saved(attempt) == expected(attempt, data)
    assert_ungraded(attempt)
    page = trainee_client.get(response["Location"])
    assert "Your answers are saved." in page.content.decode()
    assert_answers_kept(page, data)


def test_take_page_has_a_save_button_that_needs_no_javascript(attempt, trainee_client):
    html = trainee_client.get(f"/attempts/{attempt.pk}/").content.decode()

    save = r'<button [^>]*>Save<span class="visually-hidden"> progress</span></button>'
    button = re.search(save, html).group(0)
    assert 'type="submit"' in button
    assert f'formaction="/attempts/{attempt.pk}/save/"' in button
    # It posts the same form, the one holding every answer.
    form = re.search(r"<form [^>]*id=\"quiz-form\"[^>]*>(.*?)</form>", html, re.S).group(1)
    assert button in form


@pytest.mark.django_db(transaction=True)
def test_saved_answers_show_in_another_browser_after_a_restart(attempt, trainee, trainee_client):
    """Committed for real (no test transaction), then every connection closed."""
    data = answer_form(attempt, skip=2)
    assert trainee_client.post(save_url(attempt), data).status_code == 302
    connections.close_all()  # what a server restart does to the app's side of it

    other_browser = Client()
    other_browser.force_login(trainee)
    page = other_browser.get(f"/attempts/{attempt.pk}/")

    assert page.status_code == 200
    assert_answers_kept(page, data)
    first = attempt_sheet(attempt)[0]
    assert marked(page).marked[first.field_name] == set()  # skipped, so not marked


def test_saving_again_replaces_what_was_saved(attempt, trainee_client):
    everything = answer_form(attempt, right=True)
    fewer = answer_form(attempt, right=False, skip=5)
    trainee_client.post(save_url(attempt), everything)

    trainee_client.post(save_url(attempt), fewer)

    assert saved(attempt) == expected(attempt, fewer)
    assert_ungraded(attempt)


def test_autosave_gets_json_and_saves(attempt, trainee_client):
    data = answer_form(attempt, skip=10)

    response = trainee_client.post(save_url(attempt), data, **JSON)

    assert response.status_code == 200
    assert response.json() == {
        "saved": True,
        "message": "Your answers are saved. You can come back to them until you submit.",
    }
    assert saved(attempt) == expected(attempt, data)


def test_tampered_save_is_refused_and_keeps_what_was_saved(attempt, trainee_client):
    good = answer_form(attempt, skip=4)
    trainee_client.post(save_url(attempt), good)
    sq = attempt_sheet(attempt)[5]
    bad = {**answer_form(attempt), sq.field_name: "999999"}

    page = trainee_client.post(save_url(attempt), bad)
    json_reply = trainee_client.post(save_url(attempt), bad, **JSON)

    assert page.status_code == 400
    assert "Your answers were not recorded" in page.content.decode()
    assert_answers_kept(page, bad, except_fields={sq.field_name})
    assert json_reply.status_code == 400
    assert json_reply.json()["saved"] is False
    assert f"Question {sq.number} has" in json_reply.json()["message"]
    assert saved(attempt) == expected(attempt, good)


def test_save_after_submit_changes_nothing_and_says_why(attempt, trainee_client):
    assert trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt)).status_code == 302
    before = saved(attempt)
    score = Attempt.objects.get(pk=attempt.pk).score

    page = trainee_client.post(save_url(attempt), answer_form(attempt, right=False))
    json_reply = trainee_client.post(save_url(attempt), answer_form(attempt, right=False), **JSON)

    assert page.status_code == 302 and page["Location"] == f"/attempts/{attempt.pk}/result/"
    assert "submitted already" in trainee_client.get(page["Location"]).content.decode()
    assert json_reply.status_code == 409
    assert json_reply.json()["redirect"] == f"/attempts/{attempt.pk}/result/"
    assert saved(attempt) == before
    assert Attempt.objects.get(pk=attempt.pk).score == score


def test_save_is_post_only(attempt, trainee_client):
    assert trainee_client.get(save_url(attempt)).status_code == 405


def test_save_without_csrf_token_is_refused(attempt, trainee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)

    response = client.post(save_url(attempt), answer_form(attempt), **JSON)

    assert response.status_code == 403
    assert saved(attempt) == set()


def test_autosave_script_posts_the_form_with_its_csrf_token():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "autosave.js").read_text()

    assert 'addEventListener("change", save)' in script
    assert "new FormData(form)" in script  # the form's hidden csrfmiddlewaretoken included
    assert '"X-CSRFToken": body.get("csrfmiddlewaretoken")' in script
    assert '"Accept": "application/json"' in script


def test_take_page_loads_the_autosave_script_from_a_file(attempt, trainee_client, settings):
    html = trainee_client.get(f"/attempts/{attempt.pk}/").content.decode()

    assert '<script src="/static/js/autosave.js" defer></script>' in html
    assert f'data-autosave-url="/attempts/{attempt.pk}/save/"' in html
    settings.WHITENOISE_USE_FINDERS = True  # as in development
    script = Client().get("/static/js/autosave.js")
    assert script.status_code == 200
    assert b"save endpoint" in b"".join(script.streaming_content)


def test_save_queries_do_not_grow_with_questions(trainee, trainee_client):
    counts = []
    for size in (10, 40):
        attempt = start_attempt(user=trainee, quiz=make_quiz(size, slug=f"save-{size}"))
        form = answer_form(attempt)
        with CaptureQueriesContext(connection) as captured:
            response = trainee_client.post(save_url(attempt), form, **JSON)
        assert response.status_code == 200
        assert len(saved(attempt)) >= size
        counts.append(len(captured))
    assert counts[0] == counts[1]
    print(f"save queries with 10 and 40 questions: {counts}")
