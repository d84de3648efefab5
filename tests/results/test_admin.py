"""An admin sees every attempt with its responses; results cannot be edited."""

from django.apps import apps
from django.contrib import admin
from django.utils.html import escape

from quiz.stats.rows import SUMMARY_MODELS
from tests.factories import answer_form


def test_every_quiz_model_is_registered_in_the_admin():
    # But the item analysis's summary rows: sums derived from the attempts, shown by the
    # item-analysis report and rebuilt by rebuild_item_stats, never read or edited as rows.
    for model in apps.get_app_config("quiz").get_models():
        if model not in SUMMARY_MODELS:
            assert admin.site.is_registered(model), model.__name__


def test_admin_sees_a_submitted_attempt_with_its_responses(
    content, start, trainee_client, superuser_client
):
    attempt = start("release-facts")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=True))

    changelist = superuser_client.get("/admin/quiz/attempt/").content.decode()
    assert "trainee" in changelist and 'field-percent_shown">100%<' in changelist

    page = superuser_client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    responses = list(attempt.responses.select_related("question"))
    assert len(responses) == 7  # one question per objective
    assert page.count('class="field-earned"') == 7
    for response in responses:
        assert escape(response.question.prompt) in page
        for choice in response.question.choices.filter(is_correct=True):
            assert escape(choice.text) in page


def test_admin_cannot_edit_an_attempt(content, start, trainee_client, superuser_client):
    attempt = start("release-facts")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    page = superuser_client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    superuser_client.post(f"/admin/quiz/attempt/{attempt.pk}/change/", {"percent": "100"})
    attempt.refresh_from_db()
    assert attempt.percent == 0
    assert superuser_client.get("/admin/quiz/attempt/add/").status_code == 403


def test_trainee_cannot_enter_the_admin(trainee_client):
    response = trainee_client.get("/admin/quiz/attempt/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
