"""The number of SQL queries of a page does not grow with the number of questions or rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt
from quiz.taking import fragments
from quiz.taking.services import start_attempt
from tests.factories import AttemptFactory, answer_form, make_quiz


def queries_of(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(captured)


def page_queries(client, trainee, question_count: int) -> dict[str, int]:
    """Queries of each trainee page, starting with no question kept by the worker."""
    quiz = make_quiz(question_count, slug=f"quiz-{question_count}")
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


@pytest.mark.parametrize(
    "page,expected",
    # The session is read from the cache. Every page reads the user, and the attempt's
    # pages the attempt and its responses with their selections (one query); the
    # questions' content is kept by the worker after the first read (three queries).
    # Start: the quiz, the open attempt, the questions, the attempt and its responses,
    # in a savepoint here (the test's transaction), with the questions read cold.
    # Submit: in a savepoint, the status update, the selections replaced, the points,
    # and, since every answer is right, the certificate.
    [
        ("start", 12),
        ("take, questions not kept yet", 6),
        ("take", 3),
        ("submit", 10),
        ("result", 3),
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
    # The user, then the quizzes with the trainee's status in each.
    assert queries_of(trainee_client, "get", "/quizzes/") == one == 2


def test_history_queries_do_not_grow_with_attempts(trainee, trainee_client):
    quiz = make_quiz(2)
    start_attempt(user=trainee, quiz=quiz)
    one = queries_of(trainee_client, "get", "/history/")
    for n in range(30):
        # Submitted: the database allows one attempt in progress per trainee and quiz.
        AttemptFactory(user=trainee, quiz=quiz, seed=n, max_score=2)
    assert queries_of(trainee_client, "get", "/history/") == one
