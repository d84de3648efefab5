"""Many trainees logging in from one address (the benchmark's 127.0.0.1) are not throttled.

bench/settings.py changes no AXES_* setting (tests/bench/test_isolation.py checks it).
"""

from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, make_user


def test_many_right_passwords_from_one_address_are_never_locked_out(db):
    """django-axes counts failures only: 4 x its limit of good logins from 127.0.0.1 pass."""
    trainees = [make_user(f"bench-login-{n}") for n in range(4 * settings.AXES_FAILURE_LIMIT)]
    for trainee in trainees:
        client = Client(REMOTE_ADDR="127.0.0.1")
        form = {"username": trainee.username, "password": PASSWORD}
        assert client.post("/accounts/login/", form).status_code == 302
        assert client.get("/quizzes/").status_code == 200
