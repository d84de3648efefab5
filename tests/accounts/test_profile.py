"""Sign-up asks the full name; the profile edits it and the email address, which changes only
once the new address confirms it; the password is changed in the site's layout."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client

from quiz.accounts.services import set_full_name
from tests.conftest import logged_in
from tests.factories import PASSWORD, make_user
from tests.worker import delivered

NEW_PASSWORD = "a-different-and-long-passphrase"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/email/confirm/\S+/)", message.body).group(1)


def edit_profile(client, *, full_name="", email):
    return client.post("/accounts/profile/", {"full_name": full_name, "email": email}, follow=True)


def logs_in(username: str, password: str) -> bool:
    data = {"username": username, "password": password}
    return Client().post("/accounts/login/", data).status_code == 302


# --- Sign-up ----------------------------------------------------------------------


def test_sign_up_asks_the_full_name_and_stores_it(db):
    page = Client().get("/accounts/signup/").content.decode()
    assert 'for="id_full_name"' in page and 'autocomplete="name"' in page

    data = {"username": "ana", "full_name": "  Ana   María da Silva ", "email": "ana@example.org"}
    Client().post("/accounts/signup/", data | {"password1": PASSWORD, "password2": PASSWORD})

    user = User.objects.get(username="ana")
    assert (user.first_name, user.last_name) == ("Ana", "María da Silva")
    assert user.get_full_name() == "Ana María da Silva"
    assert user.is_active is False  # still waits for the confirmation link


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Madonna", ("Madonna", "")),
        ("Nguyễn Văn An", ("Nguyễn", "Văn An")),
        (" Ana \t Lima ", ("Ana", "Lima")),
        ("", ("", "")),
    ],
)
def test_a_full_name_comes_back_from_get_full_name_as_typed(typed, kept):
    user = User(username="x")
    set_full_name(user, typed)
    assert (user.first_name, user.last_name) == kept
    assert user.get_full_name() == " ".join(typed.split())


# --- Profile ----------------------------------------------------------------------


def test_the_profile_needs_a_login_and_is_linked_from_the_navigation(trainee_client):
    anonymous = Client().get("/accounts/profile/")
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")

    page = trainee_client.get("/accounts/profile/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert '<a class="nav-link" href="/accounts/profile/">Profile</a>' in html
    assert "<h1>Your profile</h1>" in html
    assert 'for="id_full_name"' in html and 'for="id_email"' in html
    assert 'href="/accounts/password/change/"' in html


def test_the_profile_saves_the_name_at_once(trainee, trainee_client):
    page = edit_profile(trainee_client, full_name="Ana Lima", email=trainee.email)

    trainee.refresh_from_db()
    assert trainee.get_full_name() == "Ana Lima"
    assert "Your profile is saved." in page.content.decode()
    assert 'value="Ana Lima"' in page.content.decode()
    assert delivered() == []  # the address did not change, so nothing to confirm


def test_a_new_email_address_is_used_only_once_it_is_confirmed(trainee, trainee_client):
    page = edit_profile(trainee_client, full_name="Ana Lima", email="ana@example.net")

    trainee.refresh_from_db()
    assert trainee.email == "trainee@example.org"
    assert "We sent a link to ana@example.net" in page.content.decode()
    (message,) = delivered()
    assert message.to == ["ana@example.net"]
    assert message.subject == "Confirm your new email address for the awareness training"

    confirmed = trainee_client.get(link_in(message), follow=True)

    trainee.refresh_from_db()
    assert trainee.email == "ana@example.net"
    assert confirmed.redirect_chain == [("/accounts/profile/", 302)]
    assert "Your email address is now ana@example.net." in confirmed.content.decode()
    notice = delivered()[1]
    assert notice.to == ["trainee@example.org"]  # the old address hears of it
    assert "ana@example.net" in notice.body


def test_an_email_link_works_once_and_not_after_a_later_change(trainee, trainee_client):
    edit_profile(trainee_client, email="first@example.net")
    edit_profile(trainee_client, email="second@example.net")
    first, second = (link_in(message) for message in delivered())
    assert trainee_client.get(second).status_code == 302

    for used in (second, first):
        response = trainee_client.get(used)
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.email == "second@example.net"


@pytest.mark.parametrize("tamper", ["forged", "expired", "another account"])
def test_a_forged_expired_or_foreign_email_link_changes_nothing(trainee, trainee_client, tamper):
    edit_profile(trainee_client, email="new@example.net")
    link = link_in(delivered()[0])
    if tamper == "forged":
        response = trainee_client.get(link.replace("/confirm/", "/confirm/x"))
    elif tamper == "expired":
        later = time.time() + 4 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = trainee_client.get(link)
    else:
        response = logged_in(make_user("mallory")).get(link)

    assert response.status_code == 400
    assert set(User.objects.values_list("email", flat=True)) == {
        "trainee@example.org",
        *(["mallory@example.org"] if tamper == "another account" else []),
    }


def test_an_email_link_asks_for_a_login_first(trainee, trainee_client):
    edit_profile(trainee_client, email="new@example.net")
    link = link_in(delivered()[0])

    anonymous = Client().get(link)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/accounts/login/?next=/accounts/email/confirm/")
    trainee.refresh_from_db()
    assert trainee.email == "trainee@example.org"


def test_a_taken_address_is_answered_alike_and_told_by_mail(trainee, trainee_client):
    make_user("owner")  # owner@example.org
    pages = [
        CSRF.sub("", edit_profile(trainee_client, email=email).content.decode())
        .replace("OWNER@example.org", "X")
        .replace("fresh@example.net", "X")
        for email in ("fresh@example.net", "OWNER@example.org")
    ]

    assert pages[0] == pages[1]
    trainee.refresh_from_db()
    assert trainee.email == "trainee@example.org"
    taken = delivered()[1]
    assert taken.to == ["OWNER@example.org"]
    assert taken.subject == "Someone tried to use your email address for another account"
    assert "/accounts/email/confirm/" not in taken.body


def test_an_address_taken_after_the_link_was_sent_is_not_given_twice(trainee, trainee_client):
    edit_profile(trainee_client, email="wanted@example.net")
    quick = make_user("quick")
    quick.email = "Wanted@example.net"  # say, by the admin
    quick.save()

    assert trainee_client.get(link_in(delivered()[0])).status_code == 400
    trainee.refresh_from_db()
    assert trainee.email == "trainee@example.org"


def test_the_profile_refuses_a_bad_address_on_its_page(trainee, trainee_client):
    response = trainee_client.post(
        "/accounts/profile/", {"full_name": "Ana Lima", "email": "not an address"}
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.get_full_name() == "" and delivered() == []


# --- Password change --------------------------------------------------------------


def test_password_change_is_in_the_site_layout_and_needs_a_login(trainee_client):
    anonymous = Client().get("/accounts/password/change/")
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")

    html = trainee_client.get("/accounts/password/change/").content.decode()

    assert 'class="navbar' in html and "<h1>Change your password</h1>" in html
    assert 'for="id_old_password"' in html
    assert "Django administration" not in html


def test_changing_the_password_keeps_the_trainee_logged_in(trainee):
    client = logged_in(trainee)
    data = {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }

    done = client.post("/accounts/password/change/", data, follow=True)

    assert done.redirect_chain == [("/accounts/password/change/done/", 302)]
    assert "<h1>Password changed</h1>" in done.content.decode()
    assert client.get("/accounts/profile/").status_code == 200  # still logged in
    assert logs_in("trainee", NEW_PASSWORD)
    assert not logs_in("trainee", PASSWORD)


def test_a_wrong_old_password_changes_nothing(trainee, trainee_client):
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = trainee_client.post("/accounts/password/change/", data)

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert logs_in("trainee", PASSWORD)
