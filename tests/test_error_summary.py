"""Every form the site shows to trainees and the public comes back with an error summary
at its top: "There is a problem", each field's error a link to that field, errors of the
whole form as plain items, and "Error: " before the page's title. The errors stay beside
their fields too. A page without errors has no summary."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import logged_in
from tests.factories import make_user

SUMMARY = 'id="error-summary"'
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def reset_link_client(user) -> tuple[Client, str]:
    """A client that opened the emailed reset link, and the form's address it was sent to."""
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    return client, response.redirect_chain[-1][0]


def sent_with_errors(name: str) -> tuple:
    """Each form sent with bad data: the response, and the fields it must name."""
    if name == "login":
        return Client().post("/accounts/login/", {"username": "", "password": ""}), {
            "username",
            "password",
        }
    if name == "sign up":
        data = {"username": "", "email": "not-an-address", "password1": "", "password2": ""}
        fields = {"username", "email", "password1", "password2"}
        return Client().post("/accounts/signup/", data), fields
    if name == "password reset request":
        return Client().post("/accounts/password_reset/", {"email": "not-an-address"}), {"email"}
    if name == "password reset link":
        client, url = reset_link_client(make_user("rosa"))
        data = {"new_password1": "a-long-passphrase-one", "new_password2": "another-one-entirely"}
        return client.post(url, data), {"new_password2"}
    if name == "password change":
        client = logged_in(make_user("rosa"))
        return client.post("/accounts/password/change/", {}), {
            "old_password",
            "new_password1",
            "new_password2",
        }
    if name == "profile":
        client = logged_in(make_user("rosa"))
        return client.post("/accounts/profile/", {"full_name": "Rosa", "email": "nope"}), {"email"}
    if name == "certificate check":
        return Client().get("/certificates/", {"code": "not a code!"}), {"code"}
    raise AssertionError(name)


FORMS = [
    "login",
    "sign up",
    "password reset request",
    "password reset link",
    "password change",
    "profile",
    "certificate check",
]


def summary_of(html: str) -> str:
    return re.search(r'<div [^>]*id="error-summary".*?</div>', html, re.S)[0]


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_with_errors_lists_them_at_its_top_each_linked_to_its_field(db, name):
    response, bad_fields = sent_with_errors(name)

    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == bad_fields
    summary = summary_of(html)
    assert "There is a problem" in summary and 'role="alert"' in summary
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    form_start = html.index("<form", html.index("<main"))
    assert form_start < html.index(SUMMARY) < html.index('class="mb-3"', form_start)
    for name_ in bad_fields:
        field_id = form[name_].id_for_label
        assert f'href="#{field_id}"' in summary
        assert f'id="{field_id}"' in html  # the link leads somewhere
        assert f'id="{field_id}_error"' in html  # and the error stays beside the field
        for error in form[name_].errors:
            assert f"{form[name_].label}: {error}" in summary
    assert title_of(html).startswith("Error: ")


def test_an_error_of_the_whole_form_is_a_plain_item_and_shown_once(db):
    make_user("rosa")
    response = Client().post("/accounts/login/", {"username": "rosa", "password": "wrong"})

    html = response.content.decode()
    summary = summary_of(html)
    assert "<li>Please enter a correct username and password." in summary
    assert "href=" not in summary
    assert html.count("Please enter a correct username and password") == 1
    assert title_of(html).startswith("Error: Log in")


def pages_without_errors() -> dict[str, Client]:
    rosa = make_user("rosa")
    client, reset_url = reset_link_client(make_user("ines"))  # a login would void the link
    return {
        "/accounts/login/": Client(),
        "/accounts/signup/": Client(),
        "/accounts/password_reset/": Client(),
        reset_url: client,
        "/accounts/password/change/": logged_in(rosa),
        "/accounts/profile/": logged_in(rosa),
        "/certificates/": Client(),
    }


def test_no_summary_and_no_error_in_the_title_before_anything_is_sent(db):
    for url, client in pages_without_errors().items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "<form" in html, url
        assert SUMMARY not in html and "There is a problem" not in html, url
        assert not title_of(html).startswith("Error"), url


# Forms of buttons only (no field can be wrong), and the take page, which has its own
# summary of unanswered questions. Any other form must be rendered with |crispy, which
# brings the summary.
BUTTONS_ONLY = {
    "includes/nav_links.html",  # log out
    "quiz/take.html",
    "quiz/lesson.html",  # take the quiz
    "quiz/quiz_list.html",  # start or resume
    "quiz/result.html",  # retake
    "registration/confirm_invalid.html",  # send me a new link
    # Practice questions, as the take page: the error on the question, and the refresher's
    # own summary; a blank pre-check answer is "not yet known", never an error.
    "quiz/learning/block.html",
    "quiz/learning/refresher.html",
    "quiz/precheck.html",
    "quiz/learning/unsubscribe.html",  # stop refreshers
    "lti/launched.html",  # start the quiz
    "lti/picked.html",  # back to the course, with the signed answer
}


def test_every_form_with_fields_gets_the_summary():
    pages = {
        str(path.relative_to(TEMPLATES)): path.read_text()
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] not in {"admin", "bootstrap5"}
    }
    with_forms = {name for name, text in pages.items() if "<form" in text}
    assert len(with_forms) >= 7 + len(BUTTONS_ONLY) - 1  # the grep really found them
    for name in with_forms - BUTTONS_ONLY:
        text = pages[name]
        assert "|crispy" in text, f"{name}: a form without the error summary"
        assert '{% include "includes/error_title.html" %}' in text, f"{name}: no 'Error: '"
