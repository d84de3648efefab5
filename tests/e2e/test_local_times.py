"""A trainee in New York reads every time on the result and history pages in New York's
zone, named in words ("Eastern Standard Time" or "Eastern Daylight Time", as the day
has it), never "UTC": the browser names its zone (static/js/time-zone.js), the server
writes the times in it (quiz/zones.py, quiz/moments.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import start_quiz, submit_through_client
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

NEW_YORK = "America/New_York"
EASTERN = re.compile(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2} Eastern (Standard|Daylight) Time")


@pytest.mark.parametrize("width", [375, 1280])
def test_result_and_history_are_in_the_trainees_zone_in_words(trainee_page, width):
    page, _trainee = trainee_page(width=width, timezone_id=NEW_YORK)
    cookie = next(c for c in page.context.cookies() if c["name"] == "tz")
    assert (cookie["value"], cookie["path"], cookie["sameSite"]) == (NEW_YORK, "/", "Lax")
    assert cookie["expires"] > 0  # kept a year, not for the session only

    attempt = submit_through_client(start_quiz(page, "release-facts"))

    page.goto(f"/attempts/{attempt.pk}/result/?show=all")
    summary = page.locator(".result-summary")
    expect(summary.locator("time")).to_have_text(EASTERN)
    assert "Eastern" in page.locator("body").inner_text()
    assert "UTC" not in page.locator("body").inner_text()
    # Each answer line carries its mark once (cards.py writes it; the CSS adds none).
    line = page.locator(".result-right").first
    expect(line).to_have_text(re.compile(r"^✓ Your answer: "))
    assert line.evaluate("e => getComputedStyle(e, '::before').content") in ("none", "normal")
    assert_no_violations(page, f"result in New York at {width}px")

    page.goto("/history/")
    row = page.locator("tbody tr").first
    expect(row.locator('[data-label="Started"] time')).to_have_text(EASTERN)
    expect(row.locator('[data-label="Submitted"] time')).to_have_text(EASTERN)
    body = page.locator("body").inner_text()
    assert "Eastern" in body and "UTC" not in body
    assert_no_violations(page, f"history in New York at {width}px")
