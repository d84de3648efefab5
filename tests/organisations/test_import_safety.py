"""An import's file is the uploader's alone, is deleted after use, and is refused before
it is read when it is too big or unpacks to too much; nothing about the server shows."""

import io
import os
import zipfile

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from quiz import clock
from quiz.organisations import uploads
from tests.conftest import logged_in
from tests.factories import make_user, staff_in
from tests.organisations.test_import_trainees import (
    GOOD_ROWS,
    XLSX_FORMAT,
    confirm,
    csv_file,
    imported_usernames,
    preview,
    xlsx_file,
)


def files_in(folder) -> list[str]:
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_the_file_waits_under_a_random_name_and_is_deleted_once_confirmed(
    groups, manager_client, upload_dir
):
    shown = preview(manager_client, csv_file(GOOD_ROWS))
    (name,) = files_in(upload_dir)
    assert uploads.NAME.fullmatch(name)
    assert shown.context["confirm_form"].initial["import_file_name"] == name
    assert (upload_dir / name).stat().st_mode & 0o777 == 0o600
    confirm(manager_client, shown)
    assert imported_usernames() == {"amara", "bo", "chidi"}
    assert files_in(upload_dir) == []


def test_a_preview_with_errors_keeps_no_file(groups, manager_client, upload_dir):
    preview(manager_client, csv_file([["dana", "not-an-email", "", ""]]))
    assert files_in(upload_dir) == []


def test_a_confirmation_naming_a_file_the_session_did_not_upload_touches_nothing(
    groups, manager_client, upload_dir, tmp_path
):
    victim = tmp_path / "victim.csv"
    victim.write_text("username,email\nowned,owned@example.org\n")
    planted = upload_dir / ("0" * 32)
    upload_dir.mkdir(exist_ok=True)
    planted.write_text("username,email\nplanted,planted@example.org\n")
    for name in ("../victim.csv", str(victim), "0" * 32, "victim.csv"):
        response = manager_client.post(
            "/admin/quiz/trainee/process_import/",
            {"import_file_name": name, "original_file_name": "x.csv", "format": "0"},
            follow=True,
        )
        assert "This preview is no longer open" in response.content.decode()
    assert victim.exists() and planted.exists()
    assert imported_usernames() == set()


def test_one_managers_preview_cannot_be_confirmed_by_another(groups, manager_client, upload_dir):
    shown = preview(manager_client, csv_file(GOOD_ROWS))
    other = logged_in(staff_in("Training manager", "other-manager"))
    response = confirm(other, shown)
    assert response.status_code == 302
    assert imported_usernames() == set()
    assert confirm(manager_client, shown).status_code == 302  # still the uploader's to confirm
    assert imported_usernames() == {"amara", "bo", "chidi"}


def test_a_preview_is_confirmed_once(groups, manager_client):
    shown = preview(manager_client, csv_file(GOOD_ROWS))
    confirm(manager_client, shown)
    again = confirm(manager_client, shown)
    assert again.status_code == 302
    assert User.objects.filter(username="amara").count() == 1


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    groups, manager_client, upload_dir, settings, monkeypatch
):
    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    rows = [[f"user{n}", f"user{n}@example.org", "", ""] for n in range(100)]
    response = preview(manager_client, csv_file(rows))
    assert response.status_code == 200
    assert "the limit is 0 MB" in response.context["form"].errors["import_file"][0]
    assert files_in(upload_dir) == [] and imported_usernames() == set()


def test_a_file_over_the_row_limit_is_refused_with_a_message(
    groups, manager_client, monkeypatch, upload_dir
):
    monkeypatch.setattr("quiz.organisations.imports.MAX_ROWS", 2)
    response = preview(manager_client, csv_file(GOOD_ROWS))
    html = response.content.decode()
    assert "This file has 3 rows; import at most 2 at a time." in html
    assert files_in(upload_dir) == [] and imported_usernames() == set()


def zip_bomb() -> bytes:
    """A small XLSX-looking zip whose one member unpacks to 64 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 2**20))
    return buffer.getvalue()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(
    groups, manager_client, upload_dir
):
    bomb = zip_bomb()
    assert len(bomb) < uploads.MAX_BYTES
    response = preview(manager_client, SimpleUploadedFile("trainees.xlsx", bomb), XLSX_FORMAT)
    assert "This Excel file unpacks to more than 20 MB" in response.content.decode()
    assert files_in(upload_dir) == []


ENTITIES = (
    b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def with_entities(xlsx: bytes) -> bytes:
    """The same workbook with its sheet declaring internal entities, one used in a cell."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                assert b"<t>amara</t>" in data
                data = ENTITIES + data.replace(b"<t>amara</t>", b"<t>&lol3;</t>")
            archive.writestr(member, data)
    return buffer.getvalue()


def test_an_xlsx_with_internal_entities_is_refused_not_expanded(groups, manager_client):
    upload = xlsx_file(GOOD_ROWS)
    bad = with_entities(upload.read())
    response = preview(manager_client, SimpleUploadedFile("trainees.xlsx", bad), XLSX_FORMAT)
    html = response.content.decode()
    assert "lollollol" not in html
    assert response.context.get("confirm_form") is None
    assert imported_usernames() == set()


def test_a_refused_file_shows_its_reason_and_nothing_of_the_server(groups, manager_client):
    upload = csv_file([["amara", "amara@example.org", "pw"]], ["username", "email", "password"])
    html = preview(manager_client, upload).content.decode()
    assert "This file has a password column" in html
    assert "Traceback" not in html and "site-packages" not in html and "/work/" not in html


def test_a_username_that_differs_only_in_case_is_refused(groups, manager_client):
    make_user("impboss")
    html = preview(manager_client, csv_file([["IMPBOSS", "boss2@example.org", "", ""]]))
    assert "A user named impboss already exists" in html.content.decode()
    assert not User.objects.filter(username="IMPBOSS").exists()


def test_only_a_manager_may_confirm(groups, manager_client, reviewer_client):
    shown = preview(manager_client, csv_file(GOOD_ROWS))
    assert confirm(reviewer_client, shown).status_code == 403
    assert imported_usernames() == set()


def test_an_abandoned_previews_file_is_deleted_an_hour_on(
    groups, manager_client, upload_dir, time_machine
):
    time_machine.move_to("2026-12-01 09:00Z", tick=False)
    preview(manager_client, csv_file(GOOD_ROWS))
    (name,) = files_in(upload_dir)
    uploaded_at = clock.now().timestamp()  # the file system stamps files with the real time
    os.utime(upload_dir / name, (uploaded_at, uploaded_at))
    time_machine.move_to("2026-12-01 09:59Z", tick=False)
    preview(manager_client, csv_file([["dana", "not-an-email", "", ""]]))
    assert files_in(upload_dir) == [name]
    time_machine.move_to("2026-12-01 10:01Z", tick=False)
    preview(manager_client, csv_file([["dana", "not-an-email", "", ""]]))
    assert files_in(upload_dir) == []
