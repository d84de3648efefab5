"""Security headers and production settings: CSP without inline scripts, no sniffing, no
framing, a strict referrer policy, secure HttpOnly cookies and HSTS, `check --deploy` clean."""

import json
import re
import secrets
import string
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import run_python

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(content, start, trainee_client):
    """The trainee's pages: list, take, result, history; and the login page."""
    attempt = start("release-facts")
    take = trainee_client.get(f"/attempts/{attempt.pk}/")
    return [
        trainee_client.get("/quizzes/"),
        take,
        trainee_client.get("/history/"),
        trainee_client.get("/accounts/login/"),
    ]


def test_every_page_has_a_csp_that_allows_only_this_sites_scripts(pages):
    for response in pages:
        policy = csp(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_every_page_refuses_sniffing_framing_and_long_referrers(pages):
    for response in pages:
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_event_handler(pages):
    for response in pages:
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert not re.search(r"<script\b[^>]*>(?!</script>)\s*[^<\s]", html)  # empty scripts
        assert not re.search(r"\son[a-z]+\s*=", html, re.I)
        assert "javascript:" not in html.lower()


def test_no_template_has_an_inline_script_or_event_handler():
    files = list(TEMPLATES.rglob("*.html"))
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, (path.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), path.name
        assert "javascript:" not in text.lower(), path.name


def production_env(**extra) -> dict:
    key = "".join(
        secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50)
    )
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": key,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_SITE_URL": "https://example.org",
    }
    return {**env, **extra}


@pytest.mark.other_process
def test_check_deploy_reports_nothing_with_production_settings():
    result = run_python("manage.py", "check", "--deploy", **production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


@pytest.mark.other_process
def test_check_deploy_wants_an_https_site_address():
    result = run_python(
        "manage.py", "check", "--deploy", **production_env(DJANGO_SITE_URL="http://example.org")
    )

    assert result.returncode != 0
    assert "quiz.E001" in result.stderr and "'http://example.org'" in result.stderr


@pytest.mark.other_process
def test_check_deploy_wants_the_client_address_header_behind_a_proxy():
    behind_a_proxy = production_env(DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")

    without = run_python("manage.py", "check", "--deploy", **behind_a_proxy)
    named = run_python(
        "manage.py", "check", "--deploy", **behind_a_proxy, DJANGO_CLIENT_IP_HEADER="HTTP_X_REAL_IP"
    )

    assert "quiz.W001" in without.stderr
    assert named.returncode == 0 and "quiz.W001" not in named.stderr


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.conf import settings
# The page's {% static %} needs collectstatic's manifest; this test does not run collectstatic.
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
from django.test import Client
http = Client(HTTP_HOST="example.org").get("/accounts/login/")
https = Client(HTTP_HOST="example.org").get("/accounts/login/", secure=True)
csrf = https.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "http": [http.status_code, http.get("Location")],
    "https": https.status_code,
    "hsts": https.get("Strict-Transport-Security"),
    "csrf_cookie": {"secure": bool(csrf["secure"]), "httponly": bool(csrf["httponly"])},
    "cookie_names": [settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME],
    "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
    "debug": settings.DEBUG,
}))
"""


@pytest.mark.other_process
def test_production_redirects_to_https_with_hsts_and_secure_httponly_cookies():
    result = run_python("-c", PRODUCTION_REQUESTS, **production_env())

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["debug"] is False
    assert shown["http"] == [301, "https://example.org/accounts/login/"]
    assert shown["https"] == 200
    assert shown["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert shown["csrf_cookie"] == {"secure": True, "httponly": True}
    assert shown["session"] == [True, True]
    # The prefix makes browsers hold them to Secure, this host only, every path.
    assert shown["cookie_names"] == ["__Host-csrftoken", "__Host-sessionid"]


@pytest.mark.other_process
def test_development_keeps_cookies_usable_over_plain_http():
    env = production_env(DJANGO_DEBUG="true")
    result = run_python("-c", PRODUCTION_REQUESTS.replace("secure=True", ""), **env)

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["http"][0] == 200
    assert shown["hsts"] is None
    assert shown["csrf_cookie"] == {"secure": False, "httponly": True}
    assert shown["cookie_names"] == ["csrftoken", "sessionid"]
