"""The take page as the server renders it: sections, progress, flags, the review without
JavaScript, and the deadline in the trainee's zone. What JavaScript adds is in
tests/e2e/test_take_page.py."""

import re
from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

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


def listed(review: str, name: str) -> list[str]:
    """The question numbers a review list shows (its items not hidden)."""
    items = re.search(rf'data-review-list="{name}">(.*?)</ul>', review, re.S).group(1)
    return re.findall(r'<li data-question="q\d+"><a href="#q\d+">Question (\d+)</a>', items)


def review_of(client, attempt, data: dict) -> tuple[str, str]:
    """Press "Review answers" without JavaScript: the answers are saved, then the review."""
    response = client.post(f"/attempts/{attempt.pk}/save/", {**data, "review": "1"})
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
    assert "7 questions in 3 sections." in html
    assert re.findall(r'id="section-\d-title" tabindex="-1">([^<]*)</h2>', html) == [
        "Questions 1 to 3 of 7",
        "Questions 4 and 5 of 7",
        "Questions 6 and 7 of 7",
    ]


# --- Progress --------------------------------------------------------------------------


def test_progress_counts_the_saved_answers(attempt, trainee_client):
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt, skip=2))

    html = page_of(trainee_client, take_url(attempt))

    assert re.search(r'<span id="answered-count">5</span> of 7 answered</label>', html)
    assert '<progress id="answered-progress" max="7" value="5">' in html
    start = html.index('<div class="take-bar" id="take-bar">')
    bar = html[start : html.index("</form>", start)]
    assert "Save progress" in bar and "Review answers" in bar


@pytest.mark.usefixtures("whole_bank")
def test_a_matching_question_counts_as_answered_only_with_every_line(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    matching = next(sq for sq in sheet if sq.items)
    data = answer_form(attempt)
    del data[matching.item_field_name(matching.items[0])]
    trainee_client.post(f"/attempts/{attempt.pk}/save/", data)

    html = page_of(trainee_client, take_url(attempt))

    total = len(sheet)
    assert f'<span id="answered-count">{total - 1}</span> of {total} answered' in html


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


def test_flags_are_not_answers_and_are_not_stored(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    answers = answer_form(attempt)
    data = {**answers, "flag": [str(sheet[0].question.pk), "junk", "9" * 30]}

    response = trainee_client.post(f"/attempts/{attempt.pk}/save/", data)

    assert response.status_code == 302  # not refused as tampering
    picks = sum(len(value) if isinstance(value, list) else 1 for value in answers.values())
    assert Selection.objects.filter(response__attempt=attempt).count() == picks
    html = page_of(trainee_client, take_url(attempt))
    assert f'id="{sheet[0].field_name}-flag" checked' not in html  # a plain save keeps none


def test_flags_sent_with_a_submit_that_needs_confirming_come_back_ticked(attempt, trainee_client):
    sheet = attempt_sheet(attempt)
    data = {**answer_form(attempt, skip=1), "flag": [str(sheet[2].question.pk)]}

    html = trainee_client.post(take_url(attempt), data).content.decode()

    assert "1 question without an answer" in html
    assert f'value="{sheet[2].question.pk}" id="{sheet[2].field_name}-flag" checked>' in html
    assert html.count('name="flag"') == 7 and html.count('-flag" checked') == 1


# --- The review without JavaScript -------------------------------------------------------


def test_the_take_page_holds_the_review_hidden_until_asked(attempt, trainee_client):
    html = page_of(trainee_client, take_url(attempt))
    assert "hidden" in opening_tag(html, "review")
    assert 'name="review" value="1" id="review-button">Review answers</button>' in html


def test_review_without_javascript_saves_then_lists_unanswered_and_flagged_questions(
    attempt, trainee_client
):
    sheet = attempt_sheet(attempt)
    flagged = sheet[3]
    data = {**answer_form(attempt, skip=2), "flag": [str(flagged.question.pk)]}

    url, html = review_of(trainee_client, attempt, data)

    assert url == f"{take_url(attempt)}?review=1&flag={flagged.question.pk}#review"
    assert Selection.objects.filter(response__attempt=attempt).exists()  # saved first
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS
    review = element(html, "section", "review")
    assert "hidden" not in opening_tag(html, "review")
    assert "autofocus" in opening_tag(review, "review-title")
    assert '<span data-review-count="answered">5</span> of 7 questions answered.' in review
    assert listed(review, "unanswered") == ["1", "2"]
    assert listed(review, "flagged") == ["4"]
    for sq in (sheet[0], sheet[1], flagged):
        link = f'<a href="#{sq.field_name}">Question {sq.number}</a>'
        assert f"{link}: {sq.question.prompt}" in review
    # Unanswered questions: the button says what submitting now means; the flag stays ticked.
    assert re.search(
        r'<button type="submit" [^>]*name="submit_anyway" value="1" '
        r'data-review-submit="incomplete">Submit anyway',
        review,
    )
    assert re.search(r'data-review-submit="complete" hidden>Submit answers</button>', review)
    assert f'id="{flagged.field_name}-flag" checked>' in html


def test_review_with_every_question_answered_offers_submit(attempt, trainee_client):
    _url, html = review_of(trainee_client, attempt, answer_form(attempt))

    review = element(html, "section", "review")
    assert listed(review, "unanswered") == [] and listed(review, "flagged") == []
    assert '<p data-review-empty="unanswered">Every question has an answer.</p>' in review
    assert '<p data-review-empty="flagged">No question is flagged.</p>' in review
    assert re.search(r'data-review-submit="complete">Submit answers</button>', review)
    assert re.search(r'data-review-submit="incomplete" hidden>Submit anyway', review)


def test_submitting_from_the_review_grades_the_attempt(attempt, trainee_client):
    """The review's buttons are in the quiz's form: they send every answer on the page."""
    _url, html = review_of(trainee_client, attempt, answer_form(attempt, skip=1))
    form = re.search(r'<form [^>]*id="quiz-form"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert element(html, "section", "review") in form

    response = trainee_client.post(
        take_url(attempt), {**answer_form(attempt, skip=1), "submit_anyway": "1"}
    )

    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 6


def test_submit_without_confirming_still_asks_about_unanswered_questions(attempt, trainee_client):
    """The existing rule stands: "Submit answers" with a question left out asks again."""
    response = trainee_client.post(take_url(attempt), answer_form(attempt, skip=1))

    assert response.status_code == 200
    assert "1 question without an answer" in response.content.decode()
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_a_review_costs_no_query_more_than_the_take_page(
    attempt, trainee_client, django_assert_num_queries
):
    url, _html = review_of(trainee_client, attempt, answer_form(attempt, skip=2))
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

    time_limit = element(html, "div", "time-limit")
    assert (
        "Time limit 20 minutes: submit by <strong>"
        f'<time datetime="{deadline.isoformat(timespec="seconds")}">{deadline:%H:%M} {name}'
        "</time></strong>."
    ) in time_limit
    assert "UTC" not in time_limit and "your local time" not in time_limit
    # The countdown reads its own UTC deadline, whatever zone the page is in.
    iso = attempt.deadline.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    clock = opening_tag(html, "countdown")
    assert f'data-deadline="{iso}"' in clock and " hidden" in clock
    # Spoken only at 5 and 1 minutes left, so the live region starts empty.
    assert '<p class="visually-hidden" id="time-warning" aria-live="assertive" ' in html
    assert re.search(r'id="time-warning"[^>]*></p>', html)
    assert '<script src="/static/js/countdown.js" defer></script>' in html


def test_an_untimed_attempt_has_no_countdown(attempt, trainee_client):
    html = page_of(trainee_client, take_url(attempt))
    assert 'id="countdown"' not in html and "countdown.js" not in html
    assert 'id="time-limit"' not in html
