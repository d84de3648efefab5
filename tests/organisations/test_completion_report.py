"""The completion report of an assignment in the admin, its export, the per-trainee page,
and who may see or change what."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quiz.models import Assignment, Reminder, TrainingGroup
from tests.factories import QuizFactory, make_user

from .conftest import DUE_ON

BEFORE_DUE = datetime(2026, 12, 3, 12, tzinfo=UTC)
AFTER_DUE = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)


def report_url(assignment, **query):
    url = reverse("admin:quiz_assignment_report", args=[assignment.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def statuses_shown(response) -> dict[str, str]:
    report = response.context["report"]
    return {m.username: m.status.value for m in report.members}


def get_at(client, url, now):
    with time_machine.travel(now, tick=False):
        return client.get(url)


def test_the_report_counts_members_by_status_and_lists_them(office, superuser_client):
    response = get_at(superuser_client, report_url(office), BEFORE_DUE)
    assert response.status_code == 200
    assert statuses_shown(response) == {
        "ana": "passed",
        "ben": "in_progress",
        "cy": "failed",  # failed once, and has not tried again
        "dee": "not_started",
    }
    counts = {s.value: n for s, n in response.context["report"].counts.items()}
    assert counts == {"overdue": 0, "failed": 1, "not_started": 1, "in_progress": 1, "passed": 1}
    assert "Not started: 1" in response.content.decode()
    assert 'href="/certificates/code-' in response.content.decode()


def test_after_the_due_date_who_has_not_passed_is_overdue_and_listed_first(
    office, superuser_client
):
    response = get_at(superuser_client, report_url(office), AFTER_DUE)
    members = response.context["report"].members
    assert [m.status.value for m in members] == ["overdue", "overdue", "overdue", "passed"]
    assert [m.username for m in members][:3] == ["ben", "cy", "dee"]


def test_the_report_filters_by_status_and_searches(office, superuser_client):
    response = get_at(superuser_client, report_url(office, status="overdue"), AFTER_DUE)
    assert set(statuses_shown(response)) == {"ben", "cy", "dee"}
    response = get_at(superuser_client, report_url(office, q="DEE@example"), AFTER_DUE)
    assert set(statuses_shown(response)) == {"dee"}
    # The counts stay those of every member, whatever is shown.
    assert response.context["report"].total == 4


def test_a_bad_filter_is_ignored_not_an_error(office, superuser_client):
    response = get_at(superuser_client, report_url(office, status="lost", page="x"), AFTER_DUE)
    assert response.status_code == 200
    assert len(response.context["report"].members) == 4
    response = get_at(superuser_client, report_url(office, status="passed", page="-3"), AFTER_DUE)
    assert set(statuses_shown(response)) == {"ana"}


@pytest.mark.parametrize("members", [4, 40])
def test_the_reports_query_count_does_not_grow_with_members(
    office, superuser_client, django_assert_num_queries, members
):
    for n in range(members - 4):
        user = make_user(f"extra{n}")
        office.group.members.add(user)
    # the user (the session is cached), the assignment, every member, their records at
    # the quiz, the certificates of the page, the mail that failed on the page, the
    # group's recall at the refreshers
    with django_assert_num_queries(7):
        response = get_at(superuser_client, report_url(office), BEFORE_DUE)
    assert response.context["report"].total == members


def export(client, assignment, **query):
    url = reverse("admin:quiz_assignment_report_export", args=[assignment.pk])
    with time_machine.travel(AFTER_DUE, tick=False):
        response = client.get(url, query)
        assert response.streaming
        content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_the_export_streams_every_member_with_status_and_certificate(office, superuser_client):
    rows = export(superuser_client, office)
    assert rows[0][:4] == ["trainee", "name", "email", "status"]
    by_user = {row[0]: row for row in rows[1:]}
    assert set(by_user) == {"ana", "ben", "cy", "dee"}
    assert by_user["ana"][3] == "passed" and by_user["ana"][9].startswith("code-")
    assert by_user["dee"][3] == "overdue" and by_user["dee"][4] == DUE_ON.isoformat()


def test_the_export_keeps_the_filters_and_makes_formulas_inert(office, superuser_client):
    evil = make_user("=HYPERLINK(1)")
    evil.first_name = "@SUM(A1)"
    evil.save()
    office.group.members.add(evil)
    rows = export(superuser_client, office, status="overdue")
    assert {row[0] for row in rows[1:]} == {"ben", "cy", "dee", "'=HYPERLINK(1)"}
    assert ["'@SUM(A1)"] == [row[1] for row in rows[1:] if row[0].startswith("'")]


def test_the_report_says_whom_the_mail_did_not_reach(office, superuser_client):
    ben = office.group.members.get(username="ben")
    Reminder.objects.create(
        assignment=office,
        user=ben,
        stage="overdue",
        due_on=office.due_on,
        run="00000000-0000-0000-0000-000000000002",
        state="failed",
        error="SMTPRecipientsRefused: 550 No such mailbox",
    )
    response = get_at(superuser_client, report_url(office), AFTER_DUE)
    rows = {m.username: m.mail_error for m in response.context["report"].members}
    assert rows["ben"] == "SMTPRecipientsRefused: 550 No such mailbox"
    assert rows["cy"] == ""
    html = response.content.decode()
    assert html.count("Not delivered") == 1 and "550 No such mailbox" in html


def test_the_excel_export_has_the_csvs_rows_with_numbers_as_numbers_and_inert_formulas(
    office, superuser_client
):
    from openpyxl import load_workbook

    evil = make_user("=HYPERLINK(1)")
    office.group.members.add(evil)
    url = reverse("admin:quiz_assignment_report_xlsx", args=[office.pk])
    with time_machine.travel(AFTER_DUE, tick=False):
        response = superuser_client.get(url, {"status": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["trainee", "name", "email", "status"]
    assert {row[0] for row in rows[1:]} == {"ben", "cy", "dee", "'=HYPERLINK(1)"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    cy = next(row for row in rows if row[0] == "cy")
    assert cy[7] == 40 and cy[8] == 1  # best percent and attempts, as numbers


def test_the_trainee_page_shows_every_assignment_attempt_and_certificate(office, superuser_client):
    ana = office.group.members.get(username="ana")
    url = reverse("admin:quiz_trainee_change", args=[ana.pk])
    with time_machine.travel(AFTER_DUE, tick=False):
        response = superuser_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Field Office 3" in page
    assert 'data-status="passed"' in page
    assert "Component roles" in page
    assert f"/certificates/code-{ana.attempts.get().pk}/" in page


# --- Permissions ------------------------------------------------------------------


def test_a_reviewer_reads_reports_and_trainees_but_changes_nothing(office, reviewer_client):
    assert reviewer_client.get(report_url(office)).status_code == 200
    assert reviewer_client.get(reverse("admin:quiz_trainee_changelist")).status_code == 200
    assert reviewer_client.get(reverse("admin:quiz_assignment_add")).status_code == 403
    assert reviewer_client.get(reverse("admin:quiz_traininggroup_add")).status_code == 403
    assert reviewer_client.get(reverse("admin:quiz_trainee_import")).status_code == 403
    response = reviewer_client.post(
        reverse("admin:quiz_assignment_change", args=[office.pk]),
        {"group": office.group_id, "quiz": office.quiz_id, "due_on": "2030-01-01"},
    )
    assert response.status_code == 403
    assert Assignment.objects.get().due_on == DUE_ON


def test_a_training_manager_creates_groups_and_assignments(office, manager_client):
    response = manager_client.post(
        reverse("admin:quiz_traininggroup_add"),
        {"name": "Field Office 9", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = TrainingGroup.objects.get(name="Field Office 9")
    quiz = QuizFactory()
    response = manager_client.post(
        reverse("admin:quiz_assignment_add"),
        {"group": group.pk, "quiz": quiz.pk, "due_on": "2027-01-15", "time_zone": "Asia/Tokyo"},
    )
    assert response.status_code == 302
    assert Assignment.objects.get(group=group).time_zone == "Asia/Tokyo"
    assert manager_client.get(report_url(office)).status_code == 200
    assert manager_client.get(reverse("admin:quiz_trainee_import")).status_code == 200


def test_a_bad_time_zone_is_refused_on_the_form(office, manager_client):
    response = manager_client.post(
        reverse("admin:quiz_assignment_add"),
        {
            "group": office.group_id,
            "quiz": QuizFactory().pk,
            "due_on": "2027-01-15",
            "time_zone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    assert "is not a time zone name" in response.content.decode()


@pytest.mark.parametrize("url_name", ["admin:quiz_attempt_change", "admin:quiz_certificate_change"])
def test_a_training_manager_cannot_change_results(office, manager_client, url_name):
    attempt = office.group.members.get(username="ana").attempts.get()
    pk = attempt.pk if "attempt" in url_name else attempt.certificate.pk
    response = manager_client.post(reverse(url_name, args=[pk]), {"passed": "on"})
    assert response.status_code == 403
    assert (
        manager_client.get(reverse("admin:auth_user_change", args=[attempt.user_id])).status_code
        == 200
    )
    response = manager_client.post(
        reverse("admin:auth_user_change", args=[attempt.user_id]), {"is_superuser": "on"}
    )
    assert response.status_code == 403


def test_staff_without_a_group_sees_no_report(office, staff_client):
    assert staff_client.get(report_url(office)).status_code == 403
    assert staff_client.get(reverse("admin:quiz_trainee_changelist")).status_code == 403


def test_the_assignment_page_and_list_link_to_the_report(office, manager_client):
    url = report_url(office)
    change = manager_client.get(reverse("admin:quiz_assignment_change", args=[office.pk]))
    assert f'href="{url}"' in change.content.decode()
    listing = manager_client.get(reverse("admin:quiz_assignment_changelist"))
    assert f'href="{url}"' in listing.content.decode()


def test_the_training_manager_group_from_the_migration_has_exactly_these_permissions(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Training manager")
    permissions = set(group.permissions.values_list("content_type__app_label", "codename"))
    verbs = ("add", "change", "delete", "view")
    assert permissions == {
        *(
            ("quiz", f"{verb}_{model}")
            for verb in verbs
            for model in ("traininggroup", "assignment")
        ),
        ("quiz", "add_trainee"),
        ("quiz", "view_trainee"),
        ("quiz", "view_reminder"),
        ("quiz", "view_mail"),  # migration 0018
        ("quiz", "see_every_group"),  # migration 0020: managers see every office
        ("quiz", "change_trainee"),  # migration 0021: an address corrected, a leaver marked
        *(("quiz", f"{verb}_extension") for verb in verbs),  # migration 0023
        ("quiz", "view_membership"),  # migration 0023
        ("auditlog", "view_logentry"),  # migration 0021: the whole audit trail
        ("quiz", "view_attempt"),
        ("quiz", "view_response"),
        ("quiz", "view_selection"),
        ("quiz", "view_certificate"),
        ("auth", "view_user"),
        # migration 0027: what went to the LMSs and the LRS, and SCORM packages
        *(("quiz", f"view_{model}") for model in ("launch", "grade", "statement")),
        *(("quiz", f"{verb}_scormpackage") for verb in ("add", "change", "view")),
        ("quiz", "view_scormlearner"),
    }


def test_the_trainee_pages_query_count_does_not_grow_with_their_record(office, superuser_client):
    from tests.factories import AssignmentFactory, attempt_at

    ana = office.group.members.get(username="ana")
    url = reverse("admin:quiz_trainee_change", args=[ana.pk])
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url).status_code == 200
        counts.append(len(queries))
        for _more in range(5):  # five more assignments, each with a passed attempt
            assignment = AssignmentFactory(group=office.group)
            attempt_at(ana, assignment.quiz, started_at=BEFORE_DUE, passed=True)
    assert counts[0] == counts[1]
