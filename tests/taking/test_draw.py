"""Each attempt draws one question per objective: stable on reload, different between
attempts, and never two questions that test the same thing."""

import random

from django.core.management import call_command

from quiz.models import Attempt, Question
from quiz.taking import services
from quiz.taking.draw import draw, shared_share


def bank_of(quiz):
    return list(
        Question.objects.filter(quiz=quiz, is_active=True)
        .order_by("position")
        .values_list("pk", "objective_id")
    )


def test_an_attempt_asks_one_question_of_each_objective(content, start):
    attempt = start("component-roles")
    objectives = list(attempt.responses.values_list("question__objective", flat=True))

    assert len(objectives) == len(set(objectives)) == content["component-roles"].objectives.count()


def test_the_draw_depends_only_on_the_seed(content):
    bank = bank_of(content["component-roles"])

    assert draw(12345, bank) == draw(12345, list(bank))


def test_two_attempts_of_one_trainee_differ_in_questions(content, start, monkeypatch):
    # Two seeds picked in advance, so the test does not rest on chance.
    seeds = iter([1, 2])
    monkeypatch.setattr(services.secrets, "randbelow", lambda _n: next(seeds))
    first = start("component-roles")
    Attempt.objects.filter(pk=first.pk).update(status=Attempt.Status.SUBMITTED)
    second = start("component-roles")

    asked = [set(a.responses.values_list("question", flat=True)) for a in (first, second)]
    assert asked[0] != asked[1]
    assert asked[0] == set(draw(1, bank_of(content["component-roles"])))


def test_attempts_with_different_seeds_ask_different_questions(content):
    bank = bank_of(content["component-roles"])
    seeds = random.Random(1)
    drawn = {frozenset(draw(seeds.randrange(2**31), bank)) for _ in range(20)}

    assert len(drawn) > 10


def test_two_attempts_share_under_half_their_questions_on_average(content):
    for quiz in content.values():
        seeds = random.Random(quiz.slug)
        pairs = [(seeds.randrange(2**31), seeds.randrange(2**31)) for _ in range(100)]

        assert shared_share(pairs, bank_of(quiz)) < 0.5


def test_a_question_without_objective_is_always_asked():
    bank = [(1, None), (2, 7), (3, 7), (4, None)]

    for seed in range(20):
        drawn = draw(seed, bank)
        assert 1 in drawn and 4 in drawn and len(drawn) == 3


def test_describe_bank_prints_objectives_kinds_and_the_share(content, capsys):
    call_command("describe_bank")
    out = capsys.readouterr().out

    assert "component-roles: DHS components and their anti-trafficking roles" in out
    assert "7 objectives, 25 questions, 7 asked per attempt" in out
    assert "- relief: 7 questions (matching 1, single 3, true_false 3)." in out
    assert "5 objectives, 14 questions, 5 asked per attempt" in out
    shares = [int(line.split("(")[1].split("%")[0]) for line in out.splitlines() if "share" in line]
    assert len(shares) == 2 and all(share < 50 for share in shares)
