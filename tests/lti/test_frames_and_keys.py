"""The tool inside the LMS's page, and its keys: a launched session may be framed by its
platform only; the tool's key set is public and its keys rotate."""

import pytest
from django.core.management import call_command
from django.test import Client
from lti_tool.models import Key

from quiz.models import Quiz

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
    content, registered, platform, https_browser, settings
):
    response = platform.launch(https_browser, quiz="component-roles")

    assert response.status_code == 302, response.content.decode()
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["samesite"] == "None"
    assert cookie["secure"] is True


def test_over_https_a_launched_sessions_messages_are_sent_inside_the_frame(
    content, registered, platform, https_browser
):
    """Why a start was turned away is a message kept in a cookie till the next page."""
    platform.launch(https_browser, quiz="component-roles")
    Quiz.objects.filter(slug="component-roles").update(max_attempts=0)

    refused = https_browser.post("/quizzes/component-roles/start/")

    assert refused.status_code == 302
    cookie = refused.cookies["messages"]
    assert (cookie["samesite"], cookie["secure"]) == ("None", True)
    shown = https_browser.get(refused["Location"]).content.decode()
    assert "You have used every attempt this quiz allows (0)" in shown


def test_a_refused_launch_may_be_framed_by_the_registered_platforms(
    content, registered, platform, browser
):
    state, nonce = platform.login(browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles", aud="another-tool"))

    page = platform.post_launch(browser, state, token)

    assert page.status_code == 403
    assert frame_ancestors(page) == f"frame-ancestors {platform.base}"


def test_a_refusal_may_be_framed_by_the_course_sites_the_settings_add(
    content, registered, platform, browser, settings
):
    settings.LTI_FRAME_ORIGINS = ["https://*.instructure.com"]

    page = browser.get("/lti/login/", platform.login_parameters() | {"iss": "https://x.example"})

    assert page.status_code == 403
    assert frame_ancestors(page) == f"frame-ancestors {platform.base} https://*.instructure.com"


def test_a_refusal_with_no_platform_registered_may_be_framed_by_nobody(db, browser):
    page = browser.get("/lti/login/")

    assert page.status_code == 400
    assert frame_ancestors(page) == "frame-ancestors 'none'"


def test_the_key_set_lists_the_active_keys_and_rotation_adds_one(db):
    Key.objects.generate()
    first = Client().get("/lti/jwks.json").json()["keys"]

    call_command("rotate_keys", deactivate_after=0, stdout=open("/dev/null", "w"))

    keys = Client().get("/lti/jwks.json").json()["keys"]
    assert len(first) == 1
    assert len(keys) == 1
    assert keys[0]["kid"] != first[0]["kid"]
    assert {"kty", "n", "e", "alg", "use"} <= set(keys[0])
