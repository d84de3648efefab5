"""The take page with JavaScript, in Chromium: one section at a time, the review screen with
unanswered and flagged questions, the countdown that speaks only at 5 and 1 minutes left,
and the quiet autosave. axe finds nothing at 375 and 1280 px; screenshots of the page and
its review go to test-artifacts/. The same page without JavaScript is tested on the server
side (tests/taking/test_take_sections.py) and in test_no_javascript.py."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz
from quiz.taking.sheet import attempt_sheet
from tests.e2e.conftest import ARTIFACTS, start_quiz
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

WIDTHS = (375, 1280)

# Every change of the time warning's live region, recorded from before the page's own
# scripts run: proof of what a screen reader was given, and how often.
RECORD_WARNINGS = """
window.spoken = [];
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    var region = document.getElementById("time-warning");
    if (region && region.contains(change.target) && region.textContent) {
      window.spoken.push(region.textContent);
    }
  });
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def section(page, number: int):
    return page.locator(f"#section-{number}")


def question(page, sq):
    return page.locator(f"#{sq.field_name}")


def show_question(page, sq) -> None:
    """Press Next (or Previous) until the section holding sq is the one shown."""
    for _ in range(10):
        if question(page, sq).is_visible():
            return
        shown = int(page.locator(".take-section:visible").get_attribute("id").split("-")[1])
        target = int(question(page, sq).locator("xpath=..").get_attribute("id").split("-")[1])
        page.get_by_role("button", name="Next" if target > shown else "Previous").click()
    raise AssertionError(f"question {sq.number} never shown")


def answer(page, sq) -> None:
    """Answer one question right, with the mouse."""
    show_question(page, sq)
    for item in sq.items:
        page.locator(f"#{sq.item_field_name(item)}").select_option(str(item.correct_choice_id))
    for choice in sq.choices if not sq.items else []:
        if choice.is_correct:
            page.locator(f"#{sq.field_name}-c{choice.pk}").check()


def review_list(page, name: str):
    return page.locator(f'[data-review-list="{name}"] > li:visible')


def snapshot(page, name: str, *, full_page: bool = True) -> None:
    """full_page=False: the window as the trainee sees it, with the bar at its bottom."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


# --- Sections ----------------------------------------------------------------------------


def test_sections_show_one_at_a_time_and_the_progress_follows_the_answers(trainee_page):
    page, _ = trainee_page(height=500)  # shorter than a section: the bar has to stick
    attempt = start_quiz(page, "release-facts")  # seven questions: three sections
    sheet = attempt_sheet(attempt)
    pager = page.locator("#take-pager")

    expect(section(page, 1)).to_be_visible()
    expect(section(page, 2)).to_be_hidden()
    expect(section(page, 3)).to_be_hidden()
    expect(pager).to_contain_text("Section 1 of 3")
    expect(page.get_by_role("button", name="Previous")).to_be_hidden()

    page.get_by_role("button", name="Next").click()
    expect(section(page, 1)).to_be_hidden()
    expect(section(page, 2)).to_be_visible()
    expect(page.locator("#section-2-title")).to_be_focused()  # reading starts at the heading
    expect(pager).to_contain_text("Section 2 of 3")
    page.get_by_role("button", name="Next").click()
    expect(section(page, 3)).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_be_hidden()
    page.get_by_role("button", name="Previous").click()
    expect(section(page, 2)).to_be_visible()
    expect(page.locator("#section-2-title")).to_be_focused()

    # The count and the bar follow each answer as it is given, without a reload.
    expect(page.locator("#take-bar")).to_contain_text("0 of 7 answered")
    answer(page, sheet[0])
    answer(page, sheet[6])
    expect(page.locator("#take-bar")).to_contain_text("2 of 7 answered")
    assert page.locator("#answered-progress").evaluate("bar => bar.value") == 2
    # The bar stays at the bottom of the window while the questions scroll under it.
    bar = page.locator("#take-bar").bounding_box()
    assert page.locator("#take-bar").evaluate("bar => getComputedStyle(bar).position") == "sticky"
    assert bar["y"] + bar["height"] == pytest.approx(page.viewport_size["height"], abs=1)


def test_the_keyboard_moves_between_sections(trainee_page):
    page, _ = trainee_page()
    start_quiz(page, "release-facts")
    next_button = page.get_by_role("button", name="Next")
    next_button.focus()
    page.keyboard.press("Enter")
    expect(section(page, 2)).to_be_visible()
    page.keyboard.press("Tab")  # from the heading into the section's first question
    focused = page.evaluate("document.activeElement.closest('.take-section').id")
    assert focused == "section-2"


# --- The review ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_review_lists_unanswered_and_flagged_questions_then_submits(trainee_page, width):
    page, _ = trainee_page(width=width, height=800)
    attempt = start_quiz(page, "release-facts")  # seven questions
    sheet = attempt_sheet(attempt)
    skipped, flagged = sheet[0], sheet[4]
    for sq in sheet[1:]:
        answer(page, sq)
    show_question(page, flagged)
    question(page, flagged).get_by_label(f"Flag question {flagged.number} for review").check()
    show_question(page, sheet[0])
    snapshot(page, f"take-section-{width}px", full_page=False)
    assert_no_violations(page, f"take, a section at {width} px")

    page.get_by_role("button", name="Review answers").click()
    review = page.locator("#review")
    expect(review).to_be_visible()
    expect(page.locator("#review-title")).to_be_focused()
    expect(page.locator(".take-section:visible")).to_have_count(0)  # the review, alone
    expect(page.locator("#take-submit")).to_be_hidden()
    expect(page.locator("#take-pager")).to_be_hidden()
    expect(review_list(page, "unanswered")).to_have_count(1)
    expect(review_list(page, "unanswered")).to_contain_text(f"Question {skipped.number}")
    expect(review_list(page, "flagged")).to_have_count(1)
    expect(review_list(page, "flagged")).to_contain_text(f"Question {flagged.number}")
    expect(review.get_by_role("button", name="Submit anyway")).to_be_visible()
    expect(review).to_contain_text("6 of 7 questions answered.")
    snapshot(page, f"take-review-{width}px")
    assert_no_violations(page, f"take, review at {width} px")

    # Back to the unanswered question through its link, answer it, review again.
    review.get_by_role("link", name=f"Question {skipped.number}").click()
    expect(review).to_be_hidden()
    expect(question(page, skipped)).to_be_in_viewport()
    answer(page, skipped)
    page.get_by_role("button", name="Review answers").click()
    expect(review_list(page, "unanswered")).to_have_count(0)
    expect(review.get_by_text("Every question has an answer.")).to_be_visible()
    expect(review_list(page, "flagged")).to_contain_text(f"Question {flagged.number}")
    expect(review.get_by_role("button", name="Submit anyway")).to_be_hidden()

    review.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100


def test_flags_are_kept_across_a_reload_of_the_tab(trainee_page):
    page, _ = trainee_page()
    attempt = start_quiz(page, "release-facts")
    first = attempt_sheet(attempt)[0]
    flag = page.get_by_label(f"Flag question {first.number} for review")
    flag.check()
    page.reload()
    expect(page.get_by_label(f"Flag question {first.number} for review")).to_be_checked()
    page.get_by_role("button", name="Review answers").click()
    expect(review_list(page, "flagged")).to_contain_text(f"Question {first.number}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_review_without_javascript_is_a_page_of_its_own(trainee_page, width):
    page, _ = trainee_page(width=width, height=800, javascript=False)
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    expect(section(page, 2)).to_be_visible()  # every section, one after another
    expect(page.locator("#take-pager")).to_be_hidden()
    page.get_by_label(f"Flag question {sheet[1].number} for review").check()

    page.get_by_role("button", name="Review answers").click()
    page.wait_for_url(re.compile(r"\?review=1&flag=\d+#review$"))
    review = page.locator("#review")
    expect(review_list(page, "unanswered")).to_have_count(7)
    expect(review_list(page, "flagged")).to_have_text(re.compile(f"Question {sheet[1].number}"))
    # axe cannot run where scripts are off; the review it checks is the same markup.
    snapshot(page, f"take-review-no-javascript-{width}px")
    review.get_by_role("button", name="Submit anyway").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    assert Attempt.objects.get(pk=attempt.pk).is_submitted


# --- The countdown ----------------------------------------------------------------------


def timed(slug: str, minutes: int) -> None:
    Quiz.objects.filter(slug=slug).update(time_limit_minutes=minutes)


def test_a_one_minute_limit_counts_down_and_is_announced_once_at_one_minute(trainee_page):
    page, _ = trainee_page(timezone_id="Asia/Tokyo")
    page.add_init_script(RECORD_WARNINGS)
    timed("release-facts", 1)
    start_quiz(page, "release-facts")

    clock = page.locator("#countdown")
    expect(clock).to_be_visible()
    expect(clock).to_have_text(re.compile(r"^Time left 0:[0-5]\d$"))
    first = page.locator("#countdown-clock").inner_text()
    expect(page.locator("#countdown-clock")).not_to_have_text(first)  # it ticks
    expect(page.locator("#time-warning")).to_have_text("1 minute left. Submit your answers now.")
    page.wait_for_timeout(3000)  # three more ticks: nothing more is said
    assert page.evaluate("window.spoken") == ["1 minute left. Submit your answers now."]
    # One deadline, in the trainee's own zone (the server's, from the tz cookie), in words.
    expect(page.locator("#time-limit time")).to_have_text(
        re.compile(r"^\d{2}:\d{2} Japan Standard Time$")
    )
    expect(page.locator("#time-limit")).not_to_contain_text("UTC")


def test_five_minutes_left_is_announced_once_and_then_nothing_until_one(trainee_page):
    page, _ = trainee_page()
    page.add_init_script(RECORD_WARNINGS)
    timed("release-facts", 10)
    attempt = start_quiz(page, "release-facts")
    deadline = timezone.now() + timedelta(minutes=5, seconds=2)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)

    page.goto(f"/attempts/{attempt.pk}/")
    expect(page.locator("#countdown-clock")).to_have_text(re.compile(r"^5:0[0-2]$"))
    expect(page.locator("#time-warning")).to_have_text(
        "5 minutes left. Submit your answers soon.", timeout=6000
    )
    page.wait_for_timeout(2000)
    assert page.evaluate("window.spoken") == ["5 minutes left. Submit your answers soon."]


# --- Autosave -----------------------------------------------------------------------------


def test_autosave_says_saved_quietly_and_speaks_only_when_a_save_fails(trainee_page):
    page, _ = trainee_page()
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    note, problem = page.locator("#autosave-note"), page.locator("#save-problem")
    quiet = "el => !el.closest('[aria-live], [role=status], [role=alert]')"

    answer(page, sheet[0])
    expect(note).to_have_text(re.compile(r"^Saved \d{1,2}:\d{2}"))
    assert note.evaluate(quiet)  # no live region: nothing is announced
    expect(problem).to_have_text("")
    expect(problem).to_have_attribute("role", "alert")

    page.route(f"**/attempts/{attempt.pk}/save/", lambda route: route.abort())
    answer(page, sheet[1])
    expect(problem).to_have_text(re.compile("^Not saved: the server cannot be reached"))
    expect(note).to_have_text("")
    page.unroute(f"**/attempts/{attempt.pk}/save/")
    answer(page, sheet[2])
    expect(note).to_have_text(re.compile(r"^Saved "))
    expect(problem).to_have_text("")


# --- Accessibility of a timed page ---------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_timed_take_page_has_no_wcag_violations(trainee_page, width):
    page, _ = trainee_page(width=width, height=800)
    timed("component-roles", 20)
    start_quiz(page, "component-roles")
    expect(page.locator("#countdown")).to_be_visible()
    snapshot(page, f"take-timed-{width}px", full_page=False)
    assert_no_violations(page, f"take, timed, at {width} px")
