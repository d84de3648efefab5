"""The take page as the server renders it: sections, the navigator, progress, flags kept on
the server, the summary without JavaScript, and the time limit in the trainee's zone. What
JavaScript adds is in tests/e2e/test_take_page.py."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from quiz.models import Attempt, Selection
from quiz.taking.sections import section_sizes
from quiz.taking.sheet import attempt_sheet
from tests.factories import answer_form, make_quiz


@pytest.fixture
def attempt(db, start):
    """Seven questions, of every kind (a matching one included)."""
    make_quiz(7, slug="seven")
    return start("seven")


def take_url(attempt) -> str:
    return f"/attempts/{attempt.pk}/"


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def element(html: str, tag: str, element_id: str) -> str:
    """The opening tag and content of the element with this id (not nested in its own tag)."""
    found = re.search(rf'<{tag} [^>]*id="{element_id}"[^>]*>.*?</{tag}>', html, re.S)
    assert found, f"no <{tag} id={element_id}>"
    return found.group(0)


def opening_tag(html: str, element_id: str) -> str:
    return re.search(rf'<[a-z0-9]+ [^>]*id="{element_id}"[^>]*>', html).group(0)


def summary_rows(html: str) -> dict[str, tuple[str, bool, str]]:
    """The summary's rows by question number: (state, flagged, answer)."""
    table = element(html, "section", "summary")
    rows = re.findall(
        r'<tr data-question="q\d+"><th scope="row"><a href="#q\d+">Question (\d+)</a></th>'
        r'<td data-label="State"><span [^>]*data-state-text>([^<]*)</span>'
        r"<span [^>]*data-flag-text( hidden)?>.*?Flagged</span></td>"
        r'<td data-label="Your answer" data-answer-text>([^<]*)</td></tr>',
        table,
    )
    return {number: (state, not hidden, answer) for number, state, hidden, answer in rows}


def navigator(html: str) -> list[tuple[str, str, str]]:
    """The navigator's buttons: (classes, number, state said to screen readers)."""
    nav = element(html, "nav", "take-nav")
    return re.findall(
        r'<li><a class="([^"]*)" href="#q\d+" data-question="q\d+" data-label="Question \d+">'
        r'<span aria-hidden="true">(\d+)</span>'
        r'<span class="visually-hidden" data-state-text>([^<]*)</span>',
        nav,
    )


def summary_of(client, attempt, data: dict) -> tuple[str, str]:
    """Press "Summary" without JavaScript: the answers are saved, then the summary."""
    response = client.post(f"/attempts/{attempt.pk}/save/", {**data, "summary": "1"})
    assert response.status_code == 302
    return response["Location"], page_of(client, response["Location"])


# --- Sections ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count,sizes",
    [(0, []), (1, [1]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (7, [3, 2, 2]), (10, [3, 3, 2, 2])],
)
def test_sections_hold_up_to_three_questions_spread_evenly(count, sizes):
    assert section_sizes(count) == sizes


def test_the_questions_come_in_sections_in_the_attempts_order_all_shown_without_javascript(
    attempt, trainee_client
):
    html = page_of(trainee_client, take_url(attempt))
    sheet = attempt_sheet(attempt)

    sections = re.findall(r'<section class="take-section" id="section-(\d)"([^>]*)>', html)
    assert [number for number, _ in sections] == ["1", "2", "3"]
    assert not any("hidden" in attributes for _, attributes in sections)  # JS hides them
    titles = re.findall(r'id="section-\d-title" tabindex="-1">([^<]*)</h2>', html)
    assert titles == ["Questions 1 to 3 of 7", "Questions 4 and 5 of 7", "Questions 6 and 7 of 7"]
    for number, questions in {1: sheet[:3], 2: sheet[3:5], 3: sheet[5:]}.items():
        section = element(html, "section", f"section-{number}")
        shown = re.findall(r'<fieldset class="question" id="(q\d+)"', section)
        assert shown == [sq.field_name for sq in questions]
    assert html.count("<fieldset") == 7  # one per question, nothing else
    # The Previous and Next buttons need JavaScript, so the page holds them hidden.
    assert "hidden" in opening_tag(html, "take-pager")


def test_release_facts_makes_three_sections(content, start, trainee_client):
    attempt = start("release-facts")
    html = page_of(trainee_client, take_url(attempt))
    assert "7 questions, pass mark 80%." in html
    assert re.findall(r'id="section-\d-title" tabindex="-1">([^<]*)</h2>', html) == [
        "Questions 1 to 3 of 7",
        "Questions 4 and 5 of 7",
        "Questions 6 and 7 of 7",
    ]


# --- Progress --------------------------------------------------------------------------


def test_progress_counts_the_saved_answers(attempt, trainee_client):
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt, skip=2))

    html = page_of(trainee_client, take_url(attempt))

    count = '<span id="answered-count">5</span> of 7 <span class="take-bar-word">answered</span>'
    assert f"{count}</label>" in html
    assert '<progress id="answered-progress" max="7" value="5">' in html
    start = html.index('<div class="take-bar" id="take-bar">')
    bar = html[start : html.index("</form>", start)]
    assert '>Save<span class="visually-hidden"> progress</span></button>' in bar
    assert 'name="summary" value="1" id="summary-button">Summary</button>' in bar
    assert "Submit" not in bar  # submitting lives only at the summary


@pytest.mark.usefixtures("whole_bank")
def test_a_matching_question_counts_as_answered_only_with_every_line(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    matching = next(sq for sq in sheet if sq.items)
    data = answer_form(attempt)
    del data[matching.item_field_name(matching.items[0])]
    trainee_client.post(f"/attempts/{attempt.pk}/save/", data)

    html = page_of(trainee_client, take_url(attempt))

    total = len(sheet)
    assert f'<span id="answered-count">{total - 1}</span> of {total} <span' in html


# --- Flags -------------------------------------------------------------------------------


def test_every_question_has_a_flag_checkbox_with_a_label_naming_it(attempt, trainee_client):
    html = page_of(trainee_client, take_url(attempt))
    for sq in attempt_sheet(attempt):
        fieldset = element(html, "fieldset", sq.field_name)
        assert re.search(
            rf'<input class="form-check-input" type="checkbox" name="flag" '
            rf'value="{sq.question.pk}" id="{sq.field_name}-flag">',
            fieldset,
        )
        assert (
            f'<label class="form-check-label" for="{sq.field_name}-flag">Flag '
            f'<span class="visually-hidden">question {sq.number} </span>for review</label>'
        ) in fieldset


def test_flags_are_kept_on_the_server_with_the_answers(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    answers = answer_form(attempt)
    flagged = [sheet[0], sheet[4]]
    data = {**answers, "flag": [str(sq.question.pk) for sq in flagged]}

    assert trainee_client.post(f"/attempts/{attempt.pk}/save/", data).status_code == 302

    stored = attempt.responses.filter(flagged=True).values_list("question_id", flat=True)
    assert set(stored) == {sq.question.pk for sq in flagged}
    picks = sum(len(value) if isinstance(value, list) else 1 for value in answers.values())
    assert Selection.objects.filter(response__attempt=attempt).count() == picks  # not answers
    # Another device opens the attempt with them ticked; a save without them clears them.
    other_device = Client()
    other_device.force_login(attempt.user)
    html = page_of(other_device, take_url(attempt))
    assert html.count('-flag" checked') == 2
    assert f'id="{sheet[4].field_name}-flag" checked' in html
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answers)
    assert not attempt.responses.filter(flagged=True).exists()


def test_a_flag_for_a_question_not_in_the_attempt_is_refused(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    for junk in ("junk", "9" * 30, str(sheet[0].question.pk + 10_000)):
        data = {**answer_form(attempt), "flag": [str(sheet[0].question.pk), junk]}
        response = trainee_client.post(f"/attempts/{attempt.pk}/save/", data)
        assert response.status_code == 400
        assert "The form flags a question that is not in this attempt." in response.content.decode()
    assert not attempt.responses.filter(flagged=True).exists()
    assert not Selection.objects.filter(response__attempt=attempt).exists()


def test_flags_sent_with_a_submit_that_needs_confirming_come_back_ticked(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    data = {**answer_form(attempt, skip=1), "flag": [str(sheet[2].question.pk)]}

    html = trainee_client.post(take_url(attempt), data).content.decode()

    assert "1 question without an answer" in html
    assert f'value="{sheet[2].question.pk}" id="{sheet[2].field_name}-flag" checked>' in html
    assert html.count('name="flag"') == 7 and html.count('-flag" checked') == 1


def test_a_submit_keeps_the_flags_with_the_graded_answers(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    data = {**answer_form(attempt), "flag": [str(sheet[1].question.pk)]}
    trainee_client.post(take_url(attempt), data)
    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert list(attempt.responses.filter(flagged=True).values_list("question_id", flat=True)) == [
        sheet[1].question.pk
    ]


# --- The navigator -----------------------------------------------------------------------


def test_the_navigator_shows_every_question_answered_or_not_and_flagged(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    data = {**answer_form(attempt, skip=2), "flag": [str(sheet[0].question.pk)]}
    trainee_client.post(f"/attempts/{attempt.pk}/save/", data)

    buttons = navigator(page_of(trainee_client, take_url(attempt)))

    assert [number for _classes, number, _state in buttons] == [str(n) for n in range(1, 8)]
    assert buttons[0] == ("take-nav-q is-flagged", "1", "Question 1, not answered, flagged")
    assert buttons[1] == ("take-nav-q", "2", "Question 2, not answered")
    for classes, number, said in buttons[2:]:
        assert (classes, said) == ("take-nav-q is-answered", f"Question {number}, answered")
    nav = element(page_of(trainee_client, take_url(attempt)), "nav", "take-nav")
    for sq in sheet:  # each a link to its question, on the page without JavaScript
        assert f'href="#{sq.field_name}" data-question="{sq.field_name}" ' in nav


# --- The summary without JavaScript -------------------------------------------------------


def test_the_take_page_holds_the_summary_hidden_until_asked(attempt, trainee_client):
    html = page_of(trainee_client, take_url(attempt))
    assert "hidden" in opening_tag(html, "summary")
    assert len(summary_rows(html)) == 7
    # Submitting lives only in the summary: one submit button in the whole form.
    form = re.search(r'<form [^>]*id="quiz-form"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert len(re.findall(r'<button type="submit"[^>]*>', form)) == 3  # save, summary, finish
    assert re.search(
        r'<button type="submit" [^>]*name="finish" value="1" id="finish">'
        r"Submit all and finish</button>",
        element(html, "section", "summary"),
    )


def test_summary_without_javascript_saves_then_shows_every_question(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    flagged = sheet[3]
    data = {**answer_form(attempt, skip=2), "flag": [str(flagged.question.pk)]}

    url, html = summary_of(trainee_client, attempt, data)

    assert url == f"{take_url(attempt)}?summary=1#summary"
    assert Selection.objects.filter(response__attempt=attempt).exists()  # saved first
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS
    summary = element(html, "section", "summary")
    assert "hidden" not in opening_tag(html, "summary")
    assert "autofocus" in opening_tag(summary, "summary-title")
    assert '<span data-summary-count="answered">5</span> of 7 answered' in summary
    assert '<span data-summary-count="flagged">1</span> flagged' in summary
    rows = summary_rows(html)
    assert rows["1"] == ("Not answered", False, "No answer")
    assert rows["2"] == ("Not answered", False, "No answer")
    state, is_flagged, answer = rows["4"]
    assert (state, is_flagged) == ("Answered", True)
    assert all(rows[str(n)][0] == "Answered" for n in range(3, 8))
    # The answer given, in words: each choice picked, or each line of a matching question.
    for sq in sheet[2:]:
        said = rows[str(sq.number)][2]
        picked = [c.text for c in sq.choices if str(c.pk) in data.get(sq.field_name, [])]
        assert said == "; ".join(picked) or sq.items and said.count(":") == len(sq.items)
    assert "without an answer: an unanswered question counts as wrong." in summary
    assert f'id="{flagged.field_name}-flag" checked>' in html


def test_summary_with_every_question_answered_has_no_warning(attempt, trainee_client):
    _url, html = summary_of(trainee_client, attempt, answer_form(attempt))

    summary = element(html, "section", "summary")
    assert re.search(r"<p class=\"alert alert-warning\" data-summary-warning hidden>", summary)
    assert all(state == "Answered" for state, _flag, _answer in summary_rows(html).values())


def test_submitting_from_the_summary_grades_the_attempt(attempt, trainee_client):
    """The summary's button is in the quiz's form: it sends every answer on the page."""
    _url, html = summary_of(trainee_client, attempt, answer_form(attempt, skip=1))
    form = re.search(r'<form [^>]*id="quiz-form"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert element(html, "section", "summary") in form

    response = trainee_client.post(
        take_url(attempt), {**answer_form(attempt, skip=1), "finish": "1"}
    )

    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 6


def test_submit_without_the_summary_still_asks_about_unanswered_questions(attempt, trainee_client):
    """A submit that did not come from the summary's button, with a question left out, shows
    the summary and the questions without an answer, and records nothing."""
    response = trainee_client.post(take_url(attempt), answer_form(attempt, skip=1))

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 question without an answer" in html
    assert "hidden" not in opening_tag(html, "summary")
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_a_summary_costs_no_query_more_than_the_take_page(
    attempt, trainee_client, django_assert_num_queries
):
    url, _html = summary_of(trainee_client, attempt, answer_form(attempt, skip=2))
    page_of(trainee_client, take_url(attempt))  # the questions are kept by now

    with django_assert_num_queries(3):  # the user, the attempt, its responses
        page_of(trainee_client, url)


# --- The deadline ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cookie", "zone", "name"),
    [
        (None, "UTC", "Coordinated Universal Time"),
        ("Asia/Tokyo", "Asia/Tokyo", "Japan Standard Time"),
    ],
)
def test_the_deadline_is_one_time_in_the_trainees_zone_named_in_words(
    content, start, trainee_client, cookie, zone, name
):
    quiz = content["release-facts"]
    quiz.time_limit_minutes = 20
    quiz.save()
    if cookie:
        trainee_client.cookies["tz"] = cookie
    attempt = start("release-facts")
    deadline = attempt.deadline.astimezone(ZoneInfo(zone))

    html = page_of(trainee_client, take_url(attempt))

    # One line (the summary of a <details>), the deadline and the rules on demand.
    time_limit = element(html, "details", "time-limit")
    assert "<summary>Time limit: 20 minutes</summary>" in time_limit
    assert (
        "Submit by <strong>"
        f'<time datetime="{deadline.isoformat(timespec="seconds")}">{deadline:%H:%M} {name}'
        "</time></strong>."
    ) in time_limit
    assert "UTC" not in time_limit and "your local time" not in time_limit


def test_a_timed_attempt_counts_down_from_the_seconds_the_server_gives(
    content, start, trainee_client, time_machine
):
    time_machine.move_to(datetime(2026, 11, 26, 9, tzinfo=UTC), tick=False)
    quiz = content["release-facts"]
    quiz.time_limit_minutes = 20
    quiz.save()
    attempt = start("release-facts")
    time_machine.shift(timedelta(minutes=3, seconds=30))

    html = page_of(trainee_client, take_url(attempt))

    # Counted from what the server says is left, so a wrong clock in the browser does not
    # matter; the clocks in the navigator and the bar wait for the script.
    banner = opening_tag(html, "time-banner")
    assert 'data-seconds-left="990"' in banner
    assert 'aria-live="assertive"' in banner
    assert re.search(r'id="time-banner"[^>]*></div>', html)  # empty until a warning
    assert (
        'data-warning-5="5 minutes left.' in banner and 'data-warning-1="1 minute left.' in banner
    )
    clocks = re.findall(
        r'<p class="(take-nav-clock|take-bar-clock)[^"]*" data-clock-box hidden>', html
    )
    assert sorted(clocks) == ["take-bar-clock", "take-nav-clock"]
    assert '<script src="/static/js/countdown.js" defer></script>' in html


def test_an_untimed_attempt_has_no_countdown(attempt, trainee_client):
    html = page_of(trainee_client, take_url(attempt))
    assert 'id="time-banner"' not in html and "countdown.js" not in html
    assert "data-clock" not in html
    assert 'id="time-limit"' not in html
