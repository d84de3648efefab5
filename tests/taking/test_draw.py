"""Each attempt draws one question per objective: stable on reload, different between
attempts, never two questions that test the same thing, and a retake nothing the trainee
has seen while the pool allows."""

import random
from datetime import UTC, datetime, timedelta

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


def asked_keys(attempt) -> set[str]:
    return set(attempt.responses.values_list("question__key", flat=True))


def test_a_retake_asks_nothing_the_trainee_has_seen_while_the_pools_allow(
    content, trainee, time_machine
):
    """Every pool holds four questions: four attempts ask 4 x 10 different ones; the fifth
    asks again what the first asked, the questions seen longest ago."""
    quiz = content["component-roles"]
    time_machine.move_to(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False)
    attempts = []
    for _n in range(5):
        attempts.append(services.start_attempt(user=trainee, quiz=quiz))
        Attempt.objects.filter(pk=attempts[-1].pk).update(status=Attempt.Status.SUBMITTED)
        time_machine.shift(timedelta(days=1))  # whatever the quiz's attempt policy
    asked = [asked_keys(a) for a in attempts]
    seen = set()
    for keys in asked[:4]:
        assert len(keys) == 10 and not keys & seen
        seen |= keys
    assert asked[4] == asked[0]


def test_a_question_seen_in_an_older_version_counts_as_seen(content, trainee, time_machine):
    quiz = content["component-roles"]
    time_machine.move_to(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False)
    first = services.start_attempt(user=trainee, quiz=quiz)
    Attempt.objects.filter(pk=first.pk).update(status=Attempt.Status.SUBMITTED)
    # Each question it asked is retired and replaced by a new version of the same key.
    for question in Question.objects.filter(responses__attempt=first):
        Question.objects.filter(pk=question.pk).update(is_active=False)
        choices = list(question.choices.all())
        question.pk, question.fingerprint = None, "new"
        question.save()
        for choice in choices:
            choice.pk, choice.question = None, question
            choice.save()
    time_machine.shift(timedelta(days=1))
    second = services.start_attempt(user=trainee, quiz=quiz)
    assert not asked_keys(first) & asked_keys(second)


def test_the_draw_takes_unseen_questions_then_those_seen_longest_ago():
    bank = [(1, 7), (2, 7), (3, 7)]
    day = datetime(2026, 3, 1, tzinfo=UTC)
    for seed in range(20):
        assert draw(seed, bank, {1: day, 2: day}) == [3]
        assert draw(seed, bank, {1: day, 2: day + timedelta(1), 3: day}) in ([1], [3])
        assert draw(seed, bank, {1: day + timedelta(2), 2: day, 3: day + timedelta(1)}) == [2]


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
    assert "10 objectives, 40 questions, 10 asked per attempt; pass mark 80%" in out
    assert "- protects: 4 questions (multiple 4); right answers at" in out
    assert "7 objectives, 28 questions, 7 asked per attempt" in out
    assert "Longest choice over shortest: median" in out
    chances = [
        float(line.split(": ")[1].split("%")[0])
        for line in out.splitlines()
        if "Chance of passing by guessing" in line
    ]
    assert len(chances) == 2 and all(chance < 0.5 for chance in chances)
    shares = [
        int(line.split("(")[1].split("%")[0])
        for line in out.splitlines()
        if "first attempts share" in line
    ]
    assert len(shares) == 2 and all(share < 50 for share in shares)
