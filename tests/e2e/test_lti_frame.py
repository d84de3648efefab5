"""The tool inside an LMS's page, in Chromium: the test platform's course page frames the
tool, the platform's login and signed launch run through the browser, the trainee takes
the quiz inside the frame over HTTPS, and the platform's gradebook gets the score."""

import json
import re
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt, Grade
from tests.e2e.conftest import LAUNCH_ARGS, answer_right, find_chromium
from tests.e2e.https_proxy import HttpsProxy
from tests.lti.platform import Platform, register
from tests.servers import serving
from tests.worker import run_worker

pytestmark = pytest.mark.e2e

SLUG = "component-roles"


@pytest.fixture
def https_site(site, settings, tmp_path):
    """The live server behind HTTPS, its proxy's header trusted as production does."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = HttpsProxy(site.url, tmp_path)
    with serving(proxy.server):
        yield proxy.url


@pytest.fixture
def platform(https_site):
    running = Platform()
    running.tool, running.quiz = https_site, SLUG
    register(running)
    with serving(running.server):
        yield running


@contextmanager
def window(browser, folder, *, cookies_in_frames: bool):
    """A browser window with a profile of its own that sends cookies inside another
    site's frame, as Chrome does by default outside Incognito, or blocks them, as
    Incognito windows and Safari do (Chromium's cookie_controls_mode: 0 or 1)."""
    profile = folder / "Default"
    profile.mkdir(parents=True)
    mode = 0 if cookies_in_frames else 1
    (profile / "Preferences").write_text(json.dumps({"profile": {"cookie_controls_mode": mode}}))
    context = browser.browser_type.launch_persistent_context(
        folder,
        executable_path=find_chromium(),
        args=LAUNCH_ARGS,
        ignore_https_errors=True,  # the test's own certificate
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def chrome_window(browser, tmp_path):
    with window(browser, tmp_path / "chrome", cookies_in_frames=True) as context:
        yield context


@pytest.fixture
def private_window(browser, tmp_path):
    with window(browser, tmp_path / "private", cookies_in_frames=False) as context:
        yield context


@pytest.fixture
def course_page(chrome_window, platform):
    page = chrome_window.new_page()
    page.goto(f"{platform.base}/course")
    return page


def test_a_trainee_takes_the_quiz_inside_the_course_page_and_the_gradebook_gets_the_score(
    course_page, platform, https_site
):
    frame = course_page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(re.compile("DHS components"))
    frame.get_by_role("button", name="Start the quiz").click()
    expect(frame.locator("#quiz-form")).to_be_visible()
    attempt = Attempt.objects.get(quiz__slug=SLUG)

    answer_right(frame, attempt)
    frame.get_by_role("button", name="Summary", exact=True).click()
    frame.get_by_role("button", name="Submit all and finish").click()
    expect(frame.get_by_text("Passed: 100%")).to_be_visible()
    run_worker()

    assert Grade.objects.get(attempt=attempt).state == Grade.State.SENT
    [score] = platform.scores
    assert (score["scoreGiven"], score["scoreMaximum"]) == (100, 100)
    assert score["userId"] == "learner-1"
    # The frame's session held because its cookies are the kind a framed site gets.
    cookies = {c["name"]: c for c in course_page.context.cookies(https_site)}
    for name in ("sessionid", "csrftoken", "tz"):  # tz: the trainee's zone, from the script
        assert (cookies[name]["sameSite"], cookies[name]["secure"]) == ("None", True), name


def test_after_a_launch_only_the_platform_may_frame_the_tool(course_page, platform, https_site):
    lesson = urlencode({"frame": f"{https_site}/quizzes/{SLUG}/lesson/"})
    course_page.frame_locator("iframe").get_by_role("button", name="Start the quiz").wait_for()
    page = course_page.context.new_page()  # the same browser, its LTI session open
    said = []
    page.on("console", lambda message: said.append(message.text))
    page.goto(f"{platform.base}/course?{lesson}")
    expect(page.frame_locator("iframe").locator("#passage-cbp")).to_be_visible()
    assert not [text for text in said if "frame-ancestors" in text]

    stranger = Platform()  # another site, never registered
    with serving(stranger.server):
        with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
            page.goto(f"{stranger.base}/course?{lesson}")
        expect(page.frame_locator("iframe").locator("#passage-cbp")).to_have_count(0)


def test_a_browser_that_blocks_cookies_in_frames_is_told_to_open_a_new_window(
    private_window, platform
):
    page = private_window.new_page()
    page.goto(f"{platform.base}/course")

    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "The quiz could not open from your course"
    )
    expect(frame.locator("main")).to_contain_text("open the quiz in a new window")
    assert not Attempt.objects.exists()
