"""The pages a visitor and a trainee read around a quiz, in Chromium at a phone's and a
desktop's width: the public lesson, the home page, the 404 page, and the result with its
mistakes filter and retake. axe finds nothing on any of them; screenshots go to
test-artifacts/."""

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt
from tests.e2e.conftest import ARTIFACTS, start_quiz, submit_through_client
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

WIDTHS = (375, 1280)


def snapshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_reads_the_lesson_without_an_account(new_page, width):
    page = new_page(width=width)
    page.goto("/")
    page.get_by_role("link", name="Lesson: DHS components and their anti-trafficking roles").click()

    expect(page.get_by_role("heading", name="The lesson, one objective at a time")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Interdicting traffickers")
    expect(page.get_by_role("link", name="www.dhs.gov/bluecampaign")).to_have_attribute(
        "href", "https://www.dhs.gov/bluecampaign"
    )
    expect(page.get_by_role("link", name="Log in to take the quiz")).to_be_visible()
    # About 70 characters a line: the release's paragraphs are no wider than 70ch.
    measure = page.evaluate(
        "(() => { const p = document.querySelector('#passage-plan-developed');"
        " const ch = parseFloat(getComputedStyle(p).fontSize) * 0.55;"
        " return p.getBoundingClientRect().width / ch; })()"
    )
    assert measure < 90
    assert fits_the_width(page)
    assert_no_violations(page, f"public lesson at {width}px")
    snapshot(page, f"public-lesson-{width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_404_pages_are_in_the_sites_layout(new_page, width):
    page = new_page(width=width)
    page.goto("/")
    expect(page.locator("ol.steps > li")).to_have_count(3)
    assert fits_the_width(page)
    assert_no_violations(page, f"home at {width}px")
    snapshot(page, f"home-{width}px")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the start")).to_be_visible()
    assert_no_violations(page, f"404 at {width}px")
    snapshot(page, f"404-{width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_result_shows_mistakes_first_then_all_and_offers_a_retake(trainee_page, width):
    page, _trainee = trainee_page(width=width)
    attempt = submit_through_client(start_quiz(page, "release-facts"), right=False)
    page.goto(f"/attempts/{attempt.pk}/result/")

    expect(page.get_by_role("heading", name="Not passed: 0%")).to_be_visible()
    expect(page.get_by_role("heading", name="Your mistakes (7 of 7)")).to_be_visible()
    # Every objective missed, each with its way back into the lesson.
    expect(page.locator("#objectives .objective-missed")).to_have_count(7)
    expect(page.get_by_role("link", name="Read the lesson on this objective")).to_have_count(7)
    assert fits_the_width(page)
    assert_no_violations(page, f"result, mistakes, at {width}px")
    snapshot(page, f"result-mistakes-{width}px")

    page.get_by_role("link", name="Show all 7 questions").click()
    expect(page.get_by_role("heading", name="All questions")).to_be_visible()

    page.get_by_role("button", name="Retake the quiz").click()
    expect(page.locator("#quiz-form")).to_be_visible()
    retake = Attempt.objects.latest("pk")
    assert retake.pk != attempt.pk and retake.status == Attempt.Status.IN_PROGRESS


def test_the_attempts_list_keeps_every_column_on_screen_at_1280(new_page):
    from quiz.models import Quiz
    from tests.factories import PASSWORD, UserFactory, submitted_attempt, trainee_named

    quiz = Quiz.objects.get(slug="release-facts")
    question = quiz.questions.filter(is_active=True).first()
    long_name = {"first_name": "Maximiliana-Evangelina", "last_name": "Featherstonehaugh-Smythe"}
    submitted_attempt(
        trainee_named("maximiliana.featherstonehaugh", **long_name), quiz, points={question: 1}
    )
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    page = new_page(width=1280)
    page.goto("/admin/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/quiz/attempt/")

    # Every column within the results' own box, none scrolled away under the filters.
    results = page.locator("#changelist .results").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    for column in ("Trainee", "Quiz", "Percent", "Submitted at", "Time taken"):
        box = page.get_by_role("columnheader", name=column).bounding_box()
        right = box["x"] + box["width"]
        assert right <= results["x"] + results["width"] and right <= filters["x"], column
    snapshot(page, "admin-attempts-1280px")


def test_a_trainee_names_themself_and_downloads_the_pdf_certificate(trainee_page):
    from pypdf import PdfReader

    page, trainee = trainee_page(width=375)
    page.goto("/accounts/profile/")
    page.get_by_label("Full name").fill("Ana María Núñez")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Full name")).to_have_value("Ana María Núñez")
    assert_no_violations(page, "profile at 375px")
    snapshot(page, "profile-375px")

    passed = submit_through_client(start_quiz(page, "release-facts"))
    page.goto(f"/attempts/{passed.pk}/certificate/")
    expect(page.get_by_text("Ana María Núñez")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = ARTIFACTS / "certificate-download.pdf"
    download.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Ana María Núñez" in text and passed.certificate.code in text
