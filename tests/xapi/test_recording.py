"""Statements written with the attempt: a row per event, in the page's own transaction,
sent later by the worker; without XAPI_ENDPOINT nothing at all, not even a query."""

from collections import Counter
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django_tasks_db.models import DBTaskResult

from quiz.models import Attempt, Statement
from quiz.taking.answers import read_answers
from quiz.taking.services import start_attempt, submit_attempt
from quiz.taking.sheet import keyed_sheet
from quiz.taking.signals import attempt_started, attempt_submitted
from quiz.xapi import receivers
from tests.factories import AttemptFactory, answer_form, small_quiz
from tests.taking.test_query_counts import page_queries


@contextmanager
def without_xapi():
    """The app as it was before xAPI: its receivers not connected."""
    attempt_started.disconnect(dispatch_uid="xapi_launched")
    attempt_submitted.disconnect(dispatch_uid="xapi_submitted")
    try:
        yield
    finally:
        attempt_started.connect(receivers.record_launch, dispatch_uid="xapi_launched")
        attempt_submitted.connect(receivers.record_submission, dispatch_uid="xapi_submitted")


def take(client, quiz, *, right: bool = True) -> Attempt:
    assert client.post(f"/quizzes/{quiz.slug}/start/").status_code == 200
    attempt = Attempt.objects.latest("pk")
    assert (
        client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right)).status_code
        == 302
    )
    attempt.refresh_from_db()
    return attempt


def verbs() -> Counter:
    return Counter(Statement.objects.values_list("verb", flat=True))


# --- Unset: nothing ------------------------------------------------------------------


def test_without_an_lrs_the_receivers_return_without_a_query(
    xapi_unset, db, django_assert_num_queries
):
    attempt = AttemptFactory()
    with django_assert_num_queries(0):
        receivers.record_launch(sender=Attempt, attempt=attempt)
        receivers.record_submission(sender=Attempt, attempt=attempt, sheet=[], answers=None)


def test_without_an_lrs_a_quiz_taken_writes_no_statement_and_queues_no_task(
    xapi_unset, trainee_client
):
    take(trainee_client, small_quiz())
    assert not Statement.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__contains="xapi").exists()


def test_without_an_lrs_every_page_runs_the_queries_it_ran_before_xapi(
    xapi_unset, trainee, trainee_client
):
    with without_xapi():
        before = page_queries(trainee_client, trainee, 12)
    # Another quiz of as many questions (a page's queries do not depend on how many).
    assert page_queries(trainee_client, trainee, 13) == before


# --- Set: a row per event, sent by the worker -------------------------------------------


def test_a_start_writes_launched_and_a_submit_answered_per_question_completed_and_passed(
    fake_lrs, trainee, trainee_client
):
    quiz = small_quiz()
    assert trainee_client.post(f"/quizzes/{quiz.slug}/start/").status_code == 200
    assert verbs() == {"launched": 1}
    attempt = Attempt.objects.get(user=trainee)
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=True))
    assert verbs() == {"launched": 1, "answered": 2, "completed": 1, "passed": 1}
    for row in Statement.objects.all():
        assert row.user == trainee
        assert row.state == Statement.State.QUEUED
        assert row.body["id"] == str(row.statement_id)
        assert row.body["verb"]["id"].endswith(f"/{row.verb}")
    assert fake_lrs.received == []  # the worker sends them, not the page


def test_a_failed_attempt_says_failed(fake_lrs, trainee_client):
    take(trainee_client, small_quiz(), right=False)
    assert verbs() == {"launched": 1, "answered": 2, "completed": 1, "failed": 1}


def test_a_question_left_blank_gets_no_answered_statement(fake_lrs, trainee):
    attempt = start_attempt(user=trainee, quiz=small_quiz())
    sheet = keyed_sheet(attempt)
    answers = read_answers(QueryDict(urlencode(answer_form(attempt, skip=1), doseq=True)), sheet)

    submit_attempt(attempt=attempt, sheet=sheet, answers=answers)

    assert verbs() == {"launched": 1, "answered": 1, "completed": 1, "passed": 1}  # 50%
    answered = Statement.objects.get(verb="answered").body["object"]["id"]
    assert answered.endswith(f"#question-{sheet[1].question.pk}")


def test_each_page_queues_one_task_in_its_own_transaction(fake_lrs, trainee_client):
    take(trainee_client, small_quiz())
    tasks = DBTaskResult.objects.filter(task_path="quiz.xapi.tasks.send_statements")
    assert tasks.count() == 2
    queued = sorted(id for task in tasks for id in task.args_kwargs["args"][0])
    assert queued == sorted(Statement.objects.values_list("pk", flat=True))


def test_no_page_waits_for_the_lrs_even_when_it_hangs(fake_lrs, trainee_client):
    """The pages only write rows: an LRS that would hang them is never called."""
    with mock.patch("requests.Session.send", side_effect=AssertionError("a page sent it")):
        attempt = take(trainee_client, small_quiz())
    assert attempt.passed
    assert Statement.objects.filter(state=Statement.State.QUEUED).count() == 5


def test_a_submit_that_rolls_back_leaves_no_statement(fake_lrs, trainee_client):
    def fail_after_xapi(sender, **kwargs):
        raise RuntimeError("a later receiver failed")

    quiz = small_quiz()
    trainee_client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    attempt_submitted.connect(fail_after_xapi)
    try:
        with pytest.raises(RuntimeError):
            trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))
    finally:
        attempt_submitted.disconnect(fail_after_xapi)
    assert verbs() == {"launched": 1}
    assert DBTaskResult.objects.count() == 1


def test_with_an_lrs_the_pages_cost_the_same_queries_however_many_questions(
    fake_lrs, trainee, trainee_client
):
    """One INSERT of the statements and one of their task, whatever the number of
    questions."""
    ten = page_queries(trainee_client, trainee, 10)
    forty = page_queries(trainee_client, trainee, 40)
    assert ten == forty
    with without_xapi():
        without = page_queries(trainee_client, trainee, 11)
    assert ten == {**without, "start": without["start"] + 2, "submit": without["submit"] + 2}
