"""Deep linking: a teacher picks a quiz from inside the LMS, and the platform gets it as
a link signed with the tool's key, which opens that quiz when a learner launches it."""

import re

import pytest
from django.test import Client

from quiz.models import Launch

from .platform import LEARNER, LTI

pytestmark = pytest.mark.django_db

DL_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"


def open_picker(platform, browser, **changes):
    state, nonce = platform.login(browser)
    token = platform.sign(platform.deep_linking_claims(nonce, **changes))
    return platform.post_launch(browser, state, token)


# Over HTTPS pylti1p3 keeps the launch under its own cookie, which the picker reads again.
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_teacher_picks_a_quiz_and_the_platform_gets_a_signed_link_to_it(
    content, registered, platform, request, scheme
):
    browser = request.getfixturevalue("https_browser" if scheme == "https" else "browser")
    response = open_picker(platform, browser)
    assert response["Location"] == "/lti/pick/"
    picker = browser.get("/lti/pick/").content.decode()
    quiz = content["component-roles"]
    assert quiz.title in picker

    answer = browser.post("/lti/pick/", {"quiz": quiz.pk})

    page = answer.content.decode()
    assert f'action="{platform.base}/deep-link-return"' in page
    assert platform.base in answer["Content-Security-Policy"]  # the form may post there
    token = re.search(r'name="JWT" value="([^"]+)"', page).group(1)
    message = platform.read_deep_link_answer(token)
    assert message[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert message[LTI + "deployment_id"] == platform.deployment_id
    assert message["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "platform-data"
    [item] = message[DL_ITEMS]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == quiz.title
    assert item["custom"] == {"quiz": quiz.slug}
    assert item["lineItem"]["scoreMaximum"] == 100


def test_the_picked_link_opens_that_quiz_for_a_learner(content, registered, platform, browser):
    quiz = content["component-roles"]
    open_picker(platform, browser)
    token = re.search(
        r'name="JWT" value="([^"]+)"',
        browser.post("/lti/pick/", {"quiz": quiz.pk}).content.decode(),
    ).group(1)
    [item] = platform.read_deep_link_answer(token)[DL_ITEMS]

    response = platform.launch(Client(), sub="learner-2", quiz=item["custom"]["quiz"])

    assert response["Location"] == f"/lti/quizzes/{quiz.slug}/"
    assert Launch.objects.get().quiz == quiz


def test_a_picker_sent_without_a_choice_says_so_and_adds_nothing(
    content, registered, platform, browser
):
    open_picker(platform, browser)

    response = browser.post("/lti/pick/", {})

    assert response.status_code == 400
    assert "Choose the quiz to add to the course." in response.content.decode()
    assert browser.get("/lti/pick/").status_code == 200  # still picking


def test_a_learner_cannot_open_the_quiz_picker(content, registered, platform, browser):
    response = open_picker(platform, browser, roles=[LEARNER])

    assert response.status_code == 403
    assert "teachers can add a quiz to it" in response.content.decode()
    assert browser.get("/lti/pick/").status_code == 403


def test_the_picker_without_a_deep_linking_launch_is_forbidden(client, db):
    assert client.get("/lti/pick/").status_code == 403
