"""Browser tests: Playwright for Python drives Debian's Chromium against the live server.

`playwright install` cannot download browsers here, so the tests use the system Chromium.
Without it they are skipped locally, with a message saying how to install it; in CI
(CI=true) a missing browser is a failure, never a silent skip.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from quiz.models import Attempt, Quiz
from tests.factories import PASSWORD, answer_form, make_user

# Playwright's sync API keeps an event loop running in the test thread for the whole
# session; the tests and pytest-django still use the ORM there (synchronously, in their own
# thread), which Django refuses while a loop runs unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"  # ignored by git
INSTALL_HINT = (
    "Chromium not found at {path}: the browser tests need it. Install it with "
    "`apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)."
)


def find_chromium() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if path is None:
        message = INSTALL_HINT.format(path=CHROMIUM)
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    """The live server with the release's content loaded and the questions built. The
    walks retake quizzes at once, so the quizzes' attempt policy is off here (it has its
    own tests, tests/taking/test_attempt_policy.py)."""
    call_command("build_questions", verbosity=0)
    Quiz.objects.update(attempts_per_day=None, wait_minutes=0)
    return live_server


@pytest.fixture
def new_page(browser, site):
    """Open a page in a fresh browser context (its own cookies), closed after the test.

    The CSP is bypassed unless asked for: axe-core is injected into the page, which the
    app's strict CSP would refuse. timezone_id ("America/New_York") sets the browser's
    zone; by default it is the machine's.
    """
    contexts = []

    def open_page(
        *,
        width=1280,
        height=900,
        scale=1,
        javascript=True,
        enforce_csp=False,
        timezone_id=None,
    ):
        context = browser.new_context(
            base_url=site.url,
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            java_script_enabled=javascript,
            bypass_csp=not enforce_csp,
            # Bootstrap scrolls smoothly otherwise, and a screenshot may catch it mid-way.
            reduced_motion="reduce",
            timezone_id=timezone_id,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/quizzes/")


@pytest.fixture
def trainee_page(new_page):
    """A logged-in trainee's page, and the trainee."""

    def open_as(username="trainee", **options):
        user = make_user(username)
        page = new_page(**options)
        log_in(page, username)
        return page, user

    return open_as


def start_quiz(page, slug="component-roles") -> Attempt:
    page.goto(f"/quizzes/{slug}/lesson/")
    page.get_by_role("button", name="Take the quiz").click()
    # The questions come in the answer to the start; take.js then shows the attempt's own
    # address (tests/e2e/test_trainee_flow.py checks that), which stays the start's without it.
    expect(page.locator("#quiz-form")).to_be_visible()
    return Attempt.objects.latest("pk")


def submit_through_client(attempt: Attempt, *, right: bool = True) -> Attempt:
    """Submit an attempt without the browser, for tests about the pages after it."""
    client = Client()
    client.force_login(attempt.user)
    assert client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right)).status_code
    attempt.refresh_from_db()
    return attempt


def answer_every_fieldset(area) -> None:
    """Pick something in every question in `area` (a page or a part of one): the first
    option of each list, the first box or button otherwise."""
    for fieldset in area.locator("fieldset").all():
        selects = fieldset.locator("select").all()
        for select in selects:
            select.select_option(index=1)
        if not selects:
            fieldset.locator("input").first.check()


def answer_right(page, attempt: Attempt) -> None:
    """Pick the right answers (from the choice rows, tests/factories.py) section by
    section, as a trainee would: the questions not shown yet wait for Next."""
    left = dict(answer_form(attempt))
    for _ in range(len(left) + 1):
        for name, values in list(left.items()):
            field = page.locator(f'[name="{name}"]').first
            if not field.is_visible():
                continue
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(values)
            else:
                for value in values:
                    page.locator(f'[name="{name}"][value="{value}"]').check()
            del left[name]
        if not left:
            return
        page.get_by_role("button", name="Next").click()
    raise AssertionError(f"Never shown: {sorted(left)}")
