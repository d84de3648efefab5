"""A training coordinator, in a real browser: makes a group, imports three trainees,
assigns a quiz, reads the completion report. Then a trainee sees the assignment first."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from quiz.models import Assignment, TrainingGroup
from tests.factories import PASSWORD, UserFactory

from .conftest import ARTIFACTS, log_in
from .test_accessibility import assert_no_violations

pytestmark = pytest.mark.e2e

TRAINEES_CSV = (
    "username,email,name,groups\n"
    "amara,amara@example.org,Amara Okafor,Field Office 3\n"
    "bo,bo@example.org,Bo Lindqvist,Field Office 3\n"
    "chidi,chidi@example.org,Chidi Eze,Field Office 3\n"
)


def log_in_to_admin(page, username):
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def training_manager_group() -> Group:
    """The group migration 0010 makes. A browser test's database is emptied after each
    transactional test, data migrations' rows with it, so make it again as 0010 does."""
    migration = importlib.import_module("quiz.migrations.0010_organisations")
    group, _created = Group.objects.get_or_create(name=migration.MANAGER_GROUP)
    group.permissions.set(migration.permissions(apps, migration.MANAGER_PERMISSIONS))
    return group


def test_a_coordinator_groups_imports_assigns_and_reads_the_report(new_page, tmp_path):
    manager = UserFactory(username="coordinator", is_staff=True)
    manager.groups.add(training_manager_group())
    page = new_page(width=1280)
    log_in_to_admin(page, "coordinator")

    # A group.
    page.get_by_role("link", name="Training groups").click()
    page.get_by_role("link", name=re.compile("Add training group")).click()
    page.get_by_label("Name:").fill("Field Office 3")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Three trainees, from a file, after a preview.
    upload = tmp_path / "trainees.csv"
    upload.write_text(TRAINEES_CSV)
    page.goto("/admin/quiz/trainee/")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("File to import:").set_input_files(upload)
    page.get_by_label("Format:").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("body")).to_contain_text("amara@example.org")
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("3 new")
    expect(page.locator("#result_list")).to_contain_text("Bo Lindqvist")

    # The quiz, assigned from the group's page, due in Tokyo's time.
    page.goto("/admin/quiz/traininggroup/")
    page.get_by_role("link", name="Field Office 3").click()
    expect(page.locator("body")).to_contain_text("3 members")
    page.get_by_role("link", name="Assign a quiz to this group").click()
    expect(page.locator("#id_group")).to_have_value(str(TrainingGroup.objects.get().pk))
    page.get_by_label("Quiz:").select_option(
        label="DHS components and their anti-trafficking roles"
    )
    page.get_by_label("Due date:").fill("2030-06-28")
    page.get_by_label("Time zone:").fill("Asia/Tokyo")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Assignment.objects.get().time_zone == "Asia/Tokyo"

    # The report: nobody has started, all three listed, the export offered.
    page.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="3 members")).to_be_visible()
    expect(page.locator("[data-count=not_started]")).to_have_text("Not started: 3")
    expect(page.locator("#members tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="Export these members as CSV")).to_be_visible()
    page.get_by_label("Search").fill("chidi")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#members tbody tr")).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "admin-completion-report.png", full_page=True)


def test_a_trainees_assignments_page_has_no_wcag_violations(new_page):
    from quiz.models import Quiz

    trainee = UserFactory(username="assigned")
    group = TrainingGroup.objects.create(name="Field Office 3")
    group.members.add(trainee)
    for quiz, due in zip(Quiz.objects.all(), ["2020-01-31", "2030-06-28"], strict=False):
        Assignment.objects.create(group=group, quiz=quiz, due_on=due)
    for width in (375, 1280):
        page = new_page(width=width)
        log_in(page, "assigned")
        expect(page.locator(".is-assigned").first).to_contain_text("Assigned to you")
        assert_no_violations(page, f"quiz list with assignments, {width}px")


def coordinator_group() -> Group:
    """The group migration 0020 makes: a manager's permissions but "see every group"."""
    group, _created = Group.objects.get_or_create(name="Training coordinator")
    group.permissions.set(training_manager_group().permissions.exclude(codename="see_every_group"))
    return group


@pytest.mark.parametrize("width", (375, 1280))
def test_a_scoped_coordinator_walks_the_admin_and_meets_only_their_people(new_page, width):
    from quiz.models import Quiz

    coordinator = UserFactory(username="office-lead", is_staff=True)
    coordinator.groups.add(coordinator_group())
    office = TrainingGroup.objects.create(name="Field Office 3")
    office.coordinators.add(coordinator)
    office.members.add(UserFactory(username="amara", email="amara@example.org"))
    hq = TrainingGroup.objects.create(name="Headquarters")
    hq.members.add(UserFactory(username="zed", email="zed@example.org"))
    quiz = Quiz.objects.first()
    mine = Assignment.objects.create(group=office, quiz=quiz, due_on="2030-06-28")
    theirs = Assignment.objects.create(group=hq, quiz=quiz, due_on="2030-06-28")

    page = new_page(width=width)
    log_in_to_admin(page, "office-lead")
    page.goto("/admin/quiz/trainee/")
    expect(page.locator("#result_list")).to_contain_text("amara@example.org")
    expect(page.locator("#result_list")).not_to_contain_text("zed@example.org")
    assert_no_violations(page, f"a coordinator's trainees at {width}px")
    page.goto("/admin/quiz/traininggroup/")
    expect(page.locator("#result_list")).to_contain_text("Field Office 3")
    expect(page.locator("#result_list")).not_to_contain_text("Headquarters")
    page.goto(f"/admin/quiz/assignment/{mine.pk}/report/")
    expect(page.locator("#members tbody tr")).to_have_count(1)
    response = page.goto(f"/admin/quiz/assignment/{theirs.pk}/report/")
    assert response.status == 404
    page.goto("/admin/auth/user/")
    expect(page.locator("#result_list")).not_to_contain_text("zed")
    page.screenshot(path=ARTIFACTS / f"admin-coordinator-users-{width}px.png", full_page=True)
