"""Trainees imported from CSV or XLSX in the admin: a preview first, an error per bad row,
nothing written when any row fails, and a set-password mail for each new account."""

import re

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quiz.organisations.tasks import invite
from tests.factories import UserFactory, make_user
from tests.worker import delivered, run_worker

HEADERS = ["username", "email", "name", "groups"]
GOOD_ROWS = [
    ["amara", "amara@example.org", "Amara Okafor", "Field Office 3"],
    ["bo", "bo@example.org", "Bo Lindqvist", "Field Office 3;Night shift"],
    ["chidi", "chidi@example.org", "", ""],
]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # their places in TraineeAdmin.formats


def csv_file(rows, headers=HEADERS) -> SimpleUploadedFile:
    text = tablib.Dataset(*rows, headers=headers).export("csv")
    return SimpleUploadedFile("trainees.csv", text.encode(), content_type="text/csv")


def xlsx_file(rows, headers=HEADERS) -> SimpleUploadedFile:
    data = tablib.Dataset(*rows, headers=headers).export("xlsx")
    return SimpleUploadedFile("trainees.xlsx", data)


def preview(client, upload, file_format=CSV_FORMAT):
    return client.post(
        reverse("admin:quiz_trainee_import"),
        {"import_file": upload, "format": file_format, "resource": "0"},
    )


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update({k: v for k, v in form.initial.items()})
    return client.post(reverse("admin:quiz_trainee_process_import"), data)


def imported_usernames():
    return set(User.objects.filter(is_staff=False).values_list("username", flat=True))


def test_a_preview_writes_nothing_then_confirming_imports_and_mails_each_trainee(
    groups, manager_client, django_capture_on_commit_callbacks
):
    response = preview(manager_client, csv_file(GOOD_ROWS))
    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 3
    assert imported_usernames() == set()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(manager_client, response)
    assert response.status_code == 302
    assert imported_usernames() == {"amara", "bo", "chidi"}
    bo = User.objects.get(username="bo")
    assert bo.get_full_name() == "Bo Lindqvist"
    assert not bo.has_usable_password() and bo.is_active and not bo.is_staff
    assert set(bo.training_groups.values_list("name", flat=True)) == {
        "Field Office 3",
        "Night shift",
    }
    run_worker()
    assert sorted(m.to[0] for m in delivered()) == [
        "amara@example.org",
        "bo@example.org",
        "chidi@example.org",
    ]


def test_the_mailed_link_lets_the_trainee_choose_a_password_and_log_in(groups, client):
    trainee = make_user("amara")
    trainee.set_unusable_password()
    trainee.save()
    invite([trainee.pk])
    run_worker()
    link = re.search(r"https?://\S+/reset/\S+/", delivered()[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "a-long-new-passphrase-4-training"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password(password)


def test_xlsx_files_import_too(groups, manager_client):
    response = preview(manager_client, xlsx_file(GOOD_ROWS), XLSX_FORMAT)
    assert response.context["result"].totals["new"] == 3
    confirm(manager_client, response)
    assert imported_usernames() == {"amara", "bo", "chidi"}


def row_errors(response) -> dict[int, str]:
    """Each invalid row's number with its messages, as the preview shows them."""
    result = response.context["result"]
    return {
        row.number: " ".join(str(e) for errors in row.error_dict.values() for e in errors)
        for row in result.invalid_rows
    }


def test_each_bad_row_is_named_with_its_reason_and_nothing_is_written(groups, manager_client):
    make_user("taken")
    rows = [
        *GOOD_ROWS,
        ["dana", "not-an-email", "", ""],
        ["taken", "new@example.org", "", ""],
        ["amara", "amara2@example.org", "", ""],
        ["eve", "", "", ""],
        ["fay", "fay@example.org", "", "Field Office 4"],
        ["gus", "AMARA@example.org", "", ""],
    ]
    response = preview(manager_client, csv_file(rows))
    assert response.status_code == 200
    errors = row_errors(response)
    assert sorted(errors) == [4, 5, 6, 7, 8, 9]
    assert "valid email" in errors[4]
    assert "already exists" in errors[5]
    assert "already exists" in errors[6]  # taken earlier in the same file
    assert "email address is needed" in errors[7]
    assert "No training group is named “Field Office 4”" in errors[8]
    assert "AMARA@example.org is in the file twice." in errors[9]
    assert response.context.get("confirm_form") is None  # no way to confirm a bad file
    assert imported_usernames() == {"taken"}


def test_a_file_with_passwords_is_refused_whole(groups, manager_client):
    rows = [["amara", "amara@example.org", "hunter2"]]
    response = preview(manager_client, csv_file(rows, ["username", "email", "password"]))
    assert "password column" in response.content.decode()
    assert imported_usernames() == set()


def test_a_file_without_the_email_column_is_refused(groups, manager_client):
    response = preview(manager_client, csv_file([["amara"]], ["username"]))
    assert "missing: email" in response.content.decode()
    assert imported_usernames() == set()


def test_a_row_gone_bad_after_the_preview_undoes_the_whole_file(groups, manager_client):
    response = preview(manager_client, csv_file(GOOD_ROWS))
    # Someone else signs up as chidi, with another address, between the preview and the
    # confirmation.
    UserFactory(username="chidi", email="not-chidi@example.org")
    response = confirm(manager_client, response)
    assert response.status_code == 302
    assert imported_usernames() == {"chidi"}
    assert delivered() == []


def test_an_imported_trainee_cannot_be_made_staff_by_the_file(groups, manager_client):
    rows = [["amara", "amara@example.org", "", ""]]
    upload = csv_file([[*rows[0], "1", "1"]], [*HEADERS, "is_staff", "is_superuser"])
    confirm(manager_client, preview(manager_client, upload))
    amara = User.objects.get(username="amara")
    assert not amara.is_staff and not amara.is_superuser


def test_only_those_who_may_add_trainees_may_import(groups, reviewer_client):
    assert preview(reviewer_client, csv_file(GOOD_ROWS)).status_code == 403
    assert imported_usernames() == set()


def test_a_broken_file_gets_a_message_not_an_error_page(groups, manager_client):
    upload = SimpleUploadedFile("trainees.xlsx", b"not a spreadsheet at all")
    response = preview(manager_client, upload, XLSX_FORMAT)
    assert response.status_code == 200
    assert "Ensure you have chosen the correct format" in response.content.decode()
    assert imported_usernames() == set()


def test_an_imported_trainee_whose_link_expired_can_ask_for_a_new_one(db, client):
    trainee = make_user("amara")
    trainee.set_unusable_password()
    trainee.save()
    response = client.post(reverse("password_reset"), {"email": "AMARA@example.org"})
    assert response.status_code == 302
    assert [m.to for m in delivered()] == [["amara@example.org"]]
    assert "/reset/" in delivered()[0].body


def test_column_names_are_read_whatever_their_case_and_spaces(groups, manager_client):
    upload = csv_file(GOOD_ROWS, ["Username", " Email", "NAME", "Groups "])
    confirm(manager_client, preview(manager_client, upload))
    assert imported_usernames() == {"amara", "bo", "chidi"}
    assert User.objects.get(username="amara").get_full_name() == "Amara Okafor"


# --- Updating trainees already here ----------------------------------------------------


def test_a_row_for_a_trainee_already_here_updates_them_and_mails_nobody(groups, manager_client):
    confirm(manager_client, preview(manager_client, csv_file(GOOD_ROWS)))
    delivered().clear()
    rows = [
        ["amara", "AMARA@example.org", "Amara N. Okafor", "Night shift"],
        ["bo", "bo@example.org", "", ""],
        ["dana", "dana@example.org", "", "Night shift"],
    ]
    shown = preview(manager_client, csv_file(rows))
    assert shown.context["result"].totals["update"] == 2
    assert shown.context["result"].totals["new"] == 1
    confirm(manager_client, shown)
    amara = User.objects.get(username="amara")
    assert amara.get_full_name() == "Amara N. Okafor"
    assert set(amara.training_groups.values_list("name", flat=True)) == {
        "Field Office 3",  # kept
        "Night shift",  # added
    }
    assert User.objects.get(username="bo").get_full_name() == "Bo Lindqvist"  # no name: kept
    assert [m.to for m in delivered()] == [["dana@example.org"]]  # only the new trainee


@pytest.mark.parametrize("status, active", [("left", False), ("LEFT", False), ("active", True)])
def test_a_status_column_marks_leavers_and_returners(groups, manager_client, status, active):
    confirm(manager_client, preview(manager_client, csv_file(GOOD_ROWS)))
    User.objects.filter(username="bo").update(is_active=not active)
    upload = csv_file([["bo", "bo@example.org", "", "", status]], [*HEADERS, "status"])
    confirm(manager_client, preview(manager_client, upload))
    assert User.objects.get(username="bo").is_active is active


def test_a_bad_status_or_an_address_of_another_username_is_an_error(groups, manager_client):
    confirm(manager_client, preview(manager_client, csv_file(GOOD_ROWS)))
    rows = [["bo", "bo@example.org", "", "", "gone"]]
    errors = row_errors(preview(manager_client, csv_file(rows, [*HEADERS, "status"])))
    assert "The status is “left”, “active” or empty." in errors[1]
    rows = [["bob", "bo@example.org", "", "", ""]]  # bo's address, another username
    errors = row_errors(preview(manager_client, csv_file(rows, [*HEADERS, "status"])))
    assert "bo@example.org already has an account." in errors[1]
    assert User.objects.get(username="bo").is_active
