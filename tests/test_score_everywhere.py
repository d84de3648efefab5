"""One attempt of 6½ points of 7 (92.857%) reads 92% wherever a trainee or a coordinator
looks: the result, the quiz list, the history, the certificate and its PDF, the
completion report and its export, the attempts export and the admin. Never 93% (rounded
up, as floatformat did on the quiz list and in the reports) nor 92.86%."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from quiz.models import Certificate
from tests.conftest import logged_in
from tests.factories import (
    AssignmentFactory,
    TrainingGroupFactory,
    make_quiz,
    submitted_attempt,
    trainee_named,
)

SUBMITTED = datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture
def attempt(db, time_machine):
    time_machine.move_to(datetime(2026, 3, 3, 9, tzinfo=UTC), tick=False)
    quiz = make_quiz(7, slug="seven", pass_mark=80)
    questions = list(quiz.questions.order_by("position"))
    earned = {q: Decimal("0.5") if q.kind == "matching" else 1 for q in questions}
    ana = trainee_named("ana", first_name="Ana", last_name="Lima")
    attempt = submitted_attempt(ana, quiz, points=earned, submitted_at=SUBMITTED)
    Certificate.objects.create(attempt=attempt, code="c" * 22, name="Ana Lima", issued_at=SUBMITTED)
    AssignmentFactory(group=TrainingGroupFactory(members=[ana]), quiz=quiz, due_on=SUBMITTED.date())
    return attempt


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_92(text: str) -> None:
    assert "92%" in text
    assert "93%" not in text and "92.86" not in text and "92.9" not in text


def test_the_attempt_is_six_and_a_half_of_seven(attempt):
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (
        Decimal("6.5"),
        Decimal(7),
        Decimal("92.86"),
        True,
    )


def test_the_trainees_pages_say_92(attempt):
    client = logged_in(attempt.user)
    result = page(client, reverse("quiz:result", args=[attempt.pk]))
    assert "Passed: 92%" in result and "6½ of 7 points" in result
    assert_92(result)
    for name in ("quiz:list", "quiz:history"):
        assert_92(page(client, reverse(name)))
    certificate = page(client, reverse("quiz:certificate", args=[attempt.pk]))
    assert "92% (pass mark 80%)" in certificate
    assert_92(certificate)


def test_the_certificate_pdf_says_92(attempt):
    pdf = logged_in(attempt.user).get(reverse("quiz:certificate_pdf", args=[attempt.pk]))
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Score: 92% (pass mark 80%)" in text
    assert_92(text)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_completion_report_and_its_export_say_92(attempt, superuser_client):
    assignment = attempt.user.training_groups.get().assignments.get()
    report = page(superuser_client, reverse("admin:quiz_assignment_report", args=[assignment.pk]))
    assert_92(report.split('id="members"', 1)[1])
    export = superuser_client.get(
        reverse("admin:quiz_assignment_report_export", args=[assignment.pk])
    )
    assert [row["best percent"] for row in csv_rows(export)] == ["92"]


def test_the_attempts_export_says_92(attempt, superuser_client):
    export = superuser_client.get("/admin/quiz/attempt/export/")
    assert [row["percent"] for row in csv_rows(export)] == ["92"]


def test_the_admin_pages_say_92(attempt, superuser_client):
    changelist = page(superuser_client, "/admin/quiz/attempt/")
    assert '<td class="field-percent_shown">92%</td>' in changelist
    assert_92(changelist)
    change = page(superuser_client, f"/admin/quiz/attempt/{attempt.pk}/change/")
    assert "6½ of 7" in change
    assert_92(change)
    trainee = page(superuser_client, reverse("admin:quiz_trainee_change", args=[attempt.user_id]))
    assert_92(trainee)
