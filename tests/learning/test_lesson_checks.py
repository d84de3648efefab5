"""The lesson in blocks: a check after each objective, kept, never graded, never asked
again by the trainee's next graded attempt."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Objective, Practice, Question, Response
from tests.factories import answer_data

LESSON = "/quizzes/component-roles/lesson/"


def check_question(html: str, key: str):
    """The question a block's check form asks, by its field name."""
    block = re.search(rf'id="block-{key}"(.*?)</section>', html, re.S).group(1)
    question_id = int(re.search(r'name="q(\d+)', block).group(1))
    return Question.objects.get(pk=question_id)


def check_url(key: str) -> str:
    return f"{LESSON}{key}/check/"


def test_each_block_quotes_explains_and_checks_and_progress_is_kept(
    content, trainee, trainee_client
):
    html = trainee_client.get(LESSON).content.decode()
    assert "Your progress: 0 of 10 checks done" in html
    assert html.count('class="card mb-3 lesson-block"') == 10
    assert html.count("Check my answer") == 10
    question = check_question(html, "arrests")
    assert question.objective.key == "arrests"

    response = trainee_client.post(check_url("arrests"), answer_data([question]))
    assert response.status_code == 302
    assert response["Location"] == f"{LESSON}#block-arrests"
    row = Practice.objects.get(user=trainee)
    assert (row.purpose, row.question, row.correct) == ("check", question, True)

    html = trainee_client.get(LESSON).content.decode()
    assert "Your progress: 1 of 10 checks done" in html
    block = re.search(r'id="block-arrests"(.*?)</section>', html, re.S).group(1)
    assert "✓ Right." in block and "In the words of the release" in block
    assert "Check my answer" not in block
    # The next block not yet checked is where "continue" leads.
    assert '<a href="#block-investigates">Continue with the next block</a>' in html


def test_a_wrong_check_shows_the_right_answer_and_why(content, trainee, trainee_client):
    question = check_question(trainee_client.get(LESSON).content.decode(), "protects")
    trainee_client.post(check_url("protects"), answer_data([question], right=False))
    assert Practice.objects.get(user=trainee).correct is False
    block = re.search(
        r'id="block-protects"(.*?)</section>', trainee_client.get(LESSON).content.decode(), re.S
    ).group(1)
    assert "✗ Not quite." in block and "Right answer:" in block


def test_an_unanswered_check_is_sent_back_with_a_message_and_nothing_recorded(
    content, trainee_client
):
    response = trainee_client.post(check_url("arrests"), {})
    assert response.status_code == 400
    block = re.search(r'id="block-arrests"(.*?)</section>', response.content.decode(), re.S)
    assert "Choose an answer to check yourself." in block.group(1)
    assert not Practice.objects.exists()


def test_an_answer_to_another_question_changes_nothing(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    other = check_question(html, "investigates")
    response = trainee_client.post(check_url("arrests"), answer_data([other]))
    assert response.status_code == 400
    assert "This check has changed" in response.content.decode()
    assert not Practice.objects.exists()


def test_a_check_is_answered_once(content, trainee, trainee_client):
    question = check_question(trainee_client.get(LESSON).content.decode(), "arrests")
    trainee_client.post(check_url("arrests"), answer_data([question], right=False))
    trainee_client.post(check_url("arrests"), answer_data([question]))
    assert list(Practice.objects.values_list("correct", flat=True)) == [False]


def test_the_next_graded_attempt_asks_none_of_the_questions_checked(content, trainee_client, start):
    client = trainee_client
    html = client.get(LESSON).content.decode()
    objectives = Objective.objects.filter(quiz__slug="component-roles")
    keys = list(objectives.values_list("key", flat=True))
    checked = set()
    for key in keys:
        question = check_question(html, key)
        client.post(check_url(key), answer_data([question]))
        checked.add(question.key)
    attempt = start()
    asked = set(Response.objects.filter(attempt=attempt).values_list("question__key", flat=True))
    assert len(asked) == 10
    assert not asked & checked


def test_someone_logged_out_reads_the_blocks_without_checks(content, client):
    html = client.get(LESSON).content.decode()
    assert html.count('class="card mb-3 lesson-block"') == 10
    assert "Check my answer" not in html
    assert html.count("Log in to check yourself") == 10


def test_the_lesson_says_how_to_report_as_the_footer_does(content, client):
    html = client.get(LESSON).content.decode()
    section = re.search(r'id="how-to-report"(.*?)</section>', html, re.S).group(1)
    assert 'href="tel:+18663472423"' in section and 'href="tel:+18883737888"' in section
    assert "DHS tip line" in section and "National Human Trafficking Hotline" in section
    assert 'href="#release-title"' in html  # the whole release, one link away


def lesson_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LESSON).status_code == 200
    return len(captured)


def test_lesson_queries_do_not_grow_with_the_checks_answered(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    lesson_queries(trainee_client)  # every question's content kept
    none = lesson_queries(trainee_client)
    for key in ["arrests", "protects", "training", "investigates"]:
        trainee_client.post(check_url(key), answer_data([check_question(html, key)]))
    assert lesson_queries(trainee_client) == none
