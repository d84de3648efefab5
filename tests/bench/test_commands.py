"""The management commands bench/run.py prepares its database with and checks it after."""

import json
import random
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from bench.management.commands import bench_check, bench_prepare, bench_quiz_cost
from bench.names import OPEN_QUIZ_SLUG, QUIZ_SLUG, username
from bench.take_page import quiz_form
from quiz.models import Attempt, Quiz

# The commands are called as objects: installing the bench app for them would rebuild the
# app registry, after which later tests' mocks of model managers patch unused copies.
COMMANDS = {
    "bench_prepare": bench_prepare.Command,
    "bench_quiz_cost": bench_quiz_cost.Command,
    "bench_check": bench_check.Command,
}


@pytest.fixture
def bench_quiz(db):
    call_command("build_questions", verbosity=0)
    call_command(bench_prepare.Command(), trainees=3, password="bench-pw", stdout=StringIO())
    return Quiz.objects.get(slug=QUIZ_SLUG)


def run(name: str, *arguments) -> dict:
    out = StringIO()
    call_command(COMMANDS[name](), *arguments, stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def test_prepare_makes_a_quiz_of_12_four_choice_questions_and_trainees(bench_quiz):
    questions = bench_quiz.questions.filter(is_active=True)
    assert questions.count() == 12
    assert {q.choices.count() for q in questions} == {4}
    assert {q.kind for q in questions} <= {"single", "multiple"}
    assert bench_quiz.max_attempts is None and bench_quiz.time_limit_minutes is None
    left_open = Quiz.objects.get(slug=OPEN_QUIZ_SLUG)  # the same questions, for the take page
    assert [q.prompt for q in left_open.questions.order_by("position")] == [
        q.prompt for q in questions.order_by("position")
    ]
    trainee = User.objects.get(username=username(2))
    assert trainee.check_password("bench-pw")


def test_quiz_cost_completes_whole_quizzes(bench_quiz):
    cost = run("bench_quiz_cost", "--quizzes", "2")

    assert cost["requests"] == 3  # start shows the questions, then submit and result
    assert cost["queries"] == sum(cost["queries_per_request"])
    # One quiz to fill the worker's question pieces, then two counted and two timed.
    assert Attempt.objects.filter(quiz=bench_quiz, status="submitted").count() == 5


def submit_one(quiz, name: str) -> Attempt:
    """One trainee starts and submits the quiz through the app, as the load client does."""
    client = Client()
    client.force_login(User.objects.get(username=name))
    page = client.post(f"/quizzes/{quiz.slug}/start/", follow=True).content.decode()
    form = quiz_form(page)
    assert client.post(form.action, form.answers(random.Random(0))).status_code == 302
    return Attempt.objects.get(pk=form.attempt_id)


def test_check_finds_every_attempt_once(bench_quiz, tmp_path):
    attempts = [submit_one(bench_quiz, username(n)) for n in range(2)]
    seen = tmp_path / "seen.json"
    seen.write_text(json.dumps([[a.user.username, a.pk] for a in attempts]))

    report = run("bench_check", str(seen))

    assert report["ok"]
    assert report["submitted_seen_by_client"] == report["submitted_in_database"] == 2


def test_check_reports_lost_duplicated_and_unseen_attempts(bench_quiz, tmp_path):
    first, _second = (submit_one(bench_quiz, username(n)) for n in range(2))
    seen = tmp_path / "seen.json"
    # The client saw the first twice, never the second, and one that is not there.
    seen.write_text(json.dumps([[username(0), first.pk]] * 2 + [[username(2), 999999]]))

    report = run("bench_check", str(seen))

    assert not report["ok"]
    assert (report["lost"], report["duplicated"], report["in_database_but_not_seen"]) == (1, 1, 1)
