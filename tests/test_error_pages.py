"""With debug off, 403 and 404 answer in the site's layout, never Django's bare pages."""

import pytest
from django.test import Client

LAYOUT = "National Human Trafficking Hotline"  # the site's footer


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def test_an_unknown_address_answers_404_in_the_layout(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and LAYOUT in html
    assert "Not Found</h1>" not in html  # Django's bare page


def test_another_trainees_result_answers_the_same_404(content, start, other_trainee):
    from .conftest import logged_in

    attempt = start("component-roles")
    response = logged_in(other_trainee).get(f"/attempts/{attempt.pk}/result/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_a_forbidden_admin_page_answers_403_in_the_layout(reviewer_client):
    response = reviewer_client.post("/admin/quiz/quiz/add/", {})

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html and LAYOUT in html


def test_a_form_without_its_csrf_token_answers_403_in_the_layout(db):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>This form has expired</h1>" in html and LAYOUT in html


def test_the_favicon_address_leads_to_the_apps_own_mark(db):
    response = Client().get("/favicon.ico")

    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")
