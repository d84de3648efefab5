"""Admin changes are logged (Django's LogEntry); passwords never reach a log, a record
or an admin page."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from quiz.models import Quiz
from tests.factories import UserFactory, make_quiz, make_user

SECRET = "Sup3r-secret-passphrase-81"
MASK = "********************"


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_(boss):
    client = Client()
    client.force_login(boss)
    return client


def quiz_form(quiz: Quiz, **changes) -> dict:
    """The quiz's change page as the admin shows it: its settings (title, release and the
    rest of its content are read-only there) and its inlines' empty management forms."""
    data = {
        "pass_mark": quiz.pass_mark,
        "is_published": "on",
        "max_attempts": "",
        "time_limit_minutes": "",
        "attempts_per_day": quiz.attempts_per_day or "",
        "wait_minutes": quiz.wait_minutes,
    }
    for prefix in ["objectives", "questions"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return {**data, **changes}


def test_an_admin_edit_of_a_quiz_is_logged(admin_client_, boss):
    quiz = make_quiz(0, slug="audited")

    response = admin_client_.post(
        f"/admin/quiz/quiz/{quiz.pk}/change/",
        quiz_form(quiz, pass_mark="90", time_limit_minutes="20", max_attempts="3"),
    )

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.pass_mark, quiz.time_limit_minutes, quiz.max_attempts) == (90, 20, 3)
    entry = LogEntry.objects.get(object_id=str(quiz.pk))
    assert entry.user == boss
    assert entry.action_flag == CHANGE
    assert entry.content_type.model == "quiz"
    message = entry.get_change_message()
    for label in ("Pass mark (percent)", "Attempts allowed", "Time limit (minutes)"):
        assert label in message
    history = admin_client_.get(f"/admin/quiz/quiz/{quiz.pk}/history/").content.decode()
    assert "boss" in history and "Pass mark (percent)" in history


def test_an_admin_setting_a_trainees_password_logs_the_change_but_not_the_password(
    admin_client_,
):
    trainee = make_user("kim")

    response = admin_client_.post(
        f"/admin/auth/user/{trainee.pk}/password/",
        {"password1": SECRET, "password2": SECRET, "usable_password": "true"},
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password(SECRET)
    entry = LogEntry.objects.get(object_id=str(trainee.pk))
    assert "password" in entry.get_change_message().lower()
    for entry in LogEntry.objects.all():
        assert SECRET not in entry.change_message + entry.object_repr
        assert trainee.password not in entry.change_message


def test_admin_user_pages_never_show_a_password_hash(admin_client_):
    trainee = make_user("lee")
    algorithm, salt_and_hash = trainee.password.split("$", 1)

    pages = [
        admin_client_.get("/admin/auth/user/"),
        admin_client_.get(f"/admin/auth/user/{trainee.pk}/change/"),
        admin_client_.get(f"/admin/auth/user/{trainee.pk}/history/"),
    ]

    for page in pages:
        assert page.status_code == 200
        assert salt_and_hash.split("$")[-1] not in page.content.decode()


def test_a_failed_login_stores_and_logs_no_password(db, caplog):
    make_user("mia")
    caplog.set_level(logging.DEBUG)

    Client().post("/accounts/login/", {"username": "mia", "password": SECRET})

    attempt = AccessAttempt.objects.get(username="mia")
    assert SECRET not in attempt.post_data
    assert f"password={MASK}" in attempt.post_data
    assert all(SECRET not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "path,fields",
    [
        ("/accounts/signup/", ("password1", "password2")),
        ("/accounts/login/", "__ALL__"),
        ("/admin/login/", "__ALL__"),
        ("/accounts/password_change/", "__ALL__"),
    ],
)
def test_password_forms_are_marked_sensitive_for_error_reports(path, fields, trainee_client):
    names = fields if fields != "__ALL__" else ("password", "old_password", "new_password1")
    response = trainee_client.post(path, dict.fromkeys(names, SECRET))

    request = response.wsgi_request
    assert request.sensitive_post_parameters == fields
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert SECRET not in str(dict(cleaned))


def test_an_error_during_sign_up_reports_no_password(db, caplog, monkeypatch):
    """What Django mails or logs for a 500 (its ExceptionReporter) hides the password."""

    def broken_save(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("quiz.accounts.forms.SignUpForm.save", broken_save)
    client = Client(raise_request_exception=False)

    response = client.post(
        "/accounts/signup/",
        {"username": "nina", "email": "nina@example.org", "password1": SECRET, "password2": SECRET},
    )

    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    text = report.get_traceback_text()
    assert "the database went away" in text  # the report is real
    assert SECRET not in text
    assert "password1" in text and MASK in text
