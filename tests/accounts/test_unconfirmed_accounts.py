"""An address belongs to whoever confirms it: a sign-up nobody confirmed never holds an
address or, once its link has run out, a username; sign-up costs the same whether or not
a name or address is taken; every mail a stranger or a trainee can trigger is limited per
address it goes to."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client

from quiz import clock
from quiz.accounts.services import CONFIRM_DAYS, CONFIRM_SALT
from tests.accounts.test_signup import link_in, logs_in, sign_up
from tests.factories import PASSWORD, make_user
from tests.worker import delivered


def mails_to(address: str) -> list:
    return [m for m in delivered() if m.to == [address]]


def test_a_squatters_unconfirmed_sign_up_does_not_keep_the_owner_of_the_address_out(db):
    sign_up("squatter", "victim@example.org")
    sign_up("victim", "victim@example.org")

    first, second = mails_to("victim@example.org")
    assert "Confirm your email address" in second.subject  # not "already has an account"
    client = Client()
    assert client.get(link_in(second)).status_code == 302
    assert logs_in("victim")
    # The squatter's account is gone, and its link with it.
    assert not User.objects.filter(username="squatter").exists()
    assert Client().get(link_in(first)).status_code == 400


def test_an_address_confirmed_by_one_account_cannot_be_confirmed_by_another(db):
    sign_up("one", "shared@example.org")
    sign_up("two", "shared@example.org")
    first, second = mails_to("shared@example.org")
    assert Client().get(link_in(second)).status_code == 302
    assert Client().get(link_in(first)).status_code == 400
    assert User.objects.filter(email="shared@example.org").count() == 1


def test_a_confirmed_address_is_still_taken(db):
    make_user("ana")  # active: confirmed
    sign_up("other", "ana@example.org")
    (message,) = mails_to("ana@example.org")
    assert "already has an account" in message.body
    assert not User.objects.filter(username="other").exists()


def test_a_password_reset_for_an_unconfirmed_address_sends_a_fresh_confirmation(db):
    sign_up("newbie", "newbie@example.org")
    delivered().clear()
    Client().post("/accounts/password_reset/", {"email": "newbie@example.org"})
    (message,) = mails_to("newbie@example.org")
    assert "Confirm your email address" in message.subject
    assert Client().get(link_in(message)).status_code == 302
    assert logs_in("newbie")


def test_an_expired_link_offers_a_new_one_which_goes_to_the_address_only(db, time_machine):
    time_machine.move_to(clock.now(), tick=False)
    sign_up("late", "late@example.org")
    link = link_in(delivered()[0])
    delivered().clear()
    time_machine.shift(timedelta(days=CONFIRM_DAYS, minutes=1))

    page = Client().get(link)
    assert page.status_code == 400
    assert "This link has expired" in page.content.decode()
    assert Client().post(link).status_code == 200  # "Send me a new link"
    (message,) = mails_to("late@example.org")
    assert Client().get(link_in(message)).status_code == 302
    assert logs_in("late")


def test_a_forged_link_offers_nothing_and_sends_nothing(db):
    sign_up("ana", "ana@example.org")
    delivered().clear()
    forged = signing.dumps(12345, salt="another-salt")
    page = Client().get(f"/accounts/confirm/{forged}/")
    assert "Send me a new link" not in page.content.decode()
    assert Client().post(f"/accounts/confirm/{forged}/").status_code == 200
    assert delivered() == []


def test_an_unconfirmed_username_is_free_again_once_its_link_has_run_out(db, time_machine):
    time_machine.move_to(clock.now(), tick=False)
    sign_up("wanted", "first@example.org")
    time_machine.shift(timedelta(days=CONFIRM_DAYS, minutes=1))
    sign_up("wanted", "second@example.org")
    (message,) = mails_to("second@example.org")
    assert "Confirm your email address" in message.subject
    assert User.objects.get(username="wanted").email == "second@example.org"


def test_a_pending_username_is_still_taken_within_its_links_life(db):
    sign_up("wanted", "first@example.org")
    sign_up("wanted", "second@example.org")
    (message,) = mails_to("second@example.org")
    assert 'the username "wanted", which is already taken' in " ".join(message.body.split())


@pytest.mark.parametrize("taken", ["nothing", "username", "email"])
def test_a_sign_up_hashes_one_password_whether_or_not_a_name_or_address_is_taken(db, taken):
    """The time a sign-up takes is the password hash's: one, every way."""
    make_user("held")
    username = "held" if taken == "username" else "fresh"
    email = "held@example.org" if taken == "email" else "fresh@example.org"
    hasher = hashers.get_hasher()  # the one in use (a fast one in the tests)
    with mock.patch.object(type(hasher), "encode", wraps=hasher.encode) as encode:
        response = sign_up(username, email)
    assert response.redirect_chain == [("/accounts/signup/done/", 302)]
    assert encode.call_count == 1


@pytest.fixture
def low_mail_limits(lower_rate_limits):
    lower_rate_limits(signup_email="2/h", email_change="3/h", email_change_address="2/h")


def test_sign_ups_for_one_address_are_limited_whatever_the_network(db, low_mail_limits):
    codes = [
        Client(REMOTE_ADDR=f"198.51.100.{n}")
        .post(
            "/accounts/signup/",
            {
                "username": f"u{n}",
                "email": "Target@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        .status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 429, 429]
    assert len(mails_to("Target@example.org")) == 2


def test_address_changes_are_limited_per_trainee_and_per_new_address(
    db, low_mail_limits, trainee, trainee_client
):
    codes = [
        trainee_client.post(
            "/accounts/profile/", {"full_name": "", "email": f"new{n}@example.org"}
        ).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert len(delivered()) == 3
    # Name changes alone are not limited.
    for n in range(5):
        response = trainee_client.post(
            "/accounts/profile/", {"full_name": f"Name {n}", "email": trainee.email}
        )
        assert response.status_code == 302

    others = [make_user(f"other{n}") for n in range(3)]
    answers = []
    for other in others:
        client = Client()
        client.force_login(other)
        answers.append(
            client.post(
                "/accounts/profile/", {"full_name": "", "email": "victim@example.org"}
            ).status_code
        )
    assert answers == [302, 302, 429]


def test_a_confirmation_token_names_only_an_account_number(db):
    sign_up("ana", "ana@example.org")
    token = link_in(delivered()[0]).rstrip("/").rsplit("/", 1)[1]
    assert signing.loads(token, salt=CONFIRM_SALT) == User.objects.get(username="ana").pk
