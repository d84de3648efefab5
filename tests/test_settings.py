"""Settings come from the environment; with nothing set, development mode on SQLite."""

import json
import subprocess

import pytest

from tests.processes import run_python

pytestmark = pytest.mark.other_process

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
    "'options': s.DATABASES['default'].get('OPTIONS', {}), "
    "'cache': s.CACHES['default']['BACKEND'], 'sessions': s.SESSION_ENGINE, "
    "'cookies': [s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE], "
    "'fallbacks': s.SECRET_KEY_FALLBACKS}, default=str))"
)


def settings_with(**env) -> subprocess.CompletedProcess:
    return run_python("-c", f"import django; django.setup(); {SHOW}", **env)


def test_nothing_set_means_development_on_sqlite():
    shown = json.loads(settings_with().stdout)
    assert shown["debug"] is True
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"].endswith("var/db.sqlite3")


def test_database_url_selects_postgresql():
    shown = json.loads(settings_with(DATABASE_URL="postgres://u@db.example:5432/training").stdout)
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "training"


def test_production_needs_a_secret_key():
    result = settings_with(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
    shown = json.loads(
        settings_with(
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY="x" * 50,
            DJANGO_ALLOWED_HOSTS="a.example,b.example",
        ).stdout
    )
    assert shown["debug"] is False and shown["hosts"] == ["a.example", "b.example"]


def test_a_sqlite_database_url_keeps_the_sqlite_tuning(tmp_path):
    shown = json.loads(settings_with(DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3").stdout)
    assert shown["name"] == f"{tmp_path}/other.sqlite3"
    assert shown["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in shown["options"]["init_command"]


def test_the_cache_is_shared_between_workers_never_in_process_memory():
    assert json.loads(settings_with().stdout)["cache"].endswith("FileBasedCache")
    shown = json.loads(settings_with(REDIS_URL="redis://127.0.0.1:6379/9").stdout)
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    # Kept in the database, read through that shared cache, outliving a cache outage.
    assert shown["sessions"] == "quiz.accounts.sessions"


def test_ci_stops_with_a_message_when_postgresql_does_not_answer():
    result = run_python(".ci/check-postgres", "postgres://postgres@127.0.0.1:1/nothing")
    assert result.returncode == 1
    assert "PostgreSQL is not reachable at postgres://postgres@127.0.0.1:1/nothing" in result.stderr


PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50}


def test_cookies_carry_the_host_prefix_when_https_is_on():
    shown = json.loads(settings_with(**PRODUCTION).stdout)
    assert shown["cookies"] == ["__Host-sessionid", "__Host-csrftoken", True]
    # Plain HTTP on a laptop (make serve): a __Host- cookie would be refused there.
    plain = json.loads(settings_with(**PRODUCTION, DJANGO_HTTPS="false").stdout)
    assert plain["cookies"] == ["sessionid", "csrftoken", False]


def test_old_secret_keys_come_from_the_environment_for_rotation():
    assert json.loads(settings_with().stdout)["fallbacks"] == []
    old = "o" * 50 + "," + "p" * 50
    shown = json.loads(settings_with(**PRODUCTION, DJANGO_SECRET_KEY_FALLBACKS=old).stdout)
    assert shown["fallbacks"] == ["o" * 50, "p" * 50]


MAIL = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ('EMAIL_BACKEND', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', "
    "'EMAIL_USE_SSL', 'EMAIL_TIMEOUT')}))"
)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def mail_settings(url: str) -> dict:
    result = run_python("-c", f"import django; django.setup(); {MAIL}", EMAIL_URL=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "url, port, tls, ssl",
    [
        ("smtp://mail.example.org:25", 25, False, False),
        ("smtp+tls://mail.example.org:587", 587, True, False),
        ("submission://mail.example.org", 587, True, False),
        ("smtp+ssl://mail.example.org:465", 465, False, True),
    ],
)
def test_email_url_names_the_mail_server_and_its_encryption(url, port, tls, ssl):
    shown = mail_settings(url)
    assert shown["EMAIL_BACKEND"] == SMTP
    assert (shown["EMAIL_HOST"], shown["EMAIL_PORT"]) == ("mail.example.org", port)
    assert (shown["EMAIL_USE_TLS"], shown["EMAIL_USE_SSL"]) == (tls, ssl)
    assert shown["EMAIL_TIMEOUT"] == 30  # a silent server never holds a worker for ever


def test_email_url_gives_a_login_with_its_characters_escaped_and_a_timeout():
    shown = mail_settings(
        "smtp+tls://alerts%40agency.gov:p%2Fss%3Aword@mail.example.org:587?timeout=5"
    )
    assert shown["EMAIL_HOST_USER"] == "alerts@agency.gov"
    assert shown["EMAIL_HOST_PASSWORD"] == "p/ss:word"
    assert shown["EMAIL_USE_TLS"] is True
    assert shown["EMAIL_TIMEOUT"] == 5


def test_an_email_url_no_backend_reads_stops_the_start():
    result = run_python("-c", "import django; django.setup()", EMAIL_URL="smtps+starttls://h")
    assert result.returncode != 0
    assert "EMAIL_URL: unknown scheme 'smtps+starttls'" in result.stderr


def test_mail_reaches_the_server_email_url_names():
    from tests.mailserver import MailServer

    server = MailServer()
    server.up()
    try:
        send = (
            "import django; django.setup(); from django.core.mail import send_mail; "
            "send_mail('Hello', 'Body', None, ['kim@example.org'])"
        )
        result = run_python("-c", send, EMAIL_URL=server.url)
    finally:
        server.down()
    assert result.returncode == 0, result.stderr
    assert server.inbox.recipients() == ["kim@example.org"]
