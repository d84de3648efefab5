"""The result page teaches: objectives met or missed, the right answer and why each wrong
answer is wrong, the quote and its passage. It shows every right answer, always: a retake
asks questions the trainee has not seen (tests/taking/test_draw.py)."""

import re
from datetime import timedelta

from django.utils import timezone

from quiz.models import Attempt, Question

from ..factories import answer_form


def submit(trainee_client, attempt: Attempt, *, right: bool):
    response = trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right))
    assert response.status_code == 302
    return trainee_client.get(f"/attempts/{attempt.pk}/result/?show=all").content.decode()


def test_a_failed_attempt_with_retakes_left_shows_every_right_answer(
    content, start, trainee_client
):
    attempt = start("component-roles")
    page = submit(trainee_client, attempt, right=False)

    lines = sum(r.question.match_items.count() or 1 for r in attempt.responses.all())
    assert 'id="retake-note"' in page and "questions you have not seen" in page
    assert page.count("Right answer:") == lines  # a line per question or matched line
    assert "held back" not in page
    assert re.search(r'class="d-block feedback">The release credits [^<]+\.<', page)
    assert page.count("objective-missed") == 10


def test_the_feedback_names_why_the_pick_is_wrong(content, start, trainee_client):
    attempt = start("component-roles")
    page = submit(trainee_client, attempt, right=False)
    feedback = re.findall(r'class="d-block feedback">([^<]+)<', page)

    wrong_picks = [
        choice.feedback
        for response in attempt.responses.all()
        for choice in response.question.choices.filter(selections__response=response)
        if not choice.is_correct and choice.feedback
    ]
    assert wrong_picks and {f.replace("&#x27;", "'") for f in feedback} >= set(wrong_picks)


def test_a_passed_attempt_shows_every_right_answer(content, start, trainee_client):
    page = submit(trainee_client, start("release-facts"), right=True)

    assert page.count("Right answer:") == 7 and 'id="retake-note"' not in page
    assert page.count("objective-met") == 7


def test_quotes_leave_out_the_list_punctuation_of_the_release(content):
    for explanation in Question.objects.values_list("explanation", flat=True):
        for quote in explanation.split("\n\n"):
            assert not quote.rstrip().endswith((";", ",", "; and,", " and"))


def test_the_result_shows_the_mistakes_first_and_all_on_request(content, start, trainee_client):
    attempt = start("release-facts")
    data = answer_form(attempt, right=True)
    first = attempt.responses.order_by("position").first()
    wrong = answer_form(attempt, right=False)
    for name in [n for n in data if n.startswith(f"q{first.question_id}")]:
        data[name] = wrong[name]
    trainee_client.post(f"/attempts/{attempt.pk}/", data)

    mistakes = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "Your mistakes (1 of 7)" in mistakes
    assert mistakes.count('class="question card') == 1 and "Question 1." in mistakes
    assert 'href="?show=all"' in mistakes

    everything = trainee_client.get(f"/attempts/{attempt.pk}/result/?show=all").content.decode()
    assert everything.count('class="question card') == 7 and "Show only the mistakes" in everything


def test_the_summary_gives_a_whole_percent_points_as_fractions_and_a_retake(
    content, start, trainee_client
):
    attempt = start("release-facts")
    page = submit(trainee_client, attempt, right=False)

    assert "Not passed: 0%" in page and "0 of 7 points" in page
    assert 'action="/quizzes/release-facts/start/"' in page and 'id="retake"' in page
    # Every objective missed is listed with its points and a way back into the lesson.
    assert "Learning objectives: 0 of 7 met" in page
    assert page.count("✗ Missed (0 of 1 point):") == 7
    # Each leads to its own block of the lesson.
    blocks = re.findall(r'href="/quizzes/release-facts/lesson/#block-([\w-]+)"', page)
    assert sorted(blocks) == sorted(attempt.quiz.objectives.values_list("key", flat=True))


def test_points_are_written_as_whole_numbers_and_fractions():
    from decimal import Decimal

    from quiz.scores import points, whole_percent

    assert [points(Decimal(v)) for v in ("1.000", "0.500", "12.500", "0", "0.333")] == [
        "1",
        "½",
        "12½",
        "0",
        "⅓",
    ]
    assert whole_percent(Decimal("79.99")) == "79%"  # never rounded up to a pass mark


def test_an_earlier_result_shows_its_answers_and_a_retake_asks_none_of_its_questions(
    content, start, trainee_client, time_machine
):
    """What a copier could take from a result page is no help: the retake asks other
    questions (every objective's pool holds more than the trainee has seen)."""
    first = start("release-facts")
    page = submit(trainee_client, first, right=False)
    asked = set(first.responses.values_list("question__key", flat=True))
    assert page.count("Right answer:") == len(asked) == 7
    time_machine.move_to(timezone.now() + timedelta(days=1))  # past the attempt policy
    retake = start("release-facts")
    assert retake.pk != first.pk
    assert not asked & set(retake.responses.values_list("question__key", flat=True))
