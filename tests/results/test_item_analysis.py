"""The item-analysis report: every figure against a small data set worked out by hand.

The data set: a quiz (pass mark 60%) of four questions, six submitted attempts by four
trainees (u1 and u4 twice). Points per attempt:

    attempt  trainee  Q1 single  Q2 select-all  Q3 matching  Q4 true/false  score  percent
    a1       u1       1 (A)      1 (A+B)        1   (X, Y)   1 (False)      4      100
    a2       u2       1 (A)      1 (A+B)        0.5 (X, X)   0 (True)       2.5    62.5
    a3       u3       0 (B)      1 (A+B)        0   (Y, X)   1 (False)      2      50
    a4       u4       0 (none)   1 (A+B)        0   (Y, -)   1 (False)      2      50
    a5       u1       1 (A)      1 (A+B)        1   (X, Y)   0 (True)       3      75
    a6       u4       0 (C)      1 (A+B)        0   (Y, X)   0 (True)       1      25

Right answers: Q1 A; Q2 A and B; Q3 item I1 -> X, item I2 -> Y; Q4 False.

Scores: 6 attempts, 4 trainees, 3 passed (100, 62.5, 75) = 50%; mean 362.5 / 6 =
60.41666…; sorted 25, 50, 50, 62.5, 75, 100, so the median is (50 + 62.5) / 2 = 56.25;
histogram 20–30: 1, 50–60: 2, 60–70: 1, 70–80: 1, 90–100: 1 (100 goes in the last bin).

Discrimination, with x the question's points and r = score - x (population moments):
  Q1: x = 1,1,0,0,1,0; r = 3,1.5,2,2,2,1. cov = 13/12 - (1/2)(23/12) = 1/8,
      var x = 1/4, var r = 97/24 - (23/12)^2 = 53/144, so 1/8 / sqrt(53/576) = 3/sqrt(53).
  Q2: everyone right, var x = 0: no correlation (None); facility 1, flagged very easy.
  Q3: x = 1,.5,0,0,1,0; r = 3,2,2,2,2,1. cov = 1 - (5/12)(2) ... = 1/6,
      var x = 29/144, var r = 1/3, so 1/6 / sqrt(29/432) = 2 sqrt(3/29).
  Q4: x = 1,0,1,1,0,0; r = 3,2.5,1,1,3,1. cov = 1 - (1/2)(23/12)... = -1/8,
      var x = 1/4, var r = 125/144, so -3/sqrt(125): negative, flagged.
Facility: Q1 3/6, Q2 6/6, Q3 2.5/6 = 5/12, Q4 3/6.
"""

import math
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt
from quiz.results import analysis as reports
from quiz.stats.rebuild import rebuild_item_stats
from tests.factories import (
    AttemptFactory,
    add_matching,
    add_question,
    empty_quiz,
    submitted_attempt,
    trainee_named,
)


def on(day: int) -> datetime:
    return datetime(2025, 3, day, 12, tzinfo=UTC)


@pytest.fixture
def data(db):
    quiz = empty_quiz(pass_mark=60)
    q1, c1 = add_question(quiz, 1, "single", ["A", "B", "C"], {"A"})
    q2, c2 = add_question(quiz, 2, "multiple", ["A", "B", "C"], {"A", "B"})
    q3, c3, items = add_matching(quiz, 3, {"I1": "X", "I2": "Y"})
    q4, c4 = add_question(quiz, 4, "true_false", ["True", "False"], {"False"})
    i1, i2 = items["I1"], items["I2"]
    x, y = c3["X"], c3["Y"]
    u1, u2, u3, u4 = (trainee_named(name) for name in ["u1", "u2", "u3", "u4"])
    both = [c2["A"], c2["B"]]
    rows = [
        (u1, 1, "A", 1, [(i1, x), (i2, y)], 1, "False"),
        (u2, 1, "A", "0.5", [(i1, x), (i2, x)], 0, "True"),
        (u3, 0, "B", 0, [(i1, y), (i2, x)], 1, "False"),
        (u4, 0, None, 0, [(i1, y)], 1, "False"),
        (u1, 1, "A", 1, [(i1, x), (i2, y)], 0, "True"),
        (u4, 0, "C", 0, [(i1, y), (i2, x)], 0, "True"),
    ]
    attempts = []
    for day, (user, p1, pick1, p3, pairs, p4, pick4) in enumerate(rows, start=1):
        attempts.append(
            submitted_attempt(
                user,
                quiz,
                points={q1: p1, q2: 1, q3: p3, q4: p4},
                picks={
                    q1: [c1[pick1]] if pick1 else [],
                    q2: both,
                    q3: pairs,
                    q4: [c4[pick4]],
                },
                submitted_at=on(day),
            )
        )
    # Not counted: an attempt still in progress, and an attempt at another quiz.
    AttemptFactory(user=u2, quiz=quiz, max_score=4, status=Attempt.Status.IN_PROGRESS)
    other = empty_quiz("other")
    submitted_attempt(u1, other, points={add_question(other, 1, "single", ["A"], {"A"})[0]: 1})
    # The factories write attempts directly, not through submit: count them as it would.
    rebuild_item_stats(quiz)
    rebuild_item_stats(other)
    return {
        "quiz": quiz,
        "questions": (q1, q2, q3, q4),
        "choices": (c1, c2, c3, c4),
        "items": (i1, i2),
        "users": (u1, u2, u3, u4),
        "attempts": attempts,
    }


def test_score_figures_match_the_hand_computed_values(data):
    summary = reports.item_analysis(data["quiz"]).summary
    assert summary.attempts == 6
    assert summary.trainees == 4
    assert summary.passed == 3
    assert summary.pass_rate == pytest.approx(0.5)
    assert summary.mean_percent == pytest.approx(Decimal("362.5") / 6)
    assert summary.median_percent == Decimal("56.25")
    assert [(b.low, b.count) for b in summary.histogram] == [
        (0, 0),
        (10, 0),
        (20, 1),
        (30, 0),
        (40, 0),
        (50, 2),
        (60, 1),
        (70, 1),
        (80, 0),
        (90, 1),
    ]


def test_median_of_an_odd_number_of_attempts_is_the_middle_one(data):
    # Deleting an attempt takes it out of the summary rows (no rebuild here).
    data["attempts"][-1].delete()  # 100, 62.5, 50, 50, 75: sorted middle is 62.5
    summary = reports.item_analysis(data["quiz"]).summary
    assert summary.median_percent == Decimal("62.5")
    assert (summary.attempts, summary.trainees) == (5, 4)


def test_facility_and_discrimination_of_each_question_match_the_hand_computed_values(data):
    by_question = {s.question: s for s in reports.item_analysis(data["quiz"]).questions}
    q1, q2, q3, q4 = data["questions"]
    assert [s.responses for s in by_question.values()] == [6, 6, 6, 6]
    assert by_question[q1].facility == pytest.approx(3 / 6)
    assert by_question[q2].facility == pytest.approx(1.0)
    assert by_question[q3].facility == pytest.approx(5 / 12)
    assert by_question[q4].facility == pytest.approx(3 / 6)
    assert by_question[q1].discrimination == pytest.approx(3 / math.sqrt(53))
    assert by_question[q2].discrimination is None
    assert by_question[q3].discrimination == pytest.approx(2 * math.sqrt(3 / 29))
    assert by_question[q4].discrimination == pytest.approx(-3 / math.sqrt(125))


def test_questions_with_negative_discrimination_or_extreme_facility_are_flagged(data):
    report = reports.item_analysis(data["quiz"])
    q1, q2, q3, q4 = data["questions"]
    flags = {s.question: s.flags for s in report.questions}
    assert flags == {q1: [], q2: ["very easy"], q3: [], q4: ["negative discrimination"]}
    assert [s.question for s in report.flagged] == [q2, q4]


def test_very_hard_questions_are_flagged(data):
    q1 = data["questions"][0]
    q1.responses.update(points=0)
    rebuild_item_stats(data["quiz"])
    stats = next(s for s in reports.item_analysis(data["quiz"]).questions if s.question == q1)
    assert stats.facility == 0 and stats.flags == ["very hard"]


def test_how_often_each_choice_was_picked(data):
    by_question = {s.question: s for s in reports.item_analysis(data["quiz"]).questions}
    q1, q2, _q3, q4 = data["questions"]
    picked = {
        q: [
            (c.choice.text, c.count, round(c.share, 4), c.is_right)
            for c in by_question[q].picks.choices
        ]
        for q in (q1, q2, q4)
    }
    assert picked[q1] == [("A", 3, 0.5, True), ("B", 1, 0.1667, False), ("C", 1, 0.1667, False)]
    assert by_question[q1].picks.unanswered == 1
    assert picked[q2] == [("A", 6, 1.0, True), ("B", 6, 1.0, True), ("C", 0, 0.0, False)]
    assert by_question[q2].picks.unanswered is None  # select-all: picks per response vary
    assert picked[q4] == [("True", 3, 0.5, False), ("False", 3, 0.5, True)]
    assert by_question[q4].picks.unanswered == 0


def test_confusion_table_shows_which_option_each_item_was_matched_to(data):
    report = reports.item_analysis(data["quiz"])
    (confusion,) = [s.picks for s in report.questions if s.question.kind == "matching"]
    i1, i2 = data["items"]
    assert [c.text for c in confusion.columns] == ["X", "Y"]
    table = {
        row.item.label: [(c.count, round(c.share, 4), c.is_right) for c in row.cells]
        + [row.unanswered.count]
        for row in confusion.rows
    }
    # I1: X (right) 3 of 6, Y 3 of 6. I2: Y (right) 2, X 3, unanswered 1 (a4).
    assert table == {
        "I1": [(3, 0.5, True), (3, 0.5, False), 0],
        "I2": [(3, 0.5, False), (2, 0.3333, True), 1],
    }
    mixups = [(m.item, m.owner, m.cell.choice.text, m.cell.count) for m in confusion.mixups]
    # I1 given Y (I2's option) 3 times, I2 given X (I1's option) 3 times; ties by item order.
    assert mixups == [(i1, i2, "Y", 3), (i2, i1, "X", 3)]


def test_date_range_keeps_attempts_submitted_on_those_days_both_included(data):
    # a3 and a4, submitted on March 3 and 4: percents 50 and 50, trainees u3 and u4.
    report = reports.item_analysis(
        data["quiz"], submitted_from=date(2025, 3, 3), submitted_to=date(2025, 3, 4)
    )
    assert report.summary.attempts == 2
    assert report.summary.trainees == 2
    assert report.summary.median_percent == Decimal("50")
    q1 = data["questions"][0]
    stats = next(s for s in report.questions if s.question == q1)
    assert stats.responses == 2 and stats.facility == 0


def test_report_page_shows_the_figures_and_charts_with_text_alternatives(data, reviewer_client):
    page = reviewer_client.get(f"/admin/quiz/attempt/item-analysis/{data['quiz'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd id="figure-attempts">6</dd>' in html
    assert '<dd id="figure-trainees">4</dd>' in html
    assert '<dd id="figure-pass-rate">50.0%' in html
    assert '<dd id="figure-mean">60.4%</dd>' in html
    assert '<dd id="figure-median">56.3%</dd>' in html
    assert html.count('<svg role="img" aria-labelledby=') == 2
    assert '<title id="histogram-title">' in html and '<desc id="histogram-desc">' in html
    assert "90–100%: 1." in html  # the histogram's text alternative
    assert "⚠ negative discrimination" in html and "⚠ very easy" in html
    assert "<strong>✓ 50.0%</strong>" in html  # the right cell of the confusion table
    assert "I1 was given the role of I2 (“Y”) in 50.0% of responses (3)." in html


def test_report_page_filters_by_submitted_dates(data, reviewer_client):
    url = f"/admin/quiz/attempt/item-analysis/{data['quiz'].pk}/"
    html = reviewer_client.get(url, {"submitted_from": "2025-03-05"}).content.decode()
    assert '<dd id="figure-attempts">2</dd>' in html
    html = reviewer_client.get(url, {"submitted_to": "2025-02-28"}).content.decode()
    assert "No attempts at this quiz were submitted in this period." in html


@pytest.mark.parametrize(
    "query,message",
    [
        ({"submitted_from": "2025-03-09", "submitted_to": "2025-03-01"}, "The first day is after"),
        ({"submitted_from": "not a date"}, "Enter a valid date."),
        ({"submitted_to": "9999-12-31"}, "Choose dates before the year 9999."),
    ],
)
def test_bad_dates_get_a_message_on_the_report_page(data, reviewer_client, query, message):
    url = f"/admin/quiz/attempt/item-analysis/{data['quiz'].pk}/"
    page = reviewer_client.get(url, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert "Correct the dates above to see the report." in html
    assert 'id="figure-attempts"' not in html


def test_report_page_queries_do_not_grow_with_attempts(data, reviewer_client):
    url = f"/admin/quiz/attempt/item-analysis/{data['quiz'].pk}/"
    reviewer_client.get(url)  # warm-up: content types are cached after the first page
    with CaptureQueriesContext(connection) as six:
        assert reviewer_client.get(url).status_code == 200
    q1, q2, q3, q4 = data["questions"]
    (c1, c2, c3, _c4), (i1, i2) = data["choices"], data["items"]
    for n in range(30):
        submitted_attempt(
            trainee_named(f"more{n}"),
            data["quiz"],
            points={q1: 1, q2: 0, q3: 1, q4: 1},
            picks={q1: [c1["A"]], q2: [c2["C"]], q3: [(i1, c3["X"]), (i2, c3["Y"])]},
        )
    rebuild_item_stats(data["quiz"])
    with CaptureQueriesContext(connection) as thirty_six:
        html = reviewer_client.get(url).content.decode()
    assert '<dd id="figure-attempts">36</dd>' in html
    assert len(six) == len(thirty_six)


def test_report_queries_are_aggregates_whatever_the_number_of_attempts(data):
    """Seven queries, and none reads attempts, responses or selections: only summary rows."""
    with CaptureQueriesContext(connection) as captured:
        reports.item_analysis(data["quiz"])
    # Scores, trainees, question sums, picks; the questions with choices and items (three).
    assert len(captured) == 7
    reading_rows = [
        q["sql"]
        for q in captured
        if any(table in q["sql"] for table in ("quiz_attempt", "quiz_response", "quiz_selection"))
    ]
    assert reading_rows == []
