"""One trainee, in a real browser on a phone: the pre-check, the lesson's blocks with their
checks, the quiz, and a refresher opened from a mail a real SMTP server caught, answered by
its link. Then their coordinator reads gain and retention for the group."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from quiz import clock
from quiz.models import Assignment, Attempt, Gain, Practice, Quiz, TrainingGroup
from tests.factories import UserFactory
from tests.worker import run_worker

from .conftest import answer_every_fieldset, log_in, submit_through_client
from .test_accessibility import assert_no_violations
from .test_coordinator import coordinator_group, log_in_to_admin

pytestmark = pytest.mark.e2e


def test_a_trainee_learns_keeps_it_and_their_coordinator_sees_it(new_page, smtp):
    quiz = Quiz.objects.get(slug="component-roles")
    lead = UserFactory(username="office-lead", is_staff=True)
    lead.groups.add(coordinator_group())
    office = TrainingGroup.objects.create(name="Field Office 3")
    office.coordinators.add(lead)
    amara = UserFactory(username="amara", email="amara@example.org")
    office.members.add(amara)
    Assignment.objects.create(
        group=office, quiz=quiz, due_on=clock.today() + timedelta(days=30), refreshers=True
    )

    # A phone. The quiz asks for the pre-check first.
    page = new_page(width=375, height=667)
    log_in(page, "amara")
    page.goto("/quizzes/component-roles/lesson/")
    page.get_by_role("button", name="Take the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Pre-check"))
    assert_no_violations(page, "walk: pre-check at 375px")
    answer_every_fieldset(page.locator("main form"))
    page.get_by_role("button", name="Record my pre-check").click()
    expect(page.locator("body")).to_contain_text("Pre-check recorded")
    assert Gain.objects.filter(user=amara).count() == 10

    # The lesson, block by block, each check answered with its feedback at once.
    blocks = page.locator(".lesson-block")
    assert blocks.count() == 10
    for n in range(10):
        block = page.locator(".lesson-block").nth(n)
        answer_every_fieldset(block)
        block.get_by_role("button", name=re.compile("Check my answer")).click()
        expect(page.locator(".lesson-block").nth(n).locator(".check-feedback")).to_be_visible()
    expect(page.locator("#progress-title")).to_have_text("Your progress: 10 of 10 checks done")
    assert_no_violations(page, "walk: lesson, every block checked, at 375px")
    checked = set(
        Practice.objects.filter(user=amara, purpose="check").values_list("question__key", flat=True)
    )

    # The quiz: it asks none of the questions already seen, and is passed.
    page.get_by_role("button", name="Take the quiz").click()
    expect(page.locator("#quiz-form")).to_be_visible()
    attempt = Attempt.objects.get(user=amara)
    asked = set(attempt.responses.values_list("question__key", flat=True))
    assert not asked & checked
    attempt = submit_through_client(attempt)
    assert attempt.passed
    page.goto(f"/attempts/{attempt.pk}/result/")
    expect(page.locator("#before-after")).to_contain_text("Pre-check")
    assert_no_violations(page, "walk: result with before and after at 375px")

    # Two days later the hourly run mails a refresher; its link needs no password.
    with time_machine.travel(attempt.submitted_at + timedelta(days=2, hours=1), tick=True):
        call_command("send_reminders", stdout=io.StringIO())
        run_worker()
        mails = [m for _to, m in smtp.inbox.messages if "refresher" in m["Subject"].lower()]
        assert len(mails) == 1
        link = re.search(r"http://\S+/refreshers/\S+/", mails[0].get_payload()).group(0)
        phone = new_page(width=375, height=667)
        phone.goto(link.replace("http://127.0.0.1:8000", page.url.split("/attempts")[0]))
        expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile("Refresher"))
        answer_every_fieldset(phone.locator("main form"))
        phone.get_by_role("button", name="Check my answers").click()
        expect(phone.locator("body")).to_contain_text("Recorded.")
    assert Practice.objects.filter(purpose="refresher", answered_at__isnull=False).count() == 3

    # The coordinator reads gain and retention for the group.
    desk = new_page(width=1280)
    log_in_to_admin(desk, "office-lead")
    desk.goto(f"/admin/quiz/attempt/learning/{quiz.pk}/?group={office.pk}")
    expect(desk.locator(".overall")).to_contain_text("1 trainee(s)")
    expect(desk.locator("body")).to_contain_text("Fewer than 10 trainees")
    expect(desk.locator(".recall-table").first).to_contain_text("% (1 answer)")
    assert_no_violations(desk, "walk: learning report at 1280px")
    desk.set_viewport_size({"width": 375, "height": 800})
    assert_no_violations(desk, "walk: learning report at 375px")
