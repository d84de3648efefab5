"""Repeated failed logins lock an account at one address, or an address, out for a while
(django-axes); nobody can reset another's failures or lock an owner out from elsewhere."""

import json
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory

from quiz.accounts.throttling import client_ip, client_network
from tests.factories import PASSWORD, make_user
from tests.processes import run_python
from tests.worker import delivered

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
    assert "failed logins for this account from your network" in html


def sign_up(username: str, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    data = {"username": username, "email": f"{username}@example.org"}
    data |= {"password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/accounts/signup/", data).status_code == 302
    return client


def test_settings_lock_an_account_at_an_address_and_an_address_in_the_database():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 100
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]
    assert settings.AXES_HANDLER == "quiz.accounts.throttling.AccountAndAddressHandler"


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(db):
    make_user("erin")
    for _ in range(LIMIT - 1):
        log_in("erin", "wrong-password")

    client, response = log_in("erin", PASSWORD)

    assert response.status_code == 302 and is_logged_in(client)


def test_failures_for_an_account_lock_it_at_that_address_only(db):
    make_user("dave")
    codes = [log_in("dave", "wrong-password")[1].status_code for _ in range(LIMIT)]
    # The form again ("Please enter a correct username and password"), then, at the limit,
    # the lockout page.
    assert codes == [200] * (LIMIT - 1) + [429]

    assert_locked_out(log_in("dave", PASSWORD)[1])
    elsewhere, response = log_in("dave", PASSWORD, address="203.0.113.9")
    assert response.status_code == 302 and is_logged_in(elsewhere)


@pytest.mark.parametrize("failures_per_address", [1, LIMIT])
def test_strangers_at_other_addresses_never_lock_the_owner_out(db, failures_per_address):
    """The penetration test's finding 2: one failure each from five addresses locked the
    owner out for 15 minutes, renewable forever. Now only those addresses are locked."""
    make_user("victim")
    for n in range(LIMIT):
        for _ in range(failures_per_address):
            log_in("victim", "wrong-password", address=f"198.51.100.{n}")

    owner, response = log_in("victim", PASSWORD, address="203.0.113.50")

    assert response.status_code == 302 and is_logged_in(owner)


@pytest.mark.parametrize("between_guesses", ["sign-up", "own login"])
def test_a_login_of_another_account_does_not_reset_the_guessers_failures(db, between_guesses):
    """The penetration test's finding 1: a successful login from an address cleared every
    failure recorded from it, and sign-up logs the new account in; 24 guesses went
    through. Now only an account's own login clears its own failures."""
    make_user("victim")
    make_user("guesser")
    codes = []
    for round_ in range(6):
        codes += [log_in("victim", "wrong-password")[1].status_code for _ in range(4)]
        if between_guesses == "sign-up":
            sign_up(f"throwaway{round_}", "192.0.2.1")
        else:
            assert log_in("guesser", PASSWORD)[1].status_code == 302

    assert codes[:4] == [200] * 4
    assert set(codes[4:]) == {429}, codes
    assert AccessAttempt.objects.filter(username="victim").get().failures_since_start == 24


def test_an_accounts_own_login_clears_its_failures_at_that_address(db):
    make_user("kim")
    for _ in range(LIMIT - 1):
        log_in("kim", "wrong-password")
    assert log_in("kim", PASSWORD)[1].status_code == 302

    codes = [log_in("kim", "wrong-password")[1].status_code for _ in range(LIMIT - 1)]

    assert codes == [200] * (LIMIT - 1)


def test_failures_from_one_address_for_many_accounts_lock_that_address(db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12  # 100 in production; fewer posts here
    make_user("grace")
    for n in range(12):
        log_in(f"guess{n}", "wrong-password", address="198.51.100.77")

    client, response = log_in("grace", PASSWORD, address="198.51.100.77")

    assert_locked_out(response)
    assert not is_logged_in(client)
    elsewhere, response = log_in("grace", PASSWORD, address="203.0.113.5")
    assert response.status_code == 302 and is_logged_in(elsewhere)


def test_a_classroom_behind_one_address_is_not_locked_by_a_few_typos_each(db):
    """Thirty trainees behind one NAT who mistype three times each still log in."""
    make_user("last")
    for n in range(30):
        for _ in range(3):
            log_in(f"trainee{n}", "wrong-password", address="192.0.2.99")

    client, response = log_in("last", PASSWORD, address="192.0.2.99")

    assert response.status_code == 302 and is_logged_in(client)


def test_a_password_reset_by_email_unlocks_the_account(db):
    make_user("lena")
    for address in ("198.51.100.1", "198.51.100.2"):
        for _ in range(LIMIT):
            log_in("lena", "wrong-password", address=address)
    assert_locked_out(log_in("lena", PASSWORD, address="198.51.100.1")[1])

    client = Client()
    client.post("/accounts/password_reset/", {"email": "lena@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", delivered()[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "a-new-passphrase-for-lena"
    data = {"new_password1": new_password, "new_password2": new_password}
    assert client.post(form_url, data).status_code == 302

    assert not AccessAttempt.objects.filter(username="lena").exists()
    for address in ("198.51.100.1", "198.51.100.2"):
        again, response = log_in("lena", new_password, address=address)
        assert response.status_code == 302 and is_logged_in(again)


def test_the_admin_login_is_throttled_too(db):
    make_user("heidi")
    for _ in range(LIMIT):
        log_in("heidi", "wrong-password", path="/admin/login/")

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


OTHER_WORKER = """
import django, json, sys
django.setup()
from django.test import Client
codes = [
    Client(REMOTE_ADDR="198.51.100.200").post(
        "/accounts/login/", {"username": "wendy", "password": "wrong-password"}
    ).status_code
    for _ in range(int(sys.argv[1]))
]
print(json.dumps(codes))
"""


def in_another_worker(failures: int) -> list[int]:
    """Failed logins sent by another process on the same database, as another gunicorn
    worker or app server would."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = run_python("-c", OTHER_WORKER, str(failures), DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.other_process
@pytest.mark.django_db(transaction=True)
def test_failures_in_another_worker_lock_here_and_only_the_accounts_own_login_clears_them():
    make_user("wendy")
    make_user("other")
    assert in_another_worker(LIMIT - 1) == [200] * (LIMIT - 1)
    # Another account's login from the same address, in this worker, clears nothing.
    assert log_in("other", PASSWORD, address="198.51.100.200")[1].status_code == 302

    assert in_another_worker(1) == [429]
    assert_locked_out(log_in("wendy", PASSWORD, address="198.51.100.200")[1])
    owner, response = log_in("wendy", PASSWORD, address="203.0.113.7")  # the owner, elsewhere
    assert response.status_code == 302 and is_logged_in(owner)


# --- IPv6 networks, known devices, Retry-After ------------------------------------------


def test_guesses_spread_over_one_ipv6_network_count_as_one_address(db):
    """Each home or office gets a /64 and may use any address in it."""
    make_user("ivy")
    codes = [
        log_in("ivy", "wrong-password", address=f"2001:db8:4:7::{n:x}")[1].status_code
        for n in range(1, LIMIT + 1)
    ]
    assert codes == [200] * (LIMIT - 1) + [429]
    assert_locked_out(log_in("ivy", PASSWORD, address="2001:db8:4:7:ffff::1")[1])
    elsewhere, response = log_in("ivy", PASSWORD, address="2001:db8:4:8::1")  # another /64
    assert response.status_code == 302 and is_logged_in(elsewhere)


def test_ipv4_and_ipv4_mapped_ipv6_are_the_same_address():
    factory = RequestFactory()
    mapped = factory.get("/", REMOTE_ADDR="::ffff:192.0.2.1")
    assert client_network(mapped) == "192.0.2.1"
    assert client_network(factory.get("/", REMOTE_ADDR="2001:db8:4:7:1:2:3:4")) == "2001:db8:4:7::"


def test_the_lockout_page_says_when_to_try_again_in_retry_after(db):
    make_user("otto")
    for _ in range(LIMIT):
        _client, response = log_in("otto", "wrong-password")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)


def test_an_address_wide_lock_does_not_keep_out_an_owner_on_a_device_they_used_before(db, settings):
    """Someone at the same address guessed at many accounts: the owners who logged in
    from their own browsers before still get in; a new browser does not."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    make_user("grace")
    admin = make_user("chief")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    devices = {}
    for name in ("grace", "chief"):
        devices[name], response = log_in(name, PASSWORD, address="198.51.100.77")
        assert response.status_code == 302
        devices[name].post("/accounts/logout/")
    for n in range(12):
        log_in(f"guess{n}", "wrong-password", address="198.51.100.77")

    for name, device in devices.items():
        response = device.post("/accounts/login/", {"username": name, "password": PASSWORD})
        assert response.status_code == 302 and is_logged_in(device), name
    assert_locked_out(log_in("grace", PASSWORD, address="198.51.100.77")[1])  # a new browser


def test_a_known_device_cookie_lifts_the_address_lock_for_its_own_account_only(db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    make_user("grace")
    make_user("hal")
    device, _response = log_in("grace", PASSWORD, address="198.51.100.77")
    device.post("/accounts/logout/")
    for n in range(12):
        log_in(f"guess{n}", "wrong-password", address="198.51.100.77")

    response = device.post("/accounts/login/", {"username": "hal", "password": PASSWORD})
    assert_locked_out(response)
    # Nor does it lift the account's own limit: a guesser with the cookie gets five tries.
    codes = [
        device.post("/accounts/login/", {"username": "grace", "password": "nope"}).status_code
        for _ in range(LIMIT)
    ]
    assert codes == [200] * (LIMIT - 1) + [429]


def test_a_password_reset_lets_its_owner_in_on_that_browser_past_an_address_wide_lock(db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    make_user("lena")
    for n in range(12):
        log_in(f"guess{n}", "wrong-password", address="198.51.100.77")
    browser = Client(REMOTE_ADDR="198.51.100.77")
    browser.post("/accounts/password_reset/", {"email": "lena@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", delivered()[0].body).group(1)
    new_password = "a-new-passphrase-for-lena"
    data = {"new_password1": new_password, "new_password2": new_password}
    assert browser.post(browser.get(link)["Location"], data).status_code == 302

    response = browser.post("/accounts/login/", {"username": "lena", "password": new_password})
    assert response.status_code == 302 and is_logged_in(browser)
