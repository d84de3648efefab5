"""The trainee's pages on a phone first (375 x 667) and on a desktop (1280 wide): the
first question on the first screen, the menu folded behind a button, a bar of at most
64 px, a one-line time limit, pages of bounded height, one listing per quiz, marks said
once. The screenshots the README shows, and their heights, go to test-artifacts/trainee/."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from quiz.models import Quiz
from quiz.taking.sheet import attempt_sheet
from tests.e2e.conftest import ARTIFACTS, log_in, start_quiz, submit_through_client
from tests.e2e.test_accessibility import assert_no_violations
from tests.factories import answer_form, make_user

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = ARTIFACTS / "trainee"
HEIGHTS = SHOTS / "heights.json"


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def capture(page, name: str, width: int, *, full_page: bool = True) -> int:
    """Save the screenshot and its page height (test-artifacts/trainee/); the height."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    file_name = f"{name}-{width}px"
    page.screenshot(path=SHOTS / f"{file_name}.png", full_page=full_page)
    heights = json.loads(HEIGHTS.read_text()) if HEIGHTS.exists() else {}
    heights[file_name] = page_height(page)
    HEIGHTS.write_text(json.dumps(heights, indent=2, sort_keys=True))
    return heights[file_name]


def with_mistakes(attempt, count: int) -> dict:
    """A form answering every question right but the first `count`, answered wrong."""
    right, wrong = answer_form(attempt), answer_form(attempt, right=False)
    missed = [sq.field_name for sq in attempt_sheet(attempt)[:count]]
    return {
        name: wrong[name] if name.split("-")[0] in missed else value
        for name, value in right.items()
    }


def submitted_with_two_mistakes(page, slug: str):
    attempt = start_quiz(page, slug)
    client = Client()
    client.force_login(attempt.user)
    client.post(f"/attempts/{attempt.pk}/", {**with_mistakes(attempt, 2), "finish": "1"})
    attempt.refresh_from_db()
    assert attempt.is_submitted
    return attempt


@pytest.fixture
def jane(new_page):
    """A trainee with a full name, logged in on a phone and on a desktop."""
    make_user("jdoe")
    User.objects.filter(username="jdoe").update(first_name="Jane", last_name="Doe")
    pages = {}
    for size in (PHONE, DESKTOP):
        page = new_page(**size)
        log_in(page, "jdoe")
        pages[size["width"]] = page
    return pages


# --- The first screen of the take page ------------------------------------------------------


def test_on_a_phone_the_first_question_is_on_the_first_screen_above_a_thin_bar(jane):
    page = jane[375]
    Quiz.objects.filter(slug="component-roles").update(time_limit_minutes=20)
    attempt = start_quiz(page, "component-roles")  # the longer title, and ten questions
    page.evaluate("window.scrollTo(0, 0)")

    legend = page.locator("fieldset.question legend").first
    bar = page.locator("#take-bar").bounding_box()
    box = legend.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"], (box, bar)
    assert bar["height"] <= 64 and bar["y"] + bar["height"] == pytest.approx(667, abs=1)
    # The time limit is one line; what it means is a tap away.
    notice = page.locator("#time-limit summary")
    line = notice.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert notice.bounding_box()["height"] <= line * 1.2
    expect(page.locator("#time-limit")).not_to_contain_text("Submit by", use_inner_text=True)
    notice.click()
    expect(page.locator("#time-limit")).to_contain_text("Submit by")
    notice.click()
    capture(page, "take-first-screen", 375, full_page=False)
    page.locator("#take-nav").screenshot(path=SHOTS / "take-navigator-375px.png")
    assert attempt.responses.count() == 10


def test_on_a_desktop_a_section_of_three_questions_fits_1300_px(jane):
    page = jane[1280]
    Quiz.objects.filter(slug="component-roles").update(time_limit_minutes=20)
    start_quiz(page, "component-roles")
    expect(page.locator(".take-section:visible fieldset.question")).to_have_count(3)
    assert page.locator("#take-bar").bounding_box()["height"] <= 64
    capture(page, "take-first-screen", 1280, full_page=False)
    page.locator("#take-nav").screenshot(path=SHOTS / "take-navigator-1280px.png")
    assert capture(page, "take-section", 1280) <= 1300


@pytest.mark.parametrize("width", (375, 1280))
def test_the_summary_is_captured_at_both_widths(jane, width):
    page = jane[width]
    start_quiz(page, "release-facts")
    page.get_by_role("button", name="Summary", exact=True).click()
    expect(page.locator("#summary")).to_be_visible()
    capture(page, "take-summary", width)


# --- The menu -----------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", (True, False), ids=("with-js", "without-js"))
def test_on_a_phone_the_menu_folds_behind_one_button_and_opens(new_page, javascript):
    make_user("kim")
    page = new_page(**PHONE, javascript=javascript)
    log_in(page, "kim")
    header = page.locator("header")
    assert header.bounding_box()["height"] <= 80  # one row: the site's name and the button
    expect(page.get_by_role("link", name="My results")).to_be_hidden()
    page.locator("header summary", has_text="Menu").click()
    expect(page.get_by_role("link", name="My results")).to_be_visible()
    if javascript:
        assert_no_violations(page, "menu open at 375px")
    page.get_by_role("link", name="My results").click()
    page.wait_for_url("**/history/")


def test_on_a_desktop_the_links_are_in_the_header_and_log_out_names_no_one(jane):
    page = jane[1280]
    expect(page.locator("header summary")).to_be_hidden()
    expect(page.get_by_role("link", name="My results")).to_be_visible()
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    assert page.locator("header").bounding_box()["height"] <= 80


# --- The quiz list ------------------------------------------------------------------------


@pytest.mark.parametrize("width", (375, 1280))
def test_the_quiz_list_greets_by_name_lists_each_quiz_once_with_short_start_labels(jane, width):
    page = jane[width]
    page.goto("/quizzes/")
    expect(page.get_by_text("Hello, Jane Doe.")).to_be_visible()
    cards = page.locator("[data-quiz]")
    slugs = cards.evaluate_all("cards => cards.map(card => card.dataset.quiz)")
    assert len(slugs) == len(set(slugs)) == Quiz.objects.filter(is_published=True).count()
    for button in page.locator("[data-quiz] button[type=submit]").all():
        shown = button.evaluate(
            "b => [...b.childNodes].filter(n => !n.classList?.contains('visually-hidden'))"
            ".map(n => n.textContent).join('').trim()"
        )
        assert shown == "Start"  # the title is in its name, not on it
        expect(button).to_have_accessible_name(re.compile(r"^Start .+"))
    assert_no_violations(page, f"quiz list, greeted by name, at {width}px")


# --- The result and the certificate ----------------------------------------------------------


@pytest.mark.parametrize("width", (375, 1280))
def test_a_result_with_two_mistakes_marks_each_line_once_and_fits_2000_px_on_a_desktop(jane, width):
    page = jane[width]
    attempt = submitted_with_two_mistakes(page, "component-roles")
    page.goto(f"/attempts/{attempt.pk}/result/")
    expect(page.locator("#questions .question")).to_have_count(2)
    for line in page.locator(".result-lines .text-danger, .result-lines .text-success").all():
        text = line.inner_text()
        assert text.count("✓") + text.count("✗") == 1, text
        assert line.evaluate("el => getComputedStyle(el, '::before').content") in {"none", ""}
    height = capture(page, "result", width)
    if width == 1280:
        assert height <= 2000
    assert_no_violations(page, f"result with two mistakes at {width}px")


@pytest.mark.parametrize("width", (375, 1280))
def test_the_certificate_is_captured_at_both_widths(jane, width):
    page = jane[width]
    passed = submit_through_client(start_quiz(page, "release-facts"))
    page.goto(f"/attempts/{passed.pk}/certificate/")
    expect(page.locator(".certificate-name")).to_have_text("Jane Doe")
    capture(page, "certificate", width)
