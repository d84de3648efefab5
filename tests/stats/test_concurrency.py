"""Trainees submitting at the same moment all count in the item analysis's daily rows.

Their submits add to the same rows (same quiz, day, questions and choices) at once; each
increment is an INSERT ... ON CONFLICT DO UPDATE, so none is lost. Run on SQLite by
default and on PostgreSQL with DATABASE_URL set.
"""

import pytest
from django.test import Client

from quiz.models import Attempt
from quiz.stats import sums
from quiz.taking.services import start_attempt
from tests.factories import answer_form, make_quiz, make_user
from tests.taking.test_concurrent_submits import submit_together

TRAINEES = 8

# Each thread has its own database connection and sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def test_trainees_submitting_at_once_are_all_counted():
    quiz = make_quiz(12, slug="at-once")
    jobs = []
    for n in range(TRAINEES):
        user = make_user(f"t{n}")
        attempt = start_attempt(user=user, quiz=quiz)
        client = Client()
        client.force_login(user)
        jobs.append((client, f"/attempts/{attempt.pk}/", answer_form(attempt, right=n % 2 == 0)))

    assert submit_together(jobs) == [302] * TRAINEES
    period = sums.Period(quiz)
    distribution, passed = sums.percent_distribution(period)
    assert sum(n for _percent, n in distribution) == TRAINEES
    assert sums.trainees_in(period) == TRAINEES
    assert passed == Attempt.objects.filter(quiz=quiz, passed=True).count() == 4
    asked = Attempt.objects.filter(quiz=quiz).values_list("responses__question", flat=True)
    responses = {question: list(asked).count(question) for question in set(asked)}
    assert {q: s.n for q, s in sums.point_sums_by_question(period).items()} == responses
