"""Accounts a learning platform made (quiz/accounts/platform_accounts.py) keep the
platform as their only way in: no password-reset mail reaches them and the profile does
not change their address, so a SCORM launch link cannot be turned into a password. The
LTI side: tests/lti/test_launch.py."""

import pytest
from django.test import Client

from quiz.models import ScormLearner
from quiz.scorm import links
from quiz.scorm.services import make_package
from tests.factories import QuizFactory, UserFactory
from tests.worker import delivered


@pytest.fixture
def learner_client(db):
    """A browser signed in through a SCORM package's launch, as learner lms-7."""
    package = make_package(quiz=QuizFactory(slug="dhs-roles"))
    client = Client()
    client.get(f"/scorm/{links.launch_token(package)}/launch/", {"student_id": "lms-7"})
    return client


def learner():
    return ScormLearner.objects.get(student_id="lms-7").user


def test_a_platform_account_gets_no_password_reset_mail_where_a_site_account_does(
    learner_client,
):
    user = learner()
    user.email = "learner@agency.example"
    user.save()
    UserFactory(username="ana", email="ana@agency.example")
    delivered().clear()

    for address in ("learner@agency.example", "ana@agency.example"):
        Client().post("/accounts/password_reset/", {"email": address})

    assert [mail.to for mail in delivered()] == [["ana@agency.example"]]


def test_the_profile_of_a_platform_account_keeps_its_address_and_offers_no_password(
    learner_client,
):
    page = learner_client.get("/accounts/profile/").content.decode()
    assert "Change your password" not in page
    assert "Your learning platform signs you in here" in page
    delivered().clear()

    response = learner_client.post(
        "/accounts/profile/", {"full_name": "Ana Lima", "email": "taker@example.org"}
    )

    assert response.status_code == 302
    user = learner()
    assert user.get_full_name() == "Ana Lima" and user.email == ""
    assert delivered() == []
