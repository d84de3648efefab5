"""The launch from a package's page in an LMS: the learner id mapped to a trainee of its
own, logged in, at the quiz's lesson; a bad, withdrawn or anonymous launch writes nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from quiz.models import ScormLearner
from quiz.scorm import links
from quiz.scorm.services import free_username, make_package
from tests.factories import make_user


def launch_url(package, token=None) -> str:
    return f"/scorm/{token or links.launch_token(package)}/launch/"


def launch(client, package, **query):
    return client.get(launch_url(package), {"student_id": "lms-7", **query})


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_first_launch_makes_a_trainee_logs_them_in_and_opens_the_lesson(package):
    client = Client()

    response = launch(client, package, student_name="Lima, Ana")

    assert response.status_code == 302
    assert response["Location"] == "/quizzes/dhs-roles/lesson/"
    learner = ScormLearner.objects.get(package=package, student_id="lms-7")
    user = learner.user
    assert logged_in_user(client) == user
    assert (user.first_name, user.last_name) == ("Ana", "Lima")
    assert user.username.startswith("scorm-") and user.is_active
    assert not user.has_usable_password()  # the LMS is its only way in


def test_a_second_launch_finds_the_same_trainee(package):
    launch(Client(), package)
    users = User.objects.count()
    again = Client()

    launch(again, package, student_name="Someone, Else")

    assert User.objects.count() == users
    assert logged_in_user(again) == ScormLearner.objects.get().user


def test_a_learner_id_in_two_packages_is_two_trainees(package):
    other = make_package(quiz=package.quiz)

    launch(Client(), package)
    launch(Client(), other)

    learners = ScormLearner.objects.all()
    assert len({learner.user_id for learner in learners}) == 2


def test_a_launch_never_opens_an_existing_account(package):
    """Neither the account named as the learner id, nor one holding the name the launch
    would give (a sign-up may have taken it first)."""
    same_as_id = make_user("lms-7")
    squatter = make_user(free_username(package, "lms-7").upper())
    client = Client()

    launch(client, package)

    user = logged_in_user(client)
    assert user not in (same_as_id, squatter)
    assert user == ScormLearner.objects.get().user
    assert user.username.lower() != squatter.username.lower()


def test_a_name_without_a_comma_is_split_at_its_first_space(package):
    launch(Client(), package, student_name="  Ana  Maria Lima ")

    user = ScormLearner.objects.get().user
    assert (user.first_name, user.last_name) == ("Ana", "Maria Lima")


def test_the_launched_trainee_may_start_the_quiz(content):
    package = make_package(quiz=content["release-facts"])
    client = Client()
    launch(client, package)

    response = client.post("/quizzes/release-facts/start/")

    assert response.status_code == 200
    assert ScormLearner.objects.get().user.attempts.count() == 1


@pytest.mark.parametrize(
    ("case", "status", "words"),
    [
        ("guessed token", 404, "This quiz link is not valid"),
        ("tampered token", 404, "This quiz link is not valid"),
        ("withdrawn", 410, "This quiz has been withdrawn"),
        ("quiz unpublished", 410, "This quiz has been withdrawn"),
        ("no learner id", 400, "did not say who you are"),
        ("blank learner id", 400, "did not say who you are"),
        ("learner id too long", 400, "did not say who you are"),
    ],
)
def test_a_launch_that_cannot_be_trusted_writes_nothing_and_says_why(package, case, status, words):
    token = links.launch_token(package)
    query = {"student_id": "lms-7", "student_name": "Lima, Ana"}
    if case == "guessed token":
        token = "guessed-token"
    elif case == "tampered token":
        token = token[:-2] + ("xx" if not token.endswith("xx") else "yy")
    elif case == "withdrawn":
        package.is_active = False
        package.save()
    elif case == "quiz unpublished":
        package.quiz.is_published = False
        package.quiz.save()
    elif case == "no learner id":
        del query["student_id"]
    elif case == "blank learner id":
        query["student_id"] = "   "
    else:
        query["student_id"] = "x" * 256
    users = User.objects.count()
    client = Client()

    response = client.get(launch_url(package, token), query)

    assert response.status_code == status
    assert words in response.content.decode()
    assert "Nothing was recorded." in response.content.decode()
    assert User.objects.count() == users and not ScormLearner.objects.exists()
    assert logged_in_user(client) is None


def test_a_launch_is_a_get_only(package):
    """A POST or a HEAD (a link checker's) makes no account."""
    client = Client()

    assert client.post(launch_url(package), {"student_id": "lms-7"}).status_code == 405
    assert client.head(launch_url(package) + "?student_id=lms-7").status_code == 405
    assert not ScormLearner.objects.exists()


def test_launches_from_one_address_are_limited_and_make_no_account_past_it(
    package, lower_rate_limits
):
    lower_rate_limits(scorm_launch="2/h")
    client = Client(REMOTE_ADDR="198.51.100.9")

    codes = [
        client.get(launch_url(package), {"student_id": f"lms-{n}"}).status_code for n in range(3)
    ]

    assert codes == [302, 302, 429]
    assert set(ScormLearner.objects.values_list("student_id", flat=True)) == {"lms-0", "lms-1"}
