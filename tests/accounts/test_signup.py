"""Sign-up confirms the email address, and answers alike whether or not an account exists."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD, make_user
from tests.worker import delivered

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def sign_up(username: str, email: str, client=None):
    client = client or Client()
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data, follow=True)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", message.body).group(1)


def logs_in(username: str) -> bool:
    client = Client()
    return (
        client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )


def test_a_new_account_logs_in_only_after_its_email_is_confirmed(db):
    page = sign_up("ana", "ana@example.org")

    assert page.redirect_chain == [("/accounts/signup/done/", 302)]
    assert "Check your email" in page.content.decode()
    assert User.objects.get(username="ana").is_active is False
    assert not logs_in("ana")
    (message,) = delivered()
    assert message.to == ["ana@example.org"]

    client = Client()
    confirmed = client.get(link_in(message), follow=True)

    # Confirmed, not logged in: whoever opened the link (a mail scanner, say) gets no session.
    assert confirmed.redirect_chain == [("/accounts/login/", 302)]
    assert "Your email address is confirmed. Log in with your username, ana." in (
        confirmed.content.decode()
    )
    assert client.get("/quizzes/").status_code == 302
    assert logs_in("ana")


def test_a_confirmation_link_works_once(db):
    sign_up("ana", "ana@example.org")
    link = link_in(delivered()[0])
    assert Client().get(link).status_code == 302

    again = Client().get(link)

    assert again.status_code == 400
    assert "This link is not valid" in again.content.decode()
    assert "_auth_user_id" not in again.wsgi_request.session


@pytest.mark.parametrize("tamper", ["forged", "expired"])
def test_a_forged_or_expired_link_confirms_nothing(db, tamper):
    sign_up("ana", "ana@example.org")
    link = link_in(delivered()[0])
    if tamper == "forged":
        response = Client().get(link.replace("/confirm/", "/confirm/x"))
    else:
        later = time.time() + 4 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = Client().get(link)

    assert response.status_code == 400
    assert User.objects.get(username="ana").is_active is False


def test_sign_up_answers_alike_for_a_new_a_taken_username_and_a_taken_email(db):
    make_user("owner")  # owner@example.org
    pages = [
        CSRF.sub("", sign_up(username, email).content.decode())
        for username, email in [
            ("newcomer", "newcomer@example.org"),
            ("owner", "someone@example.org"),
            ("stranger", "OWNER@example.org"),
        ]
    ]

    assert pages[0] == pages[1] == pages[2]
    assert not User.objects.filter(username="stranger").exists()
    assert User.objects.filter(email__iexact="owner@example.org").count() == 1
    subjects = {m.to[0]: m.subject for m in delivered()}
    assert subjects == {
        "newcomer@example.org": "Confirm your email address for the awareness training",
        "someone@example.org": "Your sign-up for the awareness training was not completed",
        "OWNER@example.org": "Someone tried to sign up with your email address",
    }
    assert "already has an account" in delivered()[2].body


def test_the_sign_up_form_never_says_that_a_username_exists(db):
    make_user("owner")
    page = Client().post("/accounts/signup/", {"username": "owner", "email": "x@example.org"})

    html = page.content.decode()
    assert page.status_code == 200  # the passwords are missing
    assert "already exists" not in html
