"""The tool inside the LMS's page, and its keys: a launched session may be framed by its
platform only; the tool's key set is public and its keys rotate."""

from functools import partial

import pytest
from django.core.management import call_command
from django.test import Client
from lti_tool.models import Key

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(p for p in policy.split(";") if "frame-ancestors" in p).strip()


def test_pages_of_a_launched_session_may_be_framed_by_its_platform_only(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")

    page = browser.post("/quizzes/component-roles/start/")

    assert frame_ancestors(page) == f"frame-ancestors {platform.base}"
    assert "X-Frame-Options" not in page


def test_pages_of_any_other_session_may_be_framed_by_nobody(content, trainee_client):
    page = trainee_client.post("/quizzes/component-roles/start/")

    assert frame_ancestors(page) == "frame-ancestors 'none'"
    assert page["X-Frame-Options"] == "DENY"


def test_over_https_a_launched_sessions_cookies_are_sent_inside_the_frame(
    content, registered, platform, settings
):
    browser = Client()
    browser.get = partial(browser.get, secure=True)
    browser.post = partial(browser.post, secure=True)

    response = platform.launch(browser, quiz="component-roles")

    assert response.status_code == 302, response.content.decode()
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["samesite"] == "None"
    assert cookie["secure"] is True


def test_the_key_set_lists_the_active_keys_and_rotation_adds_one(db):
    Key.objects.generate()
    first = Client().get("/lti/jwks.json").json()["keys"]

    call_command("rotate_keys", deactivate_after=0, stdout=open("/dev/null", "w"))

    keys = Client().get("/lti/jwks.json").json()["keys"]
    assert len(first) == 1
    assert len(keys) == 1
    assert keys[0]["kid"] != first[0]["kid"]
    assert {"kty", "n", "e", "alg", "use"} <= set(keys[0])
