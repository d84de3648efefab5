"""The attempts changelist and an attempt's page: what a reviewer reads, never edits."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Response
from tests.factories import (
    AttemptFactory,
    add_question,
    empty_quiz,
    make_quiz,
    submitted_attempt,
    trainee_named,
)

CHANGELIST = "/admin/quiz/attempt/"


def attempt_at(quiz, user, *, right: bool, day: int = 1, seconds: int = 750) -> Attempt:
    single, matching = quiz.questions.order_by("position")
    right_choice, wrong_choice = single.choices.order_by("position")
    ice, cbp = matching.match_items.order_by("position")
    pairs = [(ice, ice.correct_choice), (cbp, cbp.correct_choice if right else ice.correct_choice)]
    return submitted_attempt(
        user,
        quiz,
        points={single: 1 if right else 0, matching: 1 if right else "0.5"},
        picks={single: [right_choice if right else wrong_choice], matching: pairs},
        submitted_at=datetime(2025, 3, day, 12, tzinfo=UTC),
        seconds=seconds,
    )


def cells(html: str, field: str) -> list[str]:
    """The contents of one column of the attempt page's responses, in order."""
    return re.findall(rf'<td class="field-{field}">\s*<p>(.*?)</p>', html, re.S)


def rows_of(html: str) -> int:
    return html.count('<input type="checkbox" name="_selected_action"')


def test_changelist_shows_trainee_quiz_percent_passed_submitted_and_time_taken(
    quiz, superuser_client
):
    user = trainee_named("ana", first_name="Ana", last_name="Garcia")
    attempt_at(quiz, user, right=False, seconds=750)
    html = superuser_client.get(CHANGELIST).content.decode()
    for header in ["Trainee", "Quiz", "Percent", "Passed", "Submitted at", "Time taken"]:
        assert f">{header}</a>" in html or f">{header}</span>" in html, header
    assert "ana (Ana Garcia)" in html
    assert "Quiz reviewed" in html
    assert '<td class="field-percent_shown">25%</td>' in html  # 0 + 0.5 of 2 points
    assert 'alt="False"' in html  # not passed, shown by the admin's icon with its text
    assert "12 min 30 s" in html


def test_changelist_filters_by_quiz_passed_status_and_submitted_date(quiz, superuser_client):
    attempt_at(quiz, trainee_named("passer"), right=True, day=1)
    attempt_at(quiz, trainee_named("failer"), right=False, day=20)
    AttemptFactory(user=trainee_named("starter"), quiz=quiz, max_score=2, status="in_progress")
    other = empty_quiz("other")
    other_question, _choices = add_question(other, 1, "single", ["A"], {"A"})
    submitted_attempt(trainee_named("elsewhere"), other, points={other_question: 1})

    def shown(query):
        return rows_of(superuser_client.get(CHANGELIST, query).content.decode())

    html = superuser_client.get(CHANGELIST).content.decode()
    assert "By status" in html and "in progress" in html and "submitted" in html
    # The date hierarchy, drilled down to the one month with submits: a link per day.
    assert '<nav class="toplinks">' in html and "submitted_at__day=20" in html
    assert shown({}) == 4
    assert shown({"quiz__id__exact": quiz.pk}) == 3
    assert shown({"passed__exact": "1"}) == 2  # passer, and elsewhere at the other quiz
    assert shown({"status__exact": "in_progress"}) == 1
    assert shown({"status__exact": "submitted", "quiz__id__exact": quiz.pk}) == 2
    assert (
        shown({"submitted_at__year": 2025, "submitted_at__month": 3, "submitted_at__day": 20}) == 1
    )


@pytest.mark.parametrize("term", ["ana", "ana@example.org", "Garcia", "Ana"])
def test_changelist_searches_username_email_and_name(quiz, superuser_client, term):
    attempt_at(quiz, trainee_named("ana", first_name="Ana", last_name="Garcia"), right=True)
    attempt_at(quiz, trainee_named("ben", first_name="Ben", last_name="Smith"), right=True)
    html = superuser_client.get(CHANGELIST, {"q": term}).content.decode()
    assert rows_of(html) == 1 and "ana (Ana Garcia)" in html


def test_changelist_sorts_by_time_taken(quiz, superuser_client):
    attempt_at(quiz, trainee_named("slow"), right=True, seconds=900)
    attempt_at(quiz, trainee_named("fast"), right=True, seconds=60)
    html = superuser_client.get(CHANGELIST, {"o": "7"}).content.decode()  # column 7: time taken
    assert html.index(">fast<") < html.index(">slow<")
    html = superuser_client.get(CHANGELIST, {"o": "-7"}).content.decode()
    assert html.index(">slow<") < html.index(">fast<")


def changelist_queries(client, quiz, count: int, query=None) -> int:
    for n in range(count):
        attempt_at(quiz, trainee_named(f"t{count}-{n}"), right=n % 2 == 0, day=1 + n % 28)
    client.get(CHANGELIST, query or {})  # warm-up: content types are cached after the first page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST, query or {})
    assert response.status_code == 200
    shown = Attempt.objects.filter(passed=True) if query else Attempt.objects.all()
    assert rows_of(response.content.decode()) == shown.count()
    return len(captured)


@pytest.mark.parametrize("who", ["superuser_client", "reviewer_client"])
@pytest.mark.parametrize("query", [{}, {"q": "t", "passed__exact": "1"}])
def test_changelist_queries_do_not_grow_with_rows(quiz, who, query, request):
    client = request.getfixturevalue(who)
    five = changelist_queries(client, quiz, 5, query)
    Attempt.objects.all().delete()
    fifty = changelist_queries(client, quiz, 50, query)
    assert five == fifty


def test_attempt_page_shows_each_question_what_was_chosen_the_right_answer_and_points(
    quiz, superuser_client
):
    attempt = attempt_at(quiz, trainee_named("ana"), right=False)
    html = superuser_client.get(f"{CHANGELIST}{attempt.pk}/change/").content.decode()
    assert [re.sub("<[^>]+>", "", q) for q in cells(html, "question")] == [
        "Question 1?",
        "Question 2?",
    ]
    # Matching: CBP was given ICE HSI's option; the right answer lists every pair.
    assert cells(html, "chosen") == ["Wrong", "ICE HSI → investigates<br>CBP → investigates"]
    assert cells(html, "right_answer") == ["Right", "ICE HSI → investigates<br>CBP → interdicts"]
    assert cells(html, "earned") == ["0", "½"]  # points as the result page writes them
    assert '<div class="readonly">½ of 2</div>' in html  # the attempt's score, likewise
    assert "12 min 30 s" in html


def test_attempt_page_shows_an_unanswered_question_as_no_answer(quiz, superuser_client):
    single, matching = quiz.questions.order_by("position")
    attempt = submitted_attempt(trainee_named("ana"), quiz, points={single: 0, matching: 0})
    html = superuser_client.get(f"{CHANGELIST}{attempt.pk}/change/").content.decode()
    assert cells(html, "chosen") == ["No answer", "ICE HSI → no answer<br>CBP → no answer"]


def test_attempt_page_queries_do_not_grow_with_questions(superuser_client):
    def page_queries(question_count):
        quiz = make_quiz(question_count, slug=f"q{question_count}")
        points = dict.fromkeys(quiz.questions.all(), 1)
        attempt = submitted_attempt(trainee_named(f"u{question_count}"), quiz, points=points)
        url = f"{CHANGELIST}{attempt.pk}/change/"
        superuser_client.get(url)  # warm-up: content types are cached after the first page
        with CaptureQueriesContext(connection) as captured:
            superuser_client.get(url)
        return len(captured)

    assert page_queries(4) == page_queries(20)


def test_nobody_can_edit_a_result_not_even_a_superuser(quiz, superuser_client):
    attempt = attempt_at(quiz, trainee_named("ana"), right=False)
    page = superuser_client.get(f"{CHANGELIST}{attempt.pk}/change/").content.decode()
    assert 'name="_save"' not in page and 'name="percent"' not in page
    assert (
        superuser_client.post(f"{CHANGELIST}{attempt.pk}/change/", {"percent": "100"}).status_code
        == 403
    )
    assert superuser_client.get(f"{CHANGELIST}add/").status_code == 403
    response = attempt.responses.first()
    url = f"/admin/quiz/response/{response.pk}/change/"
    assert superuser_client.post(url, {"points": "1"}).status_code == 403
    selection = response.selections.first()
    url = f"/admin/quiz/selection/{selection.pk}/change/"
    assert superuser_client.post(url, {"choice": selection.choice_id}).status_code == 403
    attempt.refresh_from_db()
    assert attempt.percent == 25
    assert Response.objects.get(pk=response.pk).points == 0


def test_deleting_an_attempt_needs_the_delete_permission(quiz, superuser_client, reviewer_client):
    attempt = attempt_at(quiz, trainee_named("ana"), right=False)
    delete = f"{CHANGELIST}{attempt.pk}/delete/"
    assert reviewer_client.get(delete).status_code == 403
    assert reviewer_client.post(delete, {"post": "yes"}).status_code == 403
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    page = superuser_client.get(f"{CHANGELIST}{attempt.pk}/change/").content.decode()
    assert 'class="deletelink"' in page
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Attempt.objects.filter(pk=attempt.pk).exists()
    assert not Response.objects.filter(attempt_id=attempt.pk).exists()


def test_date_hierarchy_links_years_months_and_days_with_their_counts(quiz, superuser_client):
    first = attempt_at(quiz, trainee_named("ana"), right=True)
    Attempt.objects.filter(pk=first.pk).update(submitted_at=datetime(2024, 12, 31, 23, tzinfo=UTC))
    attempt_at(quiz, trainee_named("ben"), right=True, day=1)
    attempt_at(quiz, trainee_named("cleo"), right=False, day=20)
    AttemptFactory(user=trainee_named("dan"), quiz=quiz, max_score=2, status="in_progress")

    def links(query):
        html = superuser_client.get(CHANGELIST, query).content.decode()
        nav = html[
            html.index('<nav class="toplinks">') : html.index("</nav>", html.index("toplinks")) + 6
        ]
        texts = (" ".join(unescape(text).split()) for text in re.findall(r">([^<]+)<", nav))
        return [text for text in texts if text]

    assert links({}) == ["2024 (1)", "2025 (2)"]
    # One failed attempt, so one year and month: drilled down to its days, as Django does.
    assert links({"passed__exact": "0"}) == ["‹ 2025", "March 20 (1)"]
    assert links({"submitted_at__year": "2025"}) == ["‹ All dates", "March 2025 (2)"]
    assert links({"submitted_at__year": "2025", "submitted_at__month": "3"}) == [
        "‹ 2025",
        "March 1 (1)",
        "March 20 (1)",
    ]
    day = {"submitted_at__year": "2025", "submitted_at__month": "3", "submitted_at__day": "20"}
    assert links(day) == ["‹ March 2025", "March 20"]


BEYOND_THE_CALENDAR = [
    "submitted_at__year=9999",
    "submitted_at__year=99999999999",
    "submitted_at__year=2025&submitted_at__month=13",
    "submitted_at__year=2025&submitted_at__month=99999999999",
    "submitted_at__year=2025&submitted_at__month=1&submitted_at__day=99",
    "submitted_at__year=9999&submitted_at__month=12",
    "submitted_at__year=9999&submitted_at__month=12&submitted_at__day=31",
]


@pytest.mark.parametrize("query", BEYOND_THE_CALENDAR)
def test_a_date_beyond_the_calendar_is_dropped_as_a_bad_filter_not_a_500(
    query, quiz, superuser_client
):
    attempt_at(quiz, trainee_named("ana"), right=True)

    listed = superuser_client.get(f"{CHANGELIST}?{query}")
    exported = superuser_client.get(f"{CHANGELIST}export/?{query}", follow=True)

    assert listed.status_code == 302 and listed["Location"] == f"{CHANGELIST}?e=1"
    assert exported.status_code == 200
    assert "These filters are not valid; nothing was exported." in exported.content.decode()
