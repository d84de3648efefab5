"""With JavaScript turned off the whole quiz still works: it is plain HTML forms."""

import pytest
from playwright.sync_api import expect

from quiz.taking.sheet import attempt_sheet
from tests.e2e.conftest import start_quiz

pytestmark = pytest.mark.e2e


def test_take_and_submit_a_quiz_with_javascript_off(trainee_page):
    page, trainee = trainee_page(javascript=False)
    assert page.evaluate("1 + 1") == 2  # Playwright's own probe still runs; the page's cannot
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    for sq in sheet[1:]:  # leave the first question out
        right = next(c for c in sq.choices if c.is_correct)
        page.locator(f"#{sq.field_name}-c{right.pk}").check()
    page.get_by_role("button", name="Summary", exact=True).click()  # saves, then the summary
    summary = page.locator("#summary")
    expect(summary).to_contain_text("1 without an answer")
    expect(summary.locator(f'tr[data-question="{sheet[0].field_name}"]')).to_contain_text(
        "Not answered"
    )
    assert page.locator("input:checked").count() == len(sheet) - 1  # answers kept
    summary.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    # One question per objective: 6 of 7 is 85%, pass mark 80%.
    assert len(sheet) == 7
    expect(page.get_by_text("Passed: 85%")).to_be_visible()
    expect(page.get_by_text("Your answer: No answer (wrong)")).to_be_visible()

    page.get_by_role("link", name="View and print your certificate").click()
    expect(page.locator(".certificate")).to_contain_text(trainee.username)
    # The Print button needs JavaScript: without it the page says what to do instead.
    expect(page.get_by_role("button", name="Print the certificate")).to_be_hidden()
    expect(page.get_by_text("print this page with your browser's Print command")).to_be_visible()


def test_the_precheck_and_a_lesson_check_work_with_javascript_off(trainee_page):
    from quiz.models import Gain, Practice

    page, trainee = trainee_page(javascript=False)
    page.goto("/quizzes/release-facts/precheck/")
    page.locator("main form fieldset").first.locator("input").first.check()
    page.get_by_role("button", name="Record my pre-check").click()
    expect(page.locator("body")).to_contain_text("Pre-check recorded")
    assert Gain.objects.filter(user=trainee).count() == 7

    block = page.locator(".lesson-block").first
    block.get_by_role("button", name="Check my answer").click()  # nothing chosen
    block = page.locator(".lesson-block").first
    expect(block).to_contain_text("Choose an answer to check yourself.")
    block.locator("fieldset input").first.check()
    block.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".lesson-block").first.locator(".check-feedback")).to_be_visible()
    expect(page.locator("#progress-title")).to_have_text("Your progress: 1 of 7 checks done")
    assert Practice.objects.filter(user=trainee, purpose="check").count() == 1
