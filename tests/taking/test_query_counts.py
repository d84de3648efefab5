"""The number of SQL queries of a page does not grow with the number of questions or rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Objective
from quiz.taking import fragments
from quiz.taking.services import start_attempt
from tests.factories import AttemptFactory, answer_form, make_quiz


def queries_of(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(captured)


def group_by_objective(quiz, per_objective: int) -> None:
    """Give the quiz's questions objectives, `per_objective` questions to each, so that an
    attempt draws one of each group."""
    for n, question in enumerate(quiz.questions.order_by("position")):
        if n % per_objective == 0:
            objective = Objective.objects.create(
                quiz=quiz, key=f"o{n}", position=n, text=f"Objective {n}."
            )
        question.objective = objective
        question.save(update_fields=["objective"])


def page_queries(client, trainee, question_count: int, *, per_objective: int = 0) -> dict[str, int]:
    """Queries of each trainee page, starting with no question kept by the worker.

    With `per_objective`, the questions are grouped by objectives of that many questions.
    """
    quiz = make_quiz(question_count, slug=f"quiz-{question_count}-{per_objective}")
    if per_objective:
        group_by_objective(quiz, per_objective)
    fragments.forget_all()
    counts = {"start": queries_of(client, "post", f"/quizzes/{quiz.slug}/start/")}
    fragments.forget_all()
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    take = f"/attempts/{attempt.pk}/"
    counts["take, questions not kept yet"] = queries_of(client, "get", take)
    counts["take"] = queries_of(client, "get", take)
    counts["submit"] = queries_of(client, "post", take, answer_form(attempt))
    counts["result"] = queries_of(client, "get", f"/attempts/{attempt.pk}/result/")
    assert Attempt.objects.get(pk=attempt.pk).percent == 100
    return counts


def test_trainee_page_queries_do_not_grow_with_questions(trainee, trainee_client):
    ten = page_queries(trainee_client, trainee, 10)
    hundred = page_queries(trainee_client, trainee, 100)
    assert ten == hundred
    print(f"queries with 10 and 100 questions: {ten}")


def test_trainee_page_queries_do_not_grow_with_objectives(trainee, trainee_client):
    """Objectives of three questions, one drawn from each: the draw, the result page's
    objectives met and missed, and each question's objective cost no query of their own."""
    twelve = page_queries(trainee_client, trainee, 12, per_objective=3)
    hundred_and_two = page_queries(trainee_client, trainee, 102, per_objective=3)
    assert Attempt.objects.get(quiz__slug="quiz-12-3").responses.count() == 4
    assert twelve == hundred_and_two
    # Objectives add one UPDATE to a submit, whatever their number: the gain report's
    # "after" (quiz/stats/gains.py); and to a first start, whether the trainee's groups want
    # a pre-check of them first.
    without = page_queries(trainee_client, trainee, 12)
    assert twelve == {**without, "start": without["start"] + 1, "submit": without["submit"] + 1}


@pytest.mark.parametrize(
    "page,expected",
    # The session is read from the cache. Every page reads the user, and the attempt's
    # pages the attempt and its responses with their selections (one query); the
    # questions' content is kept by the worker after the first read (four queries: the
    # questions, their choices, their matching items, and the components the result page
    # sums points by).
    # Start: the quiz's active questions, each with the quiz and the open attempt (one
    # query); then, in a savepoint here (the test's transaction), the attempt and its
    # responses, which the page shows without reading them back; the questions read cold.
    # Submit: the attempt (with when the trainee last submitted another at the quiz) and
    # its answer key; in a savepoint, the status update, the selections replaced, the
    # points, and, since every answer is right, the certificate; then one INSERT ... ON
    # CONFLICT per summary table of the item analysis (scores, trainees, question sums,
    # picks; quiz/stats/counting.py), whatever the number and kinds of questions. A
    # second submit on the same day skips the trainees' row.
    # The result page reads the trainee's pre-check, for "before and after". (With
    # objectives, a first start also asks whether the trainee's groups want a pre-check.)
    [
        ("start", 10),
        ("take, questions not kept yet", 7),
        ("take", 3),
        ("submit", 14),
        ("result", 4),
    ],
)
def test_query_count_of_each_page_is_fixed(trainee, trainee_client, page, expected):
    assert page_queries(trainee_client, trainee, 12)[page] == expected


def test_quiz_list_queries_do_not_grow_with_quizzes(trainee, trainee_client):
    make_quiz(3, slug="one")
    one = queries_of(trainee_client, "get", "/quizzes/")
    for n in range(19):
        quiz = make_quiz(2, slug=f"more-{n}")
        start_attempt(user=trainee, quiz=quiz)
    # The user, the quizzes with the trainee's status in each, and the trainee's
    # assignments (none here; tests/organisations/test_trainee_home.py has some).
    assert queries_of(trainee_client, "get", "/quizzes/") == one == 3


def test_history_queries_do_not_grow_with_attempts(trainee, trainee_client):
    quiz = make_quiz(2)
    start_attempt(user=trainee, quiz=quiz)
    one = queries_of(trainee_client, "get", "/history/")
    for n in range(30):
        # Submitted: the database allows one attempt in progress per trainee and quiz.
        AttemptFactory(user=trainee, quiz=quiz, seed=n, max_score=2)
    assert queries_of(trainee_client, "get", "/history/") == one
