"""A quiz's SCORM 1.2 package in a stand-in LMS: scorm-again's runtime (from npm, pinned in
package.json, served from this machine) on a page of another origin than the live server,
with the package's launch page in a frame, as an LMS shows it. The trainee opens the quiz
from there in a new window, takes it, and the runtime ends up holding the outcome.

Without node_modules (`npm ci`, which `make test` runs) the tests are skipped locally, with
a message saying so; in CI (CI=true) that is a failure, as a missing browser is.
"""

import functools
import io
import os
import re
import shutil
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz, ScormLearner
from quiz.scorm.package import build_zip
from quiz.scorm.services import make_package
from tests.e2e.conftest import answer_right, submit_through_client
from tests.servers import serving

pytestmark = pytest.mark.e2e

RUNTIME = Path(settings.BASE_DIR) / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NO_RUNTIME = (
    "scorm-again not found at {path}: the SCORM test needs it. Install it with `npm ci` "
    "(or `make node_modules/.installed`)."
)
SLUG = "release-facts"
# The LMS's page: its runtime as window.API, the learner it knows, and the package in a frame.
HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A course in a stand-in LMS</title>
  <script src="runtime/scorm12.js"></script>
  <script>
    window.API = new Scorm12API({ autocommit: false });
    window.API.loadFromJSON({ core: { student_id: "lms-learner-7", student_name: "Lima, Ana" } });
  </script>
</head>
<body>
  <h1>A course</h1>
  <iframe src="package/index.html" title="The quiz" width="900" height="600"></iframe>
</body>
</html>
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def lms(site, tmp_path):
    """The stand-in LMS on its own port (another origin than the live server), serving
    the host page, scorm-again's runtime and the unzipped package; its address."""
    if not RUNTIME.exists():
        message = NO_RUNTIME.format(path=RUNTIME)
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    package = make_package(quiz=Quiz.objects.get(slug=SLUG))
    zipfile.ZipFile(io.BytesIO(build_zip(package, site.url))).extractall(tmp_path / "package")
    (tmp_path / "runtime").mkdir()
    shutil.copy(RUNTIME, tmp_path / "runtime" / "scorm12.js")
    (tmp_path / "host.html").write_text(HOST_PAGE)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def runtime_value(page, element: str) -> str:
    return page.evaluate("element => window.API.LMSGetValue(element)", element)


def open_the_quiz(page, lms: str):
    """The course page, the launch page ready in its frame, and the quiz's window opened
    from it: (the launch page's frame, the quiz's window)."""
    page.goto(f"{lms}/host.html")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(Quiz.objects.get(slug=SLUG).title)
    expect(frame.get_by_role("status")).to_have_text("Ready. Open the quiz when you are.")
    assert runtime_value(page, "cmi.core.lesson_status") == "incomplete"
    with page.expect_popup() as opened:
        frame.get_by_role("link", name="Open the quiz").click()
    quiz_window = opened.value
    quiz_window.wait_for_url(f"**/quizzes/{SLUG}/lesson/")
    quiz_window.get_by_role("button", name="Take the quiz").click()
    expect(quiz_window.locator("#quiz-form")).to_be_visible()
    return frame, quiz_window


def test_a_trainee_passes_in_the_quiz_window_and_the_lms_runtime_holds_passed(new_page, lms):
    page = new_page(enforce_csp=True)  # the site's own CSP, as a trainee's browser gets it
    frame, quiz_window = open_the_quiz(page, lms)
    attempt = Attempt.objects.get(quiz__slug=SLUG)
    learner = ScormLearner.objects.get(student_id="lms-learner-7")
    assert attempt.user == learner.user
    assert (learner.user.first_name, learner.user.last_name) == ("Ana", "Lima")

    answer_right(quiz_window, attempt)
    quiz_window.get_by_role("button", name="Summary", exact=True).click()
    quiz_window.get_by_role("button", name="Submit all and finish").click()
    quiz_window.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    shown = re.search(r"Passed: (\d+)%", quiz_window.locator("main").inner_text()).group(1)

    page.wait_for_function("() => window.API.cmi.core.lesson_status === 'passed'")
    assert runtime_value(page, "cmi.core.score.raw") == shown == "100"
    assert runtime_value(page, "cmi.core.score.min") == "0"
    assert runtime_value(page, "cmi.core.score.max") == "100"
    expect(frame.get_by_role("status")).to_have_text(
        "You passed with 100%. Your course has your result."
    )


def test_a_trainee_who_fails_is_reported_failed_with_the_score(new_page, lms):
    page = new_page()
    frame, _quiz_window = open_the_quiz(page, lms)

    attempt = submit_through_client(Attempt.objects.get(quiz__slug=SLUG), right=False)

    page.wait_for_function("() => window.API.cmi.core.lesson_status === 'failed'")
    assert runtime_value(page, "cmi.core.score.raw") == str(int(attempt.percent)) == "0"
    expect(frame.get_by_role("status")).to_contain_text("You scored 0%; the pass mark is 80%.")


def test_leaving_the_launch_page_finishes_the_lms_session(new_page, lms):
    page = new_page()
    open_the_quiz(page, lms)
    assert not page.evaluate("() => window.API.isTerminated()")

    page.evaluate("() => { document.querySelector('iframe').src = 'about:blank'; }")

    page.wait_for_function("() => window.API.isTerminated()")


def test_the_launch_page_opened_outside_an_lms_says_so_and_offers_no_quiz(new_page, lms):
    page = new_page()

    page.goto(f"{lms}/package/index.html")

    expect(page.get_by_role("status")).to_contain_text("must be opened from a course")
    expect(page.get_by_role("link", name="Open the quiz")).to_be_hidden()
    assert not ScormLearner.objects.exists()
