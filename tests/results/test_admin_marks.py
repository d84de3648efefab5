"""What a reviewer reads in the admin: each answer marked in words and signs, numbered as
the trainee saw it, and a warning when the item analysis rests on few attempts."""

import re

from quiz.models import Attempt
from quiz.stats.rebuild import rebuild_item_stats

from ..factories import add_question, empty_quiz, submitted_attempt, trainee_named


def test_an_attempts_page_marks_each_answer_right_partly_or_wrong(superuser_client):
    quiz = empty_quiz()
    first, _ = add_question(quiz, 1, "single", ["A", "B"], {"A"})
    second, _ = add_question(quiz, 2, "single", ["A", "B"], {"A"})
    third, _ = add_question(quiz, 3, "matching", ["A", "B"], set())
    attempt = submitted_attempt(
        trainee_named("ann"), quiz, points={first: 1, second: 0, third: "0.5"}
    )

    page = superuser_client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    assert page.count('class="mark mark-right">✓ right') == 1
    assert page.count('class="mark mark-wrong">✗ wrong') == 1
    assert page.count('class="mark mark-partly">◐ partly right') == 1


def test_an_attempts_page_numbers_questions_as_the_trainee_saw_them(superuser_client):
    quiz = empty_quiz()
    questions = [add_question(quiz, n, "single", ["A", "B"], {"A"})[0] for n in (1, 2, 3)]
    # The trainee saw them in another order than the quiz's.
    attempt = submitted_attempt(trainee_named("bo"), quiz, points=dict.fromkeys(questions, 1))
    for number, response in zip((3, 1, 2), attempt.responses.order_by("pk"), strict=True):
        response.position = number
        response.save()

    page = superuser_client.get(f"/admin/quiz/attempt/{attempt.pk}/change/").content.decode()
    shown = re.findall(r'field-number">\s*<p>(\d+)</p>', page)
    assert shown == ["1", "2", "3"]
    # Number 1 is the question the trainee saw first: the quiz's second.
    order = [page.index(q.prompt) for q in (questions[1], questions[2], questions[0])]
    assert order == sorted(order) and len({q.prompt for q in questions}) == 3


def test_item_analysis_warns_under_thirty_attempts(superuser_client):
    quiz = empty_quiz()
    question, _ = add_question(quiz, 1, "single", ["A", "B"], {"A"})
    for n in range(2):
        submitted_attempt(trainee_named(f"t{n}"), quiz, points={question: 1})
    rebuild_item_stats(quiz)  # the factory writes attempts directly, not through submit

    page = superuser_client.get(f"/admin/quiz/attempt/item-analysis/{quiz.pk}/").content.decode()
    assert 'id="sample-size-notice"' in page and "Only 2 attempts so far" in page

    for n in range(2, 30):
        submitted_attempt(trainee_named(f"t{n}"), quiz, points={question: 1})
    assert Attempt.objects.filter(quiz=quiz).count() == 30
    rebuild_item_stats(quiz)
    page = superuser_client.get(f"/admin/quiz/attempt/item-analysis/{quiz.pk}/").content.decode()
    assert 'id="sample-size-notice"' not in page
