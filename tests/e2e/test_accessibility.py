"""axe-core finds no WCAG 2.1 A or AA violation on any page, in every state a trainee sees.

axe-core comes from the pinned PyPI package axe-playwright-python (its vendored axe.min.js),
injected into the page by Playwright: nothing is fetched from a CDN.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from quiz.models import Attempt
from tests.e2e.conftest import (
    ARTIFACTS,
    answer_every_fieldset,
    log_in,
    start_quiz,
    submit_through_client,
)
from tests.factories import make_user, quiz_about_components

pytestmark = pytest.mark.e2e

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE = Axe()
COUNTS_FILE = ARTIFACTS / "axe-violations.json"


def violations_on(page, name: str) -> list:
    results = AXE.run(page, options=WCAG_21_AA)
    record(name, results.violations_count)
    return results.response["violations"], results.generate_report()


def record(name: str, count: int) -> None:
    """Keep each page's count in test-artifacts/, for the report."""
    ARTIFACTS.mkdir(exist_ok=True)
    counts = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    counts[name] = count
    COUNTS_FILE.write_text(json.dumps(counts, indent=2, sort_keys=True))


def assert_no_violations(page, name: str) -> None:
    assert page.locator("h1").count() == 1, f"{name}: not the page expected ({page.url})"
    violations, report = violations_on(page, name)
    assert violations == [], f"{name}: {report}"
    capture(page, name)


def capture(page, name: str) -> None:
    """A full-page screenshot of what axe checked, to look at: test-artifacts/pages/."""
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    file_name = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    page.screenshot(path=folder / f"{file_name}.png", full_page=True)


ANONYMOUS_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "sign up done": "/accounts/signup/done/",
    "confirmation link not valid": "/accounts/confirm/not-a-token/",
    "password reset": "/accounts/password_reset/",
    "certificate check": "/certificates/",
    "certificate check, unknown code": "/certificates/no-such-code/",
    "lesson, before signing up": "/quizzes/release-facts/lesson/",
    "page not found": "/no-such-page/",
    "accessibility statement": "/accessibility/",
    "privacy": "/privacy/",
}


WIDTHS = (375, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_public_pages_have_no_wcag_violations(new_page, name, width):
    page = new_page(width=width)
    page.goto(ANONYMOUS_PAGES[name])
    assert_no_violations(page, f"{name} at {width}px")


def test_forms_with_errors_have_no_wcag_violations(new_page):
    page = new_page()
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_selector("#error-summary")
    assert_no_violations(page, "sign up with errors")
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#error-summary")
    assert_no_violations(page, "login with errors")


@pytest.fixture
def trainee_pages(new_page, whole_bank):
    """A logged-in trainee with a passed attempt (and so a certificate), a failed one (and
    so roles confused on the history page) and one in progress. The failed one and the one
    in progress are at a quiz of choice, select-all and matching questions about the parts
    of DHS: its matching question records confusions, and its take page shows every kind of
    input."""
    make_user("trainee")
    page = new_page()
    log_in(page, "trainee")
    by_hand = quiz_about_components()
    passed = submit_through_client(start_quiz(page, "release-facts"))
    failed = submit_through_client(start_quiz(page, by_hand.slug), right=False)
    assert passed.passed and not failed.passed
    in_progress = start_quiz(page, by_hand.slug)
    return page, passed, in_progress, failed


@pytest.mark.parametrize("width", WIDTHS)
def test_trainee_pages_have_no_wcag_violations(trainee_pages, new_page, width):
    page, passed, in_progress, failed = trainee_pages
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "quiz list": "/quizzes/",
        "lesson": "/quizzes/component-roles/lesson/",
        "pre-check": "/quizzes/component-roles/precheck/",
        "take": f"/attempts/{in_progress.pk}/",
        "result": f"/attempts/{passed.pk}/result/",
        "result, not passed": f"/attempts/{failed.pk}/result/",
        "result, all questions": f"/attempts/{failed.pk}/result/?show=all",
        "history": "/history/",
        "certificate": f"/attempts/{passed.pk}/certificate/",
        "profile": "/accounts/profile/",
        "password change": "/accounts/password/change/",
    }
    failures = []
    for name, url in pages.items():
        page.goto(url)
        violations, report = violations_on(page, f"{name} at {width}px")
        capture(page, f"{name} at {width}px")
        if violations:
            failures.append(f"{name}: {report}")
    assert not failures, "\n".join(failures)
    page.goto("/history/")
    assert page.locator(".mastery dd li").count() > 0  # confusions were on the page

    stranger = new_page(width=width)
    stranger.goto(f"/certificates/{passed.certificate.code}/")
    assert_no_violations(stranger, f"verification at {width}px")


def test_take_page_with_its_error_summary_has_no_wcag_violations(trainee_pages):
    """The summary's button says "finish"; a form sent without it (a page open from before
    the summary, a script) with questions left out gets them listed, and nothing graded."""
    page, _, in_progress, _ = trainee_pages
    page.goto(f"/attempts/{in_progress.pk}/")
    page.evaluate("document.getElementById('quiz-form').submit()")
    page.wait_for_selector("#missing-summary")
    assert_no_violations(page, "take with error summary")
    assert Attempt.objects.get(pk=in_progress.pk).status == "in_progress"


def test_lesson_with_a_passage_targeted_has_no_wcag_violations(trainee_pages):
    page, *_ = trainee_pages
    page.goto("/quizzes/component-roles/lesson/#passage-uscis")
    assert_no_violations(page, "lesson, passage targeted")


@pytest.mark.parametrize("width", WIDTHS)
def test_learning_pages_have_no_wcag_violations(trainee_pages, new_page, width):
    """A lesson check answered and one sent blank, a refresher from its link, its page
    once answered, a link that is not valid, and the unsubscribe page."""
    import uuid

    from quiz.learning import links, refreshers
    from quiz.models import Refresher

    page, passed, *_ = trainee_pages
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/quizzes/component-roles/lesson/")
    page.locator("#block-arrests input[type=radio]").first.check()
    page.locator("#block-arrests button[type=submit]").click()
    page.locator("#block-investigates button[type=submit]").click()
    page.wait_for_selector("#block-investigates .has-error")
    assert_no_violations(page, f"lesson, a check answered and one blank, at {width}px")

    user = passed.user
    user.email = user.email or "trainee@example.org"
    user.save()
    refresher = Refresher.objects.create(
        user=user,
        quiz=passed.quiz,
        stage=2 if width < 1000 else 7,
        passed_at=passed.submitted_at,
        run=uuid.uuid4(),
    )
    refresher = Refresher.objects.select_related("user", "quiz").get(pk=refresher.pk)
    refreshers.mail_refresher(refresher)
    stranger = new_page(width=width)
    stranger.goto(f"/refreshers/{links.refresher_token(refresher)}/")
    assert_no_violations(stranger, f"refresher at {width}px")
    stranger.locator("button[type=submit]").click()
    stranger.wait_for_selector(".error-summary")
    assert_no_violations(stranger, f"refresher with an error at {width}px")
    answer_every_fieldset(stranger.locator("main form"))
    stranger.locator("button[type=submit]").click()
    stranger.wait_for_selector("text=Recorded.")
    assert_no_violations(stranger, f"refresher answered at {width}px")
    stranger.goto("/refreshers/not-a-link/")
    assert_no_violations(stranger, f"refresher link not valid at {width}px")
    stranger.goto(f"/refreshers/stop/{links.unsubscribe_token(user.pk)}/")
    assert_no_violations(stranger, f"unsubscribe at {width}px")
