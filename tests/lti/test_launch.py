"""A launch from the test platform: checked by pylti1p3 and the tool, unmocked, and a
trainee made from the platform's user; each bad launch refused with a clear page and
nothing written."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from lti_tool.models import LtiContext, LtiResourceLink, LtiUser

from quiz.accounts import platform_accounts
from quiz.lti import launches
from quiz.models import Attempt, Launch, UsedNonce
from tests.factories import make_user
from tests.test_staying_up import REDIS_AT_A_CLOSED_PORT
from tests.worker import delivered

from .platform import LTI, new_key

pytestmark = pytest.mark.django_db

User = get_user_model()


def written_rows() -> dict:
    return {
        "users": User.objects.count(),
        "lti users": LtiUser.objects.count(),
        "courses": LtiContext.objects.count(),
        "links": LtiResourceLink.objects.count(),
        "launches": Launch.objects.count(),
        "nonces": UsedNonce.objects.count(),
    }


def test_a_launch_signs_the_platforms_user_in_as_a_trainee_with_no_password(
    content, registered, platform, browser
):
    response = platform.launch(browser, quiz="component-roles")

    assert response.status_code == 302
    assert response["Location"] == "/lti/quizzes/component-roles/"
    launch = Launch.objects.get()
    trainee = launch.user
    assert (trainee.first_name, trainee.last_name) == ("Dana", "Reyes")
    assert trainee.email == "learner-1@agency.example"
    assert not trainee.has_usable_password()
    assert launch.lineitem_url == platform.lineitem_url
    page = browser.get(response["Location"])
    assert page.status_code == 200
    assert "Start the quiz" in page.content.decode()
    assert page.wsgi_request.user == trainee


def test_a_second_launch_by_the_same_person_is_the_same_trainee(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")
    platform.launch(browser, quiz="component-roles")

    assert User.objects.filter(username__startswith="lti-").count() == 1
    assert Launch.objects.count() == 1


def test_a_launch_never_takes_over_an_account_with_the_same_address(
    content, registered, platform, browser
):
    local = User.objects.create_user("dana", "learner-1@agency.example", "a long password 1")

    platform.launch(browser, quiz="component-roles")

    trainee = Launch.objects.get().user
    assert trainee != local
    assert trainee.email == ""


def test_an_attempt_started_after_a_launch_owes_its_score_to_that_launch(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")

    assert browser.post("/quizzes/component-roles/start/").status_code == 200

    assert Attempt.objects.get().launch == Launch.objects.get()


def test_launches_of_two_quizzes_in_one_session_each_owe_their_score(
    retakes_at_once, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles")
    second_link = {LTI + "resource_link": {"id": "link-2", "title": "Release quiz"}}
    platform.launch(browser, quiz="release-facts", **second_link)

    for slug in ("component-roles", "release-facts"):
        assert browser.post(f"/quizzes/{slug}/start/").status_code == 200

    launches = {a.quiz.slug: a.launch.resource_link.id_on_platform for a in Attempt.objects.all()}
    assert launches == {"component-roles": "link-1", "release-facts": "link-2"}


def test_a_launch_with_claims_longer_than_the_tool_keeps_still_opens_the_quiz(
    content, registered, platform, browser
):
    """Cut to fit (a name) or left out (an address): the same on PostgreSQL as on SQLite."""
    response = platform.launch(
        browser,
        quiz="component-roles",
        given_name="A" * 600,
        email="x" * 250 + "@agency.example",
        picture="https://avatars.example/" + "s" * 300,
    )

    assert response.status_code == 302, response.content.decode()
    person = LtiUser.objects.get()
    assert (len(person.given_name), person.email, person.picture_url) == (500, "", "")
    assert person.auth_user.first_name == "A" * 150


def test_a_launch_whose_username_someone_took_makes_its_own_trainee(
    content, registered, platform, browser
):
    platform_id = f"{registered.pk}:learner-1"
    squatter = make_user(platform_accounts.free_username("lti-", platform_id))

    response = platform.launch(browser, quiz="component-roles")

    assert response.status_code == 302
    trainee = Launch.objects.get().user
    assert trainee != squatter and trainee.username.startswith("lti-")


def test_a_launched_trainee_gets_no_password_reset_mail(content, registered, platform, browser):
    platform.launch(browser, quiz="component-roles")
    delivered().clear()

    Client().post("/accounts/password_reset/", {"email": "learner-1@agency.example"})

    assert delivered() == []


# --- Bad launches: a clear page, nothing written ------------------------------------


def refused(response, words: str, before: dict):
    page = response.content.decode()
    assert response.status_code == 403
    assert "The quiz could not open from your course" in page
    assert words in page
    assert "Nothing was recorded" in page
    assert written_rows() == before


def test_a_launch_from_an_unknown_issuer_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    token = platform.sign(
        platform.claims(nonce, quiz="component-roles", iss="https://evil.example")
    )

    refused(platform.post_launch(browser, state, token), "not registered", before)


def test_a_launch_for_another_tool_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles", aud="another-tool"))

    refused(platform.post_launch(browser, state, token), "not registered", before)


def test_a_launch_from_an_unknown_deployment_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    claims = platform.claims(nonce, quiz="component-roles", **{LTI + "deployment_id": "other"})

    refused(platform.post_launch(browser, state, platform.sign(claims)), "deployment", before)


def test_an_expired_launch_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    past = int(time.time()) - 600
    token = platform.sign(platform.claims(nonce, quiz="component-roles", iat=past, exp=past + 60))

    refused(platform.post_launch(browser, state, token), "expired", before)


def test_a_replayed_launch_is_refused(content, registered, platform, browser):
    state, nonce = platform.login(browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles"))
    assert platform.post_launch(browser, state, token).status_code == 302
    before = written_rows()

    again = platform.post_launch(browser, state, token)

    refused(again, "used already", before)


def test_a_launch_signed_with_another_key_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    forged = new_key(platform.key.kid)  # the platform's key id, someone else's key
    token = platform.sign(platform.claims(nonce, quiz="component-roles"), key=forged)

    refused(platform.post_launch(browser, state, token), "not signed", before)


def test_a_launch_without_a_role_claim_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, nonce = platform.login(browser)
    claims = platform.claims(nonce, quiz="component-roles", **{LTI + "roles": None})

    refused(platform.post_launch(browser, state, platform.sign(claims)), "role", before)


def test_a_launch_another_browser_began_is_refused(content, registered, platform, browser):
    """The state cookie ties the launch to the browser that started the login."""
    before = written_rows()
    state, nonce = platform.login(browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles"))

    refused(platform.post_launch(Client(), state, token), "sign-in this browser", before)


def test_over_https_a_launch_whose_browser_kept_no_login_cookie_is_refused(
    content, registered, platform, https_browser
):
    """A browser that blocks cookies inside the course's frame sends the launch without
    the cookie the login set: the page says so and how to open the quiz instead."""
    before = written_rows()
    state, nonce = platform.login(https_browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles"))
    https_browser.cookies.clear()

    launch = platform.post_launch(https_browser, state, token)

    refused(launch, "open the quiz in a new window", before)


def test_while_the_cache_does_not_answer_a_login_or_launch_says_try_again(
    content, registered, platform, browser, settings
):
    """pylti1p3 keeps the login's state in the shared cache: without it, no launch can be
    checked, and the person is told so, not shown a server error."""
    before = written_rows()
    state, nonce = platform.login(browser)
    token = platform.sign(platform.claims(nonce, quiz="component-roles"))
    settings.CACHES = REDIS_AT_A_CLOSED_PORT

    login = browser.get("/lti/login/", platform.login_parameters())
    launch = platform.post_launch(browser, state, token)

    for page in (login, launch):
        assert page.status_code == 503
        assert "Try again in a few minutes" in page.content.decode()
    assert written_rows() == before


def test_a_platform_whose_key_set_does_not_answer_in_time_gets_a_try_again_page(
    content, registered, platform, browser, monkeypatch
):
    monkeypatch.setattr(launches, "KEY_SET_TIMEOUT", 0.2)
    platform.key_set_delay = 1
    before = written_rows()

    response = platform.launch(browser, quiz="component-roles")

    assert response.status_code == 503
    assert "did not answer the training site in time" in response.content.decode()
    assert written_rows() == before


def test_a_launch_of_a_quiz_that_is_not_published_is_refused(
    content, registered, platform, browser
):
    content["release-facts"].is_published = False
    content["release-facts"].save()
    before = written_rows()

    refused(platform.launch(browser, quiz="release-facts"), "not published", before)
    refused(platform.launch(browser, quiz="no-such-quiz"), "not published", before)


def test_a_launch_with_no_token_is_refused(content, registered, platform, browser):
    before = written_rows()
    state, _nonce = platform.login(browser)

    refused(browser.post("/lti/launch/", {"state": state}), "could not be read", before)


def test_a_login_from_an_unknown_platform_is_refused(content, registered, platform, browser):
    response = browser.get(
        "/lti/login/",
        {"iss": "https://evil.example", "login_hint": "x", "target_link_uri": "http://x/"},
    )

    assert response.status_code == 403
    assert "not registered with this training site" in response.content.decode()


def test_a_login_without_its_parameters_is_a_bad_request(db, browser):
    response = browser.get("/lti/login/")

    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
