"""Sign-up, reset requests, certificate lookups and saves are rate limited (django-ratelimit)
in the shared cache; over a limit, the 429 page with Retry-After; a cache outage stops
nobody."""

import pytest
from django.conf import settings
from django.test import Client

from quiz.models import Attempt
from tests.factories import PASSWORD, answer_form, make_quiz, make_user
from tests.test_staying_up import REDIS_AT_A_CLOSED_PORT
from tests.worker import delivered

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def low_limits(lower_rate_limits):
    lower_rate_limits(
        signup="3/h", password_reset="4/h", password_reset_email="2/h", verify="3/m", save="3/m"
    )


def sign_up(client, n: int):
    data = {"username": f"new{n}", "email": f"new{n}@example.org"}
    return client.post("/accounts/signup/", data | {"password1": PASSWORD, "password2": PASSWORD})


def assert_too_many(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "Too many requests" in html and 'class="navbar' in html  # in the site's layout


def test_the_production_rates_are_set_for_a_class_behind_one_address():
    assert settings.RATE_LIMITS == {
        "signup": "50/h",
        "signup_email": "3/h",
        "confirm_resend": "20/h",
        "confirm_resend_email": "3/h",
        "email_change": "5/h",
        "email_change_address": "3/h",
        "password_reset": "20/h",
        "password_reset_email": "3/h",
        "verify": "60/m",
        "save": "120/m",
        "certificate_pdf": "30/h",
        "scorm_launch": "300/h",
    }


def test_sign_ups_are_limited_per_address(db, low_limits):
    here = Client(REMOTE_ADDR="198.51.100.1")
    codes = [sign_up(here, n).status_code for n in range(3)]

    over = sign_up(here, 3)

    assert codes == [302] * 3
    assert_too_many(over)
    assert sign_up(Client(REMOTE_ADDR="198.51.100.2"), 4).status_code == 302


def test_reset_requests_are_limited_per_email_and_per_address_and_send_no_more_mail(db, low_limits):
    make_user("nora")
    for n in range(2):
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            "/accounts/password_reset/", {"email": "Nora@example.org"}
        )
    assert len(delivered()) == 2

    per_email = Client(REMOTE_ADDR="198.51.100.9").post(
        "/accounts/password_reset/", {"email": "nora@example.org"}
    )
    assert_too_many(per_email)
    here = Client(REMOTE_ADDR="203.0.113.1")
    codes = [
        here.post("/accounts/password_reset/", {"email": f"x{n}@example.org"}).status_code
        for n in range(4)
    ]
    assert codes == [302] * 4
    assert_too_many(here.post("/accounts/password_reset/", {"email": "y@example.org"}))
    assert len(delivered()) == 2
    assert here.get("/accounts/password_reset/").status_code == 200  # the form is not counted


def test_certificate_lookups_are_limited_per_address(db, low_limits):
    here = Client(REMOTE_ADDR="198.51.100.1")
    codes = [here.get(f"/certificates/guess-{n}/").status_code for n in range(3)]

    assert codes == [404] * 3
    assert_too_many(here.get("/certificates/guess-3/"))


def test_saves_are_limited_per_trainee_and_the_script_gets_json(trainee, low_limits):
    quiz = make_quiz(4)
    client = Client()
    client.force_login(trainee)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    save = f"/attempts/{attempt.pk}/save/"
    form = answer_form(attempt)
    codes = [client.post(save, form, **JSON).status_code for _ in range(3)]

    over = client.post(save, form, **JSON)

    assert codes == [200] * 3
    assert over.status_code == 429 and int(over["Retry-After"]) >= 1
    assert over.json()["saved"] is False


def test_with_the_cache_down_the_limits_stop_nobody(db, low_limits, settings):
    settings.CACHES = REDIS_AT_A_CLOSED_PORT
    here = Client(REMOTE_ADDR="198.51.100.1")

    codes = [sign_up(here, n).status_code for n in range(5)]

    assert codes == [302] * 5
