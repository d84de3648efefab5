"""The pages fit a phone, 320 px and 200% zoom without sideways scrolling; screenshots of
the take and result pages at 375 px and 1280 px are saved in test-artifacts/ to look at."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, log_in, start_quiz, submit_through_client
from tests.factories import make_user, quiz_about_components

# The take page measured is of a quiz with every kind of input: radio buttons, check
# boxes and a matching question's select lists.
pytestmark = pytest.mark.e2e

# name: viewport width, height and device scale. 200% zoom of a 1280 px window lays the
# page out in 640 CSS px at two device pixels each; WCAG's reflow check is 320 px.
SIZES = {
    "320px": (320, 640, 1),
    "375px": (375, 812, 1),
    "zoom200": (640, 450, 2),
    "1280px": (1280, 900, 1),
}


# The elements that stick out, named in the failure message.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than its window (0 when nothing sticks out)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("size", SIZES)
def test_pages_fit_the_width_and_the_take_and_result_pages_are_captured(new_page, size):
    width, height, scale = SIZES[size]
    make_user("trainee")
    page = new_page(width=width, height=height, scale=scale)
    log_in(page, "trainee")
    done = submit_through_client(start_quiz(page, "component-roles"), right=False)
    passed = submit_through_client(start_quiz(page, "release-facts"))
    attempt = start_quiz(page, quiz_about_components().slug)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"/attempts/{attempt.pk}/")
    page.screenshot(path=ARTIFACTS / f"take-{size}.png", full_page=True)
    page.screenshot(path=ARTIFACTS / f"take-{size}-top.png")
    page.get_by_role("button", name="Summary", exact=True).click()
    expect(page.locator("#summary-title")).to_be_focused()
    page.screenshot(path=ARTIFACTS / f"take-summary-{size}-top.png")
    too_wide_summary = sideways_overflow(page)
    matching = page.locator("fieldset.question", has=page.locator("select")).first
    # Its section is shown from the summary's link to it (one section at a time).
    page.locator(f'#summary a[href="#{matching.get_attribute("id")}"]').click()
    matching.screenshot(path=ARTIFACTS / f"take-matching-{size}.png")
    too_wide = {"take": sideways_overflow(page), "take, summary": too_wide_summary}
    culprits = {}

    page.goto(f"/attempts/{done.pk}/result/")
    page.screenshot(path=ARTIFACTS / f"result-{size}.png", full_page=True)
    page.screenshot(path=ARTIFACTS / f"result-{size}-top.png")
    too_wide["result"] = sideways_overflow(page)

    for name, url in {
        "quiz list": "/quizzes/",
        "lesson": "/quizzes/component-roles/lesson/",
        "history": "/history/",
        "certificate": f"/attempts/{passed.pk}/certificate/",
        "verification": f"/certificates/{passed.certificate.code}/",
    }.items():
        page.goto(url)
        too_wide[name] = sideways_overflow(page)
        page.screenshot(path=ARTIFACTS / f"{name.replace(' ', '-')}-{size}.png", full_page=True)
        if too_wide[name]:
            culprits[name] = page.evaluate(WIDEST)
    assert too_wide == dict.fromkeys(too_wide, 0), culprits


def test_select_lists_stay_inside_a_320px_screen(new_page):
    make_user("trainee")
    page = new_page(width=320, height=640)
    log_in(page, "trainee")
    attempt = start_quiz(page, quiz_about_components().slug)
    page.goto(f"/attempts/{attempt.pk}/")
    widths = page.locator("select").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= 320
