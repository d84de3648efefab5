"""A trainee's whole path in a real browser, the quiz taken with the keyboard alone."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from quiz.models import Attempt, Certificate
from quiz.taking.sheet import attempt_sheet
from tests.e2e.conftest import ARTIFACTS, start_quiz, submit_through_client
from tests.factories import PASSWORD, UserFactory
from tests.worker import delivered

pytestmark = pytest.mark.e2e


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit: int = 300) -> None:
    """Press Tab until the element has the focus: proof it is in the keyboard's reach."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def go_to_section_of(page, sq) -> None:
    """The page shows a section of questions at a time: press Next until sq's shows."""
    question = page.locator(f"#{sq.field_name}")
    for _ in range(10):
        if question.is_visible():
            return
        tab_to(page, page.get_by_role("button", name="Next"))
        page.keyboard.press("Enter")
    raise AssertionError(f"Next never showed question {sq.number}")


def answer_with_keys(page, sq) -> None:
    """Answer one question right with the keys a keyboard user would press."""
    go_to_section_of(page, sq)
    if sq.question.kind == "matching":
        for item in sq.items:
            tab_to(page, page.locator(f"#{sq.item_field_name(item)}"))
            steps = 1 + [c.pk for c in sq.choices].index(item.correct_choice_id)
            for _ in range(steps):  # down from "Choose a role…"
                page.keyboard.press("ArrowDown")
    elif sq.question.kind == "multiple":
        for choice in sq.choices:
            if choice.is_correct:
                tab_to(page, page.locator(f"#{sq.field_name}-c{choice.pk}"))
                page.keyboard.press("Space")
    else:
        first = sq.choices[0]
        tab_to(page, page.locator(f"#{sq.field_name}-c{first.pk}"))  # Tab enters the group
        steps = [c.is_correct for c in sq.choices].index(True)
        if steps == 0:
            page.keyboard.press("Space")
        for _ in range(steps):  # arrows move through the group and check
            page.keyboard.press("ArrowDown")


def test_sign_up_read_take_by_keyboard_pass_and_verify_the_certificate(new_page):
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Email").fill("ana@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/signup/done/")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", delivered()[-1].body).group(0)
    page.goto(link)  # the link in the mail confirms the address; logging in comes next
    page.wait_for_url("**/accounts/login/")
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/quizzes/")
    User.objects.filter(username="ana").update(first_name="Ana", last_name="Lima")

    # Read the lesson, then start the quiz from its end, with the keyboard.
    page.get_by_role("link", name="Read the lesson for DHS components").click()
    expect(page.locator("#passage-cbp")).to_contain_text("U.S. Customs and Border Protection")
    take = page.get_by_role("button", name="Take the quiz")
    tab_to(page, take)
    page.keyboard.press("Enter")
    # The start answers with the questions; take.js shows the attempt's own address, so a
    # reload opens the attempt again instead of sending the start once more.
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    page.reload()  # a GET of the attempt: no form sent again, no second attempt
    expect(page.locator("#missing-summary")).to_have_count(0)
    attempt = Attempt.objects.get(user__username="ana")
    sheet = attempt_sheet(attempt)
    # One question drawn for each of the quiz's ten learning objectives.
    assert page.locator("fieldset.question").count() == len(sheet) == 10

    # Every question but the fifth, then the summary: it names the one left out.
    skipped = sheet[4]
    for sq in sheet:
        if sq is not skipped:
            answer_with_keys(page, sq)
    tab_to(page, page.get_by_role("button", name="Summary", exact=True))
    page.keyboard.press("Enter")
    summary = page.locator("#summary")
    expect(page.locator("#summary-title")).to_be_focused()  # screen readers start there
    row = summary.locator(f'tr[data-question="{skipped.field_name}"]')
    expect(row).to_contain_text("Not answered")
    expect(summary).to_contain_text("1 without an answer")
    assert page.locator("input:checked").count() > 0  # the other answers are kept

    # From the summary's link straight to the question, answer it, submit from the summary.
    tab_to(page, row.get_by_role("link", name=f"Question {skipped.number}"))
    page.keyboard.press("Enter")
    answer_with_keys(page, skipped)
    tab_to(page, page.get_by_role("button", name="Summary", exact=True))
    page.keyboard.press("Enter")
    expect(row).to_contain_text("Answered")
    tab_to(page, summary.get_by_role("button", name="Submit all and finish"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/")
    expect(page.get_by_text("Passed: 100%")).to_be_visible()
    expect(page.locator("#no-mistakes")).to_be_visible()
    page.get_by_role("link", name="Show all 10 questions").click()
    lines = sum(len(sq.items) or 1 for sq in sheet)  # a line per question, or matching item
    assert page.get_by_text("(right)").count() == lines
    expect(page.locator("#objectives .objective-met")).to_have_count(10)
    expect(page.get_by_text("Right answer:")).to_have_count(lines)  # passed: keys shown
    page.screenshot(path=ARTIFACTS / "flow-result.png", full_page=True)

    # An explanation's link opens its passage in the lesson.
    page.get_by_role("link", name="Read this passage in the lesson").first.click()
    assert re.search(r"/lesson/#passage-[\w-]+$", page.url)
    page.go_back()

    # The certificate, and its public check.
    page.get_by_role("link", name="View and print your certificate").click()
    certificate = Certificate.objects.get(attempt=attempt)
    expect(page.locator(".certificate")).to_contain_text("Ana Lima")
    expect(page.locator(".certificate")).to_contain_text(certificate.code)
    expect(page.get_by_role("button", name="Print the certificate")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "certificate-print.png", full_page=True)
    pdf = page.pdf(path=ARTIFACTS / "certificate.pdf", format="Letter")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # prints on one page
    page.emulate_media(media="screen")

    verify_url = page.locator(".certificate a").get_attribute("href")
    stranger = new_page()
    stranger.goto(verify_url)
    main = stranger.locator("main")
    expect(main).to_contain_text("Valid certificate")
    expect(main).to_contain_text("Ana Lima")
    expect(main).to_contain_text("DHS components and their anti-trafficking roles")
    assert "100" not in main.inner_text() and "ana@example.org" not in main.inner_text()
    assert stranger.goto("/certificates/not-a-real-code/").status == 404


def test_an_admin_logs_in_and_opens_the_attempt(new_page, trainee_page):
    page, _ = trainee_page("bea")
    attempt = submit_through_client(start_quiz(page), right=False)
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    admin = new_page()
    admin.goto("/admin/")
    admin.get_by_label("Username").fill("boss")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.get_by_role("link", name="Attempts", exact=True).click()
    admin.get_by_role("link", name=re.compile("bea")).first.click()
    admin.wait_for_url(f"**/admin/quiz/attempt/{attempt.pk}/change/")
    responses = list(attempt.responses.select_related("question"))
    assert len(responses) == 10  # one question per objective
    for response in responses:
        expect(admin.locator("body")).to_contain_text(response.question.prompt)
    assert admin.locator("td.field-earned").count() == 10
