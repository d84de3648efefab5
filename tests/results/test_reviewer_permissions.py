"""Who sees results: reviewers view everything and change nothing; other staff see no results."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from quiz.models import Attempt, Component, Quiz, Response
from tests.factories import add_question, empty_quiz, submitted_attempt, trainee_named


@pytest.fixture
def attempt(db):
    quiz = empty_quiz()
    question, choices = add_question(quiz, 1, "single", ["Right", "Wrong"], {"Right"})
    return submitted_attempt(
        trainee_named("ana"), quiz, points={question: 0}, picks={question: [choices["Wrong"]]}
    )


def result_urls(attempt: Attempt) -> list[str]:
    response = attempt.responses.get()
    return [
        "/admin/quiz/attempt/",
        f"/admin/quiz/attempt/{attempt.pk}/change/",
        f"/admin/quiz/attempt/item-analysis/{attempt.quiz_id}/",
        "/admin/quiz/attempt/item-analysis/",
        "/admin/quiz/attempt/export/",
        "/admin/quiz/response/",
        f"/admin/quiz/response/{response.pk}/change/",
        "/admin/quiz/selection/",
    ]


def test_the_reviewer_group_from_the_migration_has_view_only_permissions_on_results_and_trainees(
    db,
):
    group = Group.objects.get(name="Training reviewer")
    permissions = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert permissions == {
        ("quiz", "view_attempt"),
        ("quiz", "view_response"),
        ("quiz", "view_selection"),
        ("quiz", "view_certificate"),
        ("auth", "view_user"),
        # Migration 0010: the completion reports, to read.
        ("quiz", "view_traininggroup"),
        ("quiz", "view_assignment"),
        ("quiz", "view_trainee"),
        ("quiz", "view_reminder"),
        # Migration 0020: reviewers read every group's results, as before.
        ("quiz", "see_every_group"),
    }


def test_reviewer_views_results_report_export_and_trainees(attempt, reviewer_client):
    for url in [
        *result_urls(attempt),
        "/admin/auth/user/",
        f"/admin/auth/user/{attempt.user_id}/change/",
    ]:
        assert reviewer_client.get(url).status_code == 200, url
    export = reviewer_client.get("/admin/quiz/attempt/export/")
    assert b"ana" in b"".join(export.streaming_content)


def test_reviewer_uses_the_export_action_but_not_the_delete_action(attempt, reviewer_client):
    html = reviewer_client.get("/admin/quiz/attempt/").content.decode()
    assert 'value="export_csv"' in html and 'value="delete_selected"' not in html
    response = reviewer_client.post(
        "/admin/quiz/attempt/", {"action": "export_csv", "_selected_action": [attempt.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    response = reviewer_client.post(
        "/admin/quiz/attempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert Attempt.objects.filter(pk=attempt.pk).exists()


def test_reviewer_cannot_change_add_or_delete_anything(attempt, reviewer_client):
    html = reviewer_client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    assert 'name="_save"' not in html and 'class="deletelink"' not in html
    response = attempt.responses.get()
    forbidden_posts = {
        f"/admin/quiz/attempt/{attempt.pk}/change/": {"percent": "100"},
        f"/admin/quiz/attempt/{attempt.pk}/delete/": {"post": "yes"},
        "/admin/quiz/attempt/add/": {},
        f"/admin/quiz/response/{response.pk}/change/": {"points": "1"},
        f"/admin/quiz/response/{response.pk}/delete/": {"post": "yes"},
        f"/admin/auth/user/{attempt.user_id}/change/": {"username": "renamed"},
        f"/admin/auth/user/{attempt.user_id}/delete/": {"post": "yes"},
        "/admin/auth/user/add/": {"username": "new", "password1": "x", "password2": "x"},
    }
    for url, data in forbidden_posts.items():
        assert reviewer_client.post(url, data).status_code == 403, url
    attempt.refresh_from_db()
    assert attempt.percent == 0
    assert Response.objects.get(pk=response.pk).points == 0
    assert User.objects.get(pk=attempt.user_id).username == "ana"
    assert not User.objects.filter(username="new").exists()


def test_reviewer_has_no_access_to_content(attempt, reviewer_client):
    component = Component.objects.create(slug="c", abbreviation="C", name="C", position=1)
    for url in [
        "/admin/quiz/quiz/",
        f"/admin/quiz/quiz/{attempt.quiz_id}/change/",
        "/admin/quiz/question/",
        "/admin/quiz/choice/",
        "/admin/quiz/component/",
        f"/admin/quiz/component/{component.pk}/change/",
        "/admin/quiz/role/",
        "/admin/quiz/release/",
        "/admin/quiz/passage/",
        "/admin/quiz/fact/",
    ]:
        assert reviewer_client.get(url).status_code == 403, url
    assert (
        reviewer_client.post(f"/admin/quiz/quiz/{attempt.quiz_id}/change/", {}).status_code == 403
    )
    assert Quiz.objects.get(pk=attempt.quiz_id).title == "Quiz reviewed"


def test_reviewer_reaches_the_report_from_the_attempts_list(attempt, reviewer_client):
    html = reviewer_client.get("/admin/quiz/attempt/").content.decode()
    assert 'href="/admin/quiz/attempt/item-analysis/"' in html
    html = reviewer_client.get("/admin/quiz/attempt/item-analysis/").content.decode()
    assert f'href="/admin/quiz/attempt/item-analysis/{attempt.quiz_id}/"' in html


def test_staff_without_the_group_cannot_see_results(attempt, staff_client):
    assert staff_client.get("/admin/").status_code == 200
    for url in [*result_urls(attempt), "/admin/auth/user/"]:
        assert staff_client.get(url).status_code == 403, url
    response = staff_client.post(
        "/admin/quiz/attempt/", {"action": "export_csv", "_selected_action": [attempt.pk]}
    )
    assert response.status_code == 403


def test_a_plain_trainee_cannot_enter_the_admin(attempt):
    client = Client()
    client.force_login(attempt.user)
    for url in ["/admin/", *result_urls(attempt)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/admin/login/"), url


def test_reviewer_reads_the_quiz_and_questions_as_text_not_links_they_may_not_open(
    attempt, reviewer_client, superuser_client
):
    url = f"/admin/quiz/attempt/{attempt.pk}/change/"
    html = reviewer_client.get(url).content.decode()
    assert "Question 1?" in html and "Quiz reviewed" in html
    assert "/admin/quiz/question/" not in html and "/admin/quiz/quiz/" not in html
    html = superuser_client.get(url).content.decode()
    assert f"/admin/quiz/quiz/{attempt.quiz_id}/change/" in html
    assert "/admin/quiz/question/" in html
