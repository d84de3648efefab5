"""Forms and the footer in Chromium, at a phone's width and a desktop's: a form sent empty
shows the error summary, focused, whose links move the focus to their fields; the footer's
links lead to their pages; on a short page the footer ends at the bottom of the window,
with no band of blank page under it. axe finds nothing on the form with its errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

# A phone's window and a desktop's.
WINDOWS = {375: 812, 1280: 900}


@pytest.mark.parametrize("width", WINDOWS)
def test_login_sent_empty_shows_the_summary_whose_links_focus_each_field(new_page, width):
    page = new_page(width=width, height=WINDOWS[width])
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # a screen reader starts reading there
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Log in"))
    assert_no_violations(page, f"login with the error summary at {width}px")
    for label in ["Username", "Password"]:
        summary.get_by_role("link", name=f"{label}: This field is required.").click()
        expect(page.get_by_label(label, exact=False)).to_be_focused()
        field_id = page.evaluate("document.activeElement.id")
        expect(page.locator(f"#{field_id}_error")).to_have_text("This field is required.")


@pytest.mark.parametrize("width", WINDOWS)
def test_the_footer_links_lead_to_their_pages(new_page, width):
    page = new_page(width=width, height=WINDOWS[width])
    for link, heading in [
        ("Check a certificate", "Check a certificate"),
        ("Accessibility", "Accessibility statement"),
        ("Privacy", "Privacy: what this site keeps about you"),
    ]:
        page.goto("/")
        footer = page.get_by_role("navigation", name="About this site")
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# Pages shorter than the window at that width (checked below, or the test proves nothing).
SHORT_PAGES = [(375, "/no-such-page/"), (1280, "/no-such-page/"), (1280, "/certificates/")]
FOOTER_END = """() => ({
  footer: document.querySelector("footer").getBoundingClientRect().bottom,
  window: window.innerHeight,
})"""


@pytest.mark.parametrize(("width", "url"), SHORT_PAGES)
def test_on_a_short_page_the_footer_ends_at_the_bottom_of_the_window(new_page, width, url):
    page = new_page(width=width, height=WINDOWS[width])
    page.goto(url)

    ends = page.evaluate(FOOTER_END)
    assert abs(ends["footer"] - ends["window"]) <= 1, ends
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")


def test_the_skip_link_still_leads_to_the_main_content(new_page):
    page = new_page(width=375, height=WINDOWS[375])
    page.goto("/no-such-page/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["width"] < 300  # its own width, not the whole column (359 px)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
