"""The take page with JavaScript, in Chromium: one section at a time with Next as its main
action, the navigator (answered, flagged, current, any question one tap away), the summary
of every question with the one way to submit, flags kept on the server, the time left with
visible warnings and a submit at zero, and the quiet autosave. axe finds nothing at 375 and
1280 px; screenshots go to test-artifacts/. The same page without JavaScript is tested on
the server side (tests/taking/test_take_sections.py) and in test_no_javascript.py."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz
from quiz.taking.sheet import attempt_sheet
from tests.e2e.conftest import ARTIFACTS, log_in, start_quiz
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

WIDTHS = (375, 1280)

# Every change of the time banner (a live region), recorded from before the page's own
# scripts run: proof of what a screen reader was given, and how often.
RECORD_WARNINGS = """
window.spoken = [];
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    var region = document.getElementById("time-banner");
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


def nav_button(page, sq):
    return page.locator(f'#take-nav a[data-question="{sq.field_name}"]')


def summary_row(page, sq):
    return page.locator(f'#summary tr[data-question="{sq.field_name}"]')


def show_question(page, sq) -> None:
    """Go to the question through the navigator, as a trainee would."""
    if not question(page, sq).is_visible():
        nav_button(page, sq).click()
    expect(question(page, sq)).to_be_visible()


def right_choices(sq):
    return [choice for choice in sq.choices if choice.is_correct]


def answer(page, sq) -> None:
    """Answer one question right, with the mouse."""
    show_question(page, sq)
    for item in sq.items:
        page.locator(f"#{sq.item_field_name(item)}").select_option(str(item.correct_choice_id))
    for choice in right_choices(sq) if not sq.items else []:
        page.locator(f"#{sq.field_name}-c{choice.pk}").check()


def flag(page, sq) -> None:
    show_question(page, sq)
    question(page, sq).get_by_label(f"Flag question {sq.number} for review").check()


def visible_buttons(page, name) -> int:
    return page.get_by_role("button", name=name).locator("visible=true").count()


def snapshot(page, name: str, *, full_page: bool = True) -> None:
    """full_page=False: the window as the trainee sees it, with the bar at its bottom."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


# --- Sections ----------------------------------------------------------------------------


def test_sections_show_one_at_a_time_with_next_as_the_main_action_up_to_the_summary(
    trainee_page,
):
    page, _ = trainee_page(height=500)  # shorter than a section: the bar has to stick
    attempt = start_quiz(page, "release-facts")  # seven questions: three sections
    sheet = attempt_sheet(attempt)
    pager = page.locator("#take-pager")
    next_button = pager.locator("[data-step='1']")

    expect(section(page, 1)).to_be_visible()
    expect(section(page, 2)).to_be_hidden()
    expect(section(page, 3)).to_be_hidden()
    expect(pager).to_contain_text("Section 1 of 3")
    expect(page.get_by_role("button", name="Previous")).to_be_hidden()
    # Next is the section's primary action; nothing on a section submits.
    expect(next_button).to_have_class(re.compile(r"\bbtn-primary\b"))
    expect(pager.locator("[data-step='-1']")).to_have_class(re.compile(r"\bbtn-outline-primary\b"))
    assert visible_buttons(page, re.compile("Submit")) == 0

    next_button.click()
    expect(section(page, 2)).to_be_visible()
    expect(page.locator("#section-2-title")).to_be_focused()  # reading starts at the heading
    expect(pager).to_contain_text("Section 2 of 3")
    next_button.click()
    expect(section(page, 3)).to_be_visible()
    expect(next_button).to_have_text("Go to the summary")  # the last section leads on
    assert visible_buttons(page, re.compile("Submit")) == 0
    page.get_by_role("button", name="Previous").click()
    expect(section(page, 2)).to_be_visible()
    expect(next_button).to_have_text("Next")

    # The count and the bar follow each answer as it is given, without a reload.
    expect(page.locator("#take-bar")).to_contain_text("0 of 7 answered")
    answer(page, sheet[0])
    answer(page, sheet[6])
    expect(page.locator("#take-bar")).to_contain_text("2 of 7 answered")
    assert page.locator("#answered-progress").evaluate("bar => bar.value") == 2
    # The bar stays at the bottom of the window while the questions scroll under it.
    page.evaluate("window.scrollTo(0, 0)")
    bar = page.locator("#take-bar").bounding_box()
    assert page.locator("#take-bar").evaluate("bar => getComputedStyle(bar).position") == "sticky"
    assert bar["y"] + bar["height"] == pytest.approx(page.viewport_size["height"], abs=1)
    assert bar["height"] <= 64

    next_button.click()  # from section 3, where answering sheet[6] left the page
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator("#summary-title")).to_be_focused()


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


# --- The navigator --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_navigator_shows_answered_flagged_and_current_and_jumps_to_any_question(
    trainee_page, width
):
    page, _ = trainee_page(width=width, height=800)
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    buttons = page.locator("#take-nav a")
    expect(buttons).to_have_count(7)
    # The questions on screen are the current ones.
    for sq in sheet:
        if sq.number <= 3:
            expect(nav_button(page, sq)).to_have_attribute("aria-current", "step")
        else:
            expect(nav_button(page, sq)).not_to_have_attribute("aria-current", "step")

    answer(page, sheet[0])
    flag(page, sheet[1])
    expect(nav_button(page, sheet[0])).to_have_class(re.compile(r"\bis-answered\b"))
    expect(nav_button(page, sheet[0])).to_have_accessible_name("Question 1, answered")
    expect(nav_button(page, sheet[1])).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(nav_button(page, sheet[1])).not_to_have_class(re.compile(r"\bis-answered\b"))
    expect(nav_button(page, sheet[1])).to_have_accessible_name("Question 2, not answered, flagged")
    expect(nav_button(page, sheet[1]).locator(".take-nav-flag")).to_be_visible()
    snapshot(page, f"take-first-screen-{width}px", full_page=False)
    page.locator("#take-nav").screenshot(path=ARTIFACTS / f"take-navigator-{width}px.png")

    # One tap on 6 shows its section, scrolled to it; 6 and 7 become the current ones.
    nav_button(page, sheet[5]).click()
    expect(section(page, 3)).to_be_visible()
    expect(section(page, 1)).to_be_hidden()
    expect(question(page, sheet[5])).to_be_in_viewport()
    expect(nav_button(page, sheet[5])).to_have_attribute("aria-current", "step")
    expect(nav_button(page, sheet[6])).to_have_attribute("aria-current", "step")
    expect(nav_button(page, sheet[0])).not_to_have_attribute("aria-current", "step")
    assert_no_violations(page, f"take, navigator at {width} px")


# --- The summary ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_shows_every_question_and_submits_all_from_one_button(trainee_page, width):
    page, _ = trainee_page(width=width, height=800)
    attempt = start_quiz(page, "release-facts")  # seven questions
    sheet = attempt_sheet(attempt)
    skipped, flagged = sheet[0], sheet[4]
    for sq in sheet[1:]:
        answer(page, sq)
    flag(page, flagged)

    page.get_by_role("button", name="Summary", exact=True).click()
    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(page.locator("#summary-title")).to_be_focused()
    expect(page.locator(".take-section:visible")).to_have_count(0)  # the summary, alone
    expect(page.locator("#take-pager")).to_be_hidden()
    expect(page.locator("#take-nav")).to_be_visible()  # still one tap from any question
    expect(summary.locator("tbody tr")).to_have_count(7)
    expect(summary_row(page, skipped)).to_contain_text("Not answered")
    expect(summary_row(page, skipped)).to_contain_text("No answer")
    expect(summary_row(page, flagged).locator("[data-flag-text]")).to_be_visible()
    expect(summary_row(page, sheet[1]).locator("[data-flag-text]")).to_be_hidden()
    for sq in sheet[1:]:  # each answer in words, as chosen
        row = summary_row(page, sq)
        expect(row).to_contain_text("Answered")
        if not sq.items:
            for choice in right_choices(sq):
                expect(row.locator("[data-answer-text]")).to_contain_text(choice.text)
    expect(summary.locator("[data-summary-warning]")).to_contain_text("1 without an answer")
    expect(summary.get_by_role("button")).to_have_count(1)
    expect(summary.get_by_role("button")).to_have_text("Submit all and finish")
    snapshot(page, f"take-summary-{width}px")
    assert_no_violations(page, f"take, summary at {width} px")

    # Back to the unanswered question from its row, answer it, and the summary follows.
    summary_row(page, skipped).get_by_role("link").click()
    expect(summary).to_be_hidden()
    expect(question(page, skipped)).to_be_in_viewport()
    answer(page, skipped)
    page.get_by_role("button", name="Summary", exact=True).click()
    expect(summary_row(page, skipped)).to_contain_text("Answered")
    expect(summary.locator("[data-summary-warning]")).to_be_hidden()

    summary.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100
    assert list(attempt.responses.filter(flagged=True)) == [flagged.response]


def test_flags_are_kept_on_the_server_and_follow_the_trainee_to_another_device(
    trainee_page, new_page
):
    page, trainee = trainee_page()
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    flag(page, sheet[0])
    flag(page, sheet[5])
    expect(page.locator("#autosave-note")).to_have_text(re.compile(r"^Saved "))

    other = new_page(width=375, height=667)  # a phone, logged in on its own
    log_in(other, trainee.username)
    other.goto(f"/attempts/{attempt.pk}/")
    expect(nav_button(other, sheet[0])).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(nav_button(other, sheet[5])).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(other.get_by_label(f"Flag question {sheet[0].number} for review")).to_be_checked()
    other.get_by_role("button", name="Summary", exact=True).click()
    expect(other.locator('[data-summary-count="flagged"]')).to_have_text("2")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_without_javascript_is_a_page_of_its_own(trainee_page, width):
    page, _ = trainee_page(width=width, height=800, javascript=False)
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    expect(section(page, 2)).to_be_visible()  # every section, one after another
    expect(page.locator("#take-pager")).to_be_hidden()
    page.get_by_label(f"Flag question {sheet[1].number} for review").check()

    page.get_by_role("button", name="Summary", exact=True).click()
    page.wait_for_url(re.compile(r"\?summary=1#summary$"))
    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_text("Not answered")).to_have_count(7)
    expect(summary_row(page, sheet[1]).locator("[data-flag-text]")).to_be_visible()
    # axe cannot run where scripts are off; the summary it checks is the same markup.
    snapshot(page, f"take-summary-no-javascript-{width}px")
    summary.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    assert Attempt.objects.get(pk=attempt.pk).is_submitted


# --- Time you can see ------------------------------------------------------------------------


def timed(slug: str, minutes: int) -> None:
    Quiz.objects.filter(slug=slug).update(time_limit_minutes=minutes)


def bring_deadline(attempt, seconds: float) -> None:
    deadline = timezone.now() + timedelta(seconds=seconds)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)


def test_the_time_left_ticks_and_one_minute_left_shows_a_banner_said_once(trainee_page):
    page, _ = trainee_page(height=600)
    page.add_init_script(RECORD_WARNINGS)
    timed("release-facts", 2)
    attempt = start_quiz(page, "release-facts")
    bring_deadline(attempt, 58)
    page.goto(f"/attempts/{attempt.pk}/")
    page.mouse.wheel(0, 2000)  # scrolled down: the banner still shows at the top

    clocks = page.locator("[data-clock]")
    expect(clocks).to_have_count(2)  # the navigator's and the bar's
    expect(page.locator("#take-nav [data-clock-box]")).to_have_text(
        re.compile(r"^Time left 0:\d\d$")
    )
    first = clocks.first.inner_text()
    expect(clocks.first).not_to_have_text(first)  # it ticks
    banner = page.locator("#time-banner")
    expect(banner).to_have_text(re.compile(r"^1 minute left\. Submit now"))
    box = banner.bounding_box()
    assert box["y"] == pytest.approx(0, abs=1) and box["height"] > 20
    expect(banner).to_be_in_viewport()
    page.wait_for_timeout(3000)  # three more ticks: nothing more is said
    assert len(page.evaluate("window.spoken")) == 1
    expect(page.locator(".take-bar-clock")).to_have_class(re.compile(r"\bis-low\b"))


def test_five_minutes_left_shows_a_banner_once_and_then_nothing_until_one(trainee_page):
    page, _ = trainee_page()
    page.add_init_script(RECORD_WARNINGS)
    timed("release-facts", 10)
    attempt = start_quiz(page, "release-facts")
    bring_deadline(attempt, 5 * 60 + 2)

    page.goto(f"/attempts/{attempt.pk}/")
    expect(page.locator(".take-bar-clock [data-clock]")).to_have_text(re.compile(r"^5:0[0-2]$"))
    expect(page.locator("#time-banner")).to_have_text(
        "5 minutes left. Go to the summary and submit soon.", timeout=6000
    )
    expect(page.locator("#time-banner")).to_be_visible()
    page.wait_for_timeout(2000)
    assert page.evaluate("window.spoken") == ["5 minutes left. Go to the summary and submit soon."]


def test_at_zero_the_page_submits_the_answers_on_it_and_shows_the_result(trainee_page):
    page, _ = trainee_page()
    timed("release-facts", 10)
    attempt = start_quiz(page, "release-facts")
    sheet = attempt_sheet(attempt)
    bring_deadline(attempt, 6)
    page.goto(f"/attempts/{attempt.pk}/")
    page.route(f"**/attempts/{attempt.pk}/save/", lambda route: route.abort())  # not saved
    answer(page, sheet[0])
    answer(page, sheet[1])

    page.wait_for_url(f"**/attempts/{attempt.pk}/result/", timeout=20_000)
    attempt.refresh_from_db()
    # Sent at zero, within the grace: the answers on the page count, though never saved.
    assert attempt.is_submitted and not attempt.timed_out
    assert attempt.score == 2
    expect(page.get_by_role("heading", name=re.compile("^Not passed"))).to_be_visible()


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
    expect(page.locator(".take-bar-clock")).to_be_visible()
    page.locator("#time-limit summary").click()  # the details on demand
    expect(page.locator("#time-limit")).to_contain_text("Submit by")
    snapshot(page, f"take-timed-{width}px", full_page=False)
    assert_no_violations(page, f"take, timed, at {width} px")
