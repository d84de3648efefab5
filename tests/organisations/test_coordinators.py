"""A coordinator sees and manages only the groups they coordinate: their members, the
members' attempts, certificates, reminders and mail; every list, page, filter, action and
export of the admin holds to that. Managers and reviewers see every group, as before."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from quiz.models import Attempt, Mail, Reminder, TrainingGroup
from tests.conftest import logged_in
from tests.factories import (
    AssignmentFactory,
    QuizFactory,
    TrainingGroupFactory,
    attempt_at,
    make_user,
    staff_in,
)
from tests.organisations.test_import_trainees import csv_file, preview

STARTED = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def two_offices(db):
    """Field Office 3 (ana, ben), coordinated by coord, and Headquarters (zed), not."""
    coord = staff_in("Training coordinator", "coord")
    quiz = QuizFactory(title="Component roles")
    ana, ben, zed = make_user("ana"), make_user("ben"), make_user("zed")
    office = TrainingGroupFactory(name="Field Office 3", members=[ana, ben])
    office.coordinators.add(coord)
    hq = TrainingGroupFactory(name="Headquarters", members=[zed])
    mine, theirs = (
        AssignmentFactory(group=office, quiz=quiz),
        AssignmentFactory(group=hq, quiz=quiz),
    )
    attempts = {
        "ana": attempt_at(ana, quiz, started_at=STARTED, passed=True),
        "zed": attempt_at(zed, quiz, started_at=STARTED, passed=True),
    }
    for user, assignment in ((ana, mine), (zed, theirs)):
        Reminder.objects.create(
            assignment=assignment,
            user=user,
            stage="overdue",
            due_on=assignment.due_on,
            run="00000000-0000-0000-0000-000000000001",
        )
        Mail.objects.create(kind="invitation", to=user.email, subject="Hello", body="b", user=user)
    return {
        "coord": coord,
        "office": office,
        "hq": hq,
        "mine": mine,
        "theirs": theirs,
        "attempts": attempts,
        "zed": zed,
        "ana": ana,
    }


@pytest.fixture
def coordinator_client(two_offices):
    return logged_in(two_offices["coord"])


def listed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_list_shows_the_coordinators_people_only(two_offices, coordinator_client):
    pages = {
        "/admin/quiz/traininggroup/": ("Field Office 3", "Headquarters"),
        "/admin/quiz/trainee/": ("ana@example.org", "zed@example.org"),
        "/admin/quiz/attempt/": (">ana<", ">zed<"),
        "/admin/quiz/certificate/": (
            f"code-{two_offices['attempts']['ana'].pk}",
            f"code-{two_offices['attempts']['zed'].pk}",
        ),
        "/admin/quiz/reminder/": (">ana<", ">zed<"),
        "/admin/quiz/mail/": ("ana@example.org", "zed@example.org"),
        "/admin/auth/user/": ("ana@example.org", "zed@example.org"),
        "/admin/quiz/assignment/": (
            f"/{two_offices['mine'].pk}/report/",
            f"/{two_offices['theirs'].pk}/report/",
        ),
    }
    for url, (mine, theirs) in pages.items():
        html = listed(coordinator_client, url)
        assert mine in html, url
        assert theirs not in html, url


def test_pages_reports_and_exports_of_other_groups_are_out_of_reach(
    two_offices, coordinator_client
):
    zed, theirs = two_offices["zed"], two_offices["theirs"]
    zed_attempt = two_offices["attempts"]["zed"]
    for url in (
        f"/admin/quiz/trainee/{zed.pk}/change/",
        f"/admin/quiz/attempt/{zed_attempt.pk}/change/",
        f"/admin/auth/user/{zed.pk}/change/",
        f"/admin/quiz/traininggroup/{two_offices['hq'].pk}/change/",
    ):
        assert coordinator_client.get(url).status_code == 302, url  # "does not exist"
    for url in (
        f"/admin/quiz/assignment/{theirs.pk}/report/",
        f"/admin/quiz/assignment/{theirs.pk}/report/export/",
    ):
        assert coordinator_client.get(url).status_code == 404, url
    response = coordinator_client.get("/admin/quiz/attempt/export/")
    export = b"".join(response.streaming_content).decode()
    assert "\nana," in export and "zed" not in export


def test_a_coordinator_cannot_put_anyone_into_or_assign_to_another_group(
    two_offices, coordinator_client
):
    hq, ana = two_offices["hq"], two_offices["ana"]
    response = coordinator_client.post(
        "/admin/quiz/trainee/",
        {"action": "add_to_group", "_selected_action": [ana.pk], "apply": "1", "group": hq.pk},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not hq.members.filter(pk=ana.pk).exists()
    form = {"group": hq.pk, "quiz": QuizFactory().pk, "due_on": "2027-01-31", "time_zone": "UTC"}
    response = coordinator_client.post("/admin/quiz/assignment/add/", form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_coordinator_imports_only_into_their_groups(two_offices, coordinator_client):
    rows = [["new1", "new1@example.org", "", "Headquarters"], ["new2", "new2@example.org", "", ""]]
    html = preview(coordinator_client, csv_file(rows)).content.decode()
    assert "No training group is named “Headquarters”" in html
    assert "Name one of your training groups." in html
    ok = preview(coordinator_client, csv_file([["new3", "new3@example.org", "", "Field Office 3"]]))
    assert ok.context["confirm_form"] is not None


def test_a_group_a_coordinator_makes_is_theirs(two_offices, coordinator_client):
    response = coordinator_client.post(
        "/admin/quiz/traininggroup/add/", {"name": "Night shift", "description": ""}
    )
    assert response.status_code == 302
    group = TrainingGroup.objects.get(name="Night shift")
    assert list(group.coordinators.all()) == [two_offices["coord"]]
    assert "Night shift" in listed(coordinator_client, "/admin/quiz/traininggroup/")


def test_a_manager_still_sees_every_group(two_offices, manager_client):
    html = listed(manager_client, "/admin/quiz/trainee/")
    assert "ana@example.org" in html and "zed@example.org" in html
    assert Attempt.objects.count() == 2
    assert "Headquarters" in listed(manager_client, "/admin/quiz/traininggroup/")


def test_the_coordinator_group_may_do_what_a_manager_does_but_see_every_group(db):
    """Nor read the whole audit trail: it names every group's changes; nor make SCORM
    packages, whose launches make accounts."""
    from django.contrib.auth.models import Group

    def codes(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert codes("Training coordinator") == codes("Training manager") - {
        "see_every_group",
        "view_logentry",
        "add_scormpackage",
        "change_scormpackage",
        "view_scormpackage",
        "view_scormlearner",
    }


def test_members_of_staff_are_never_put_into_a_training_group(two_offices, manager_client):
    boss = User.objects.create_superuser("boss", "boss@example.org", None)
    office = two_offices["office"]
    manager_client.post(
        "/admin/quiz/trainee/",
        {"action": "add_to_group", "_selected_action": [boss.pk], "apply": "1", "group": office.pk},
    )
    assert not office.members.filter(pk=boss.pk).exists()


def test_a_coordinators_import_never_updates_a_trainee_of_another_group(
    two_offices, coordinator_client
):
    rows = [["zed", "zed@example.org", "Renamed", "Field Office 3"]]
    html = preview(coordinator_client, csv_file(rows)).content.decode()
    assert "zed@example.org already has an account." in html
    assert User.objects.get(username="zed").get_full_name() == ""
