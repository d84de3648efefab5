from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from quiz import clock
from quiz.models import Attempt, Quiz
from quiz.taking import services

from .factories import UserFactory, make_user, staff_in


def pytest_addoption(parser):
    parser.addoption(
        "--clock-ahead-days",
        type=int,
        default=0,
        metavar="DAYS",
        help="Run the tests with the clock this many days ahead (make test-shifted).",
    )


@pytest.fixture(scope="session", autouse=True)
def clock_ahead(request):
    """With --clock-ahead-days, the whole run happens that far in the future, the clock
    ticking: a test that passes only near the day it was written fails today, not then.
    A test that sets its own time (the time_machine fixture) travels from there."""
    days = request.config.getoption("clock_ahead_days")
    if not days:
        yield
        return
    with time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True):
        yield


def logged_in(user) -> Client:
    """A test client with `user` logged in, no password typed."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def own_cache(settings, tmp_path):
    """Each test starts with an empty cache of the kind a server without Redis uses."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }


@pytest.fixture
def lower_rate_limits(settings, time_machine):
    """Lower some of settings.RATE_LIMITS for one test, with the clock held still:
    django-ratelimit counts in windows of the clock (a minute, an hour), and a ticking
    clock can end one between two requests the test counts (CI met it on a minute)."""
    time_machine.move_to(clock.now(), tick=False)

    def lower(**rates: str):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}

    return lower


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """MD5 in tests only: Django's PBKDF2 takes a good part of a second per password, and
    the login-throttling tests type many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def content(db):
    """The release, components and roles from fixtures/, with the questions built."""
    call_command("build_questions", verbosity=0)
    return {quiz.slug: quiz for quiz in Quiz.objects.all()}


@pytest.fixture
def retakes_at_once(content):
    """The real quizzes without their attempt policy, for tests that retake them at once
    about something else (the policy itself: tests/taking/test_attempt_policy.py)."""
    Quiz.objects.update(attempts_per_day=None, wait_minutes=0)
    return {quiz.slug: quiz for quiz in Quiz.objects.all()}


@pytest.fixture
def whole_bank(monkeypatch):
    """Every attempt asks every active question of its quiz, not one per objective: for
    tests of grading, pages and mastery that need every kind of question in one attempt.
    The draw itself is tested without it (tests/taking/test_draw.py)."""
    monkeypatch.setattr(services, "draw", lambda seed, bank, seen: [pk for pk, _objective in bank])


@pytest.fixture
def trainee(db):
    return make_user("trainee")


@pytest.fixture
def other_trainee(db):
    return make_user("other")


@pytest.fixture
def trainee_client(trainee):
    return logged_in(trainee)


@pytest.fixture
def start(trainee_client, trainee):
    """Start (or resume) the trainee's attempt at a quiz through the app, and return it."""

    def start_quiz(slug: str = "component-roles") -> Attempt:
        response = trainee_client.post(f"/quizzes/{slug}/start/")
        attempt = Attempt.objects.filter(user=trainee).latest("pk")
        assert response.status_code == 200  # the questions come at once, no redirect
        assert f'action="/attempts/{attempt.pk}/"' in response.content.decode()
        return attempt

    return start_quiz


@pytest.fixture
def superuser_client(db):
    """An admin: a superuser, who holds every permission."""
    return logged_in(UserFactory(username="boss", password=None, is_staff=True, is_superuser=True))


@pytest.fixture
def reviewer(db):
    """Staff in the "Training reviewer" group that migration 0005 creates."""
    return staff_in("Training reviewer", "reviewer")


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def staff_client(db):
    """Staff with no group and no permission: may enter the admin, sees nothing."""
    return logged_in(UserFactory(username="staff", password=None, is_staff=True))


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) the app is set to use, up; a test may take it down
    and bring it back (tests/mailserver.py)."""
    from tests.mailserver import MailServer

    server = MailServer()
    server.up()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.down()
