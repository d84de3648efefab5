"""Repeated failed logins lock an account, or an address, out for a while (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory

from quiz.accounts.throttling import client_ip
from tests.factories import PASSWORD, make_user

LOCKED = "Logging in is paused for 15 minutes"
LIMIT = 5


def log_in(username, password, address="192.0.2.1", path="/accounts/login/"):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(path, {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return client.get("/quizzes/").status_code == 200


def assert_locked_out(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "failed logins for this account or from your network" in html


def test_settings_lock_by_account_or_address_in_the_database():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(db):
    make_user("erin")
    for _ in range(LIMIT - 1):
        log_in("erin", "wrong-password")

    client, response = log_in("erin", PASSWORD)

    assert response.status_code == 302 and is_logged_in(client)


def test_failures_for_one_account_from_many_addresses_lock_that_account(db):
    make_user("dave")
    make_user("frank")
    codes = [
        log_in("dave", "wrong-password", address=f"198.51.100.{n}")[1].status_code
        for n in range(LIMIT)
    ]
    # The form again ("Please enter a correct username and password"), then, at the limit,
    # the lockout page.
    assert codes == [200] * (LIMIT - 1) + [429]

    client, response = log_in("dave", PASSWORD, address="203.0.113.9")

    assert_locked_out(response)
    assert not is_logged_in(client)
    other, response = log_in("frank", PASSWORD, address="198.51.100.0")
    assert response.status_code == 302 and is_logged_in(other)  # only dave is locked


def test_failures_from_one_address_for_many_accounts_lock_that_address(db):
    make_user("grace")
    for n in range(LIMIT):
        log_in(f"guess{n}", "wrong-password", address="198.51.100.77")

    client, response = log_in("grace", PASSWORD, address="198.51.100.77")

    assert_locked_out(response)
    assert not is_logged_in(client)
    elsewhere, response = log_in("grace", PASSWORD, address="203.0.113.5")
    assert response.status_code == 302 and is_logged_in(elsewhere)


def test_the_admin_login_is_throttled_too(db):
    make_user("heidi")
    for n in range(LIMIT):
        log_in("heidi", "wrong-password", address=f"198.51.100.{n}", path="/admin/login/")

    _, response = log_in("heidi", PASSWORD, path="/accounts/login/")

    assert_locked_out(response)


def test_the_lockout_ends_after_the_cool_off_time(db):
    make_user("ivan")
    for _ in range(LIMIT):
        log_in("ivan", "wrong-password")
    assert log_in("ivan", PASSWORD)[1].status_code == 429

    later = AccessAttempt.objects.get(username="ivan").attempt_time - timedelta(minutes=16)
    AccessAttempt.objects.filter(username="ivan").update(attempt_time=later)
    client, response = log_in("ivan", PASSWORD)

    assert response.status_code == 302 and is_logged_in(client)


def test_the_lockout_lives_in_the_database_not_in_a_workers_memory(db):
    """What every worker and machine shares: clearing this process's cache unlocks nothing."""
    make_user("judy")
    for _ in range(LIMIT):
        log_in("judy", "wrong-password")
    assert AccessAttempt.objects.get(username="judy").failures_since_start == LIMIT

    cache.clear()

    assert_locked_out(log_in("judy", PASSWORD)[1])


@pytest.mark.parametrize(
    "header,meta,expected",
    [
        ("", {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.1"}, "192.0.2.1"),
        (
            "HTTP_X_REAL_IP",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.1"},
            "203.0.113.1",
        ),
        (
            "HTTP_X_FORWARDED_FOR",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.2"},
            "203.0.113.2",  # the address the proxy appended, not the one the client wrote
        ),
        ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_the_address_is_remote_addr_unless_a_proxy_header_is_configured(
    header, meta, expected, settings
):
    settings.CLIENT_IP_HEADER = header
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_a_failed_login_with_a_very_long_username_is_recorded_not_a_500(db):
    """axes keeps the username in 255 characters; PostgreSQL refuses a longer value."""
    long_name = "x" * 1000
    _client, response = log_in(long_name, "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "x" * 150
