"""The sums over the daily summary rows equal a full recount from the attempts.

Random attempts are counted as submit counts them (quiz/stats/counting.py), in an order
that is not their submit order, some are deleted again, and then for every period of the
days around them the sums (quiz/stats/sums.py) are compared with the same figures worked
out here in plain Python from Attempt, Response and Selection. The attempts are
submitted at the edges of local days in a time zone with daylight saving time, on the
days it starts.
"""

import math
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bench.management.commands import seed_attempts
from quiz import clock
from quiz.models import Attempt, DailyTrainees, Response, Selection
from quiz.stats import counting, sums
from quiz.stats.rebuild import rebuild_item_stats
from quiz.stats.rows import NO_PREVIOUS_DAY
from tests.factories import (
    AttemptFactory,
    add_matching,
    add_question,
    answer_form,
    empty_quiz,
    make_quiz,
    submitted_attempt,
    trainee_named,
)

# Berlin moves its clocks forward on 30 March 2025: that day has 23 hours.
ZONE = "Europe/Berlin"
DAYS = [date(2025, 3, 28) + timedelta(n) for n in range(5)]
# Local times at the edges of a day, and one in the middle.
TIMES = [time(0, 0), time(0, 0, 1), time(1, 59), time(12, 0), time(23, 59, 59)]


@pytest.fixture
def berlin(settings):
    settings.TIME_ZONE = ZONE


def build_quiz(slug: str = "reviewed"):
    """A quiz of each kind of question, and the picks a trainee may send to each."""
    quiz = empty_quiz(slug, pass_mark=50)
    single, c1 = add_question(quiz, 1, "single", ["A", "B", "C"], {"A"})
    multiple, c2 = add_question(quiz, 2, "multiple", ["A", "B", "C"], {"A", "B"})
    matching, c3, items = add_matching(quiz, 3, {"I1": "X", "I2": "Y"})
    true_false, c4 = add_question(quiz, 4, "true_false", ["True", "False"], {"False"})
    options = {
        single: [[c] for c in c1.values()] + [[]],
        multiple: [[c2["A"], c2["B"]], [c2["A"]], [c2["C"]], []],
        matching: [[(items["I1"], x), (items["I2"], y)] for x in c3.values() for y in c3.values()]
        + [[(items["I1"], c3["X"])]],
        true_false: [[c] for c in c4.values()],
    }
    return quiz, options


def random_attempt(rng: random.Random, quiz, options, users) -> Attempt:
    """An attempt at some of the questions, submitted at the edge of a local day."""
    moment = datetime.combine(rng.choice(DAYS), rng.choice(TIMES))
    questions = rng.sample(list(options), rng.randint(1, len(options)))
    return submitted_attempt(
        rng.choice(users),
        quiz,
        points={q: rng.choice(["0", "0.5", "1"]) for q in questions},
        picks={q: rng.choice(options[q]) for q in questions},
        submitted_at=timezone.make_aware(moment),
    )


def count_as_submit_does(attempt: Attempt) -> None:
    points = dict(attempt.responses.values_list("question_id", "points"))
    picks = Selection.objects.filter(response__attempt=attempt).values_list("item_id", "choice_id")
    counting.add_submitted_attempt(attempt, points, list(picks))


# --- The recount: plain Python over the rows ------------------------------------------


def attempts_in(quiz, first: date | None, last: date | None) -> list[Attempt]:
    attempts = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED)
    if first:
        attempts = attempts.filter(
            submitted_at__gte=timezone.make_aware(datetime.combine(first, time.min))
        )
    if last:
        end = timezone.make_aware(datetime.combine(last + timedelta(1), time.min))
        attempts = attempts.filter(submitted_at__lt=end)
    return list(attempts)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    vx = sum((x - mx) ** 2 for x in xs) / n
    vy = sum((y - my) ** 2 for y in ys) / n
    if vx < 1e-9 or vy < 1e-9:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / n / math.sqrt(vx * vy)


def recount(quiz, first, last) -> dict:
    attempts = attempts_in(quiz, first, last)
    responses = Response.objects.filter(attempt__in=attempts).select_related("attempt")
    by_question = {}
    for response in responses:
        x = float(response.points or 0)
        by_question.setdefault(response.question_id, []).append((x, float(response.attempt.score)))
    picks = Selection.objects.filter(response__attempt__in=attempts)
    return {
        "percents": Counter(a.percent for a in attempts),
        "trainees": len({a.user_id for a in attempts}),
        "passed": sum(a.passed for a in attempts),
        "questions": {
            question: (
                len(pairs),
                sum(x for x, _s in pairs) / len(pairs),
                correlation([x for x, _s in pairs], [s - x for x, s in pairs]),
            )
            for question, pairs in by_question.items()
        },
        "picks": Counter(picks.values_list("item_id", "choice_id")),
    }


def from_summary_rows(quiz, first, last) -> dict:
    period = sums.Period(quiz, first, last)
    distribution, passed = sums.percent_distribution(period)
    return {
        "percents": Counter(dict(distribution)),
        "trainees": sums.trainees_in(period),
        "passed": passed,
        "questions": {
            question: (s.n, s.facility, s.discrimination)
            for question, s in sums.point_sums_by_question(period).items()
        },
        "picks": Counter(sums.selection_counts(period)),
    }


def assert_same(got: dict, expected: dict, period) -> None:
    for name in ("percents", "trainees", "passed", "picks"):
        assert got[name] == expected[name], (period, name)
    assert got["questions"].keys() == expected["questions"].keys(), period
    for question, (n, facility, discrimination) in expected["questions"].items():
        got_n, got_facility, got_discrimination = got["questions"][question]
        assert (got_n, got_facility) == (n, pytest.approx(facility)), (period, question)
        if discrimination is None:
            assert got_discrimination is None, (period, question)
        else:
            assert got_discrimination == pytest.approx(discrimination), (period, question)


def every_period():
    bounds = [None, *DAYS[:1], DAYS[0] - timedelta(1), *DAYS[1:], DAYS[-1] + timedelta(1)]
    for first in bounds:
        for last in bounds:
            if first is None or last is None or first <= last:
                yield first, last


def assert_report_equals_recount(quiz) -> None:
    for first, last in every_period():
        assert_same(from_summary_rows(quiz, first, last), recount(quiz, first, last), (first, last))


# --- The tests --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_report_from_summary_rows_equals_a_full_recount(db, berlin, seed):
    rng = random.Random(seed)
    quiz, options = build_quiz()
    users = [trainee_named(f"t{n}") for n in range(5)]
    attempts = []
    for _n in range(40):
        attempt = random_attempt(rng, quiz, options, users)
        count_as_submit_does(attempt)
        attempts.append(attempt)
    # Not counted: an attempt in progress, and attempts at another quiz.
    AttemptFactory(user=users[0], quiz=quiz, max_score=4, status=Attempt.Status.IN_PROGRESS)
    other, other_options = build_quiz("other")
    for _n in range(5):
        count_as_submit_does(random_attempt(rng, other, other_options, users))
    for attempt in rng.sample(attempts, 8):
        attempt.delete()  # takes it out of its day's rows
    assert_report_equals_recount(quiz)

    rebuild_item_stats(quiz)
    assert_report_equals_recount(quiz)


def test_trainees_are_counted_once_whatever_the_order_of_their_days(db, berlin):
    """Days counted out of order, then the middle one deleted: each trainee still once."""
    quiz, options = build_quiz()
    ana = trainee_named("ana")
    (question,) = [q for q in options if q.kind == "single"]
    made = {}
    for day in [DAYS[2], DAYS[0], DAYS[4], DAYS[1]]:
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        made[day] = submitted_attempt(ana, quiz, points={question: 1}, submitted_at=moment)
        count_as_submit_does(made[day])
    made[DAYS[1]].delete()
    assert_report_equals_recount(quiz)
    # One row per day trained, after the day before it; the deleted day's rows are spent.
    rows = DailyTrainees.objects.filter(quiz=quiz).exclude(trainees=0)
    previous = [NO_PREVIOUS_DAY, DAYS[0], DAYS[2]]
    assert sorted(rows.values_list("day", "previous_day", "trainees")) == [
        (day, before, 1) for day, before in zip([DAYS[0], DAYS[2], DAYS[4]], previous, strict=True)
    ]


def test_submitting_through_the_app_adds_the_attempt_to_the_report(db, trainee, trainee_client):
    quiz = make_quiz(8, slug="submitted", pass_mark=50)
    assert trainee_client.post(f"/quizzes/{quiz.slug}/start/").status_code == 200
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))

    attempt.refresh_from_db()
    period = sums.Period(quiz, submitted_from=clock.day_of(attempt.submitted_at))
    assert sums.percent_distribution(period) == ([(attempt.percent, 1)], 0)
    assert sums.trainees_in(period) == 1
    assert_same(from_summary_rows(quiz, None, None), recount(quiz, None, None), "all")


def test_submits_through_the_app_on_several_days_count_each_trainee_once(
    db, berlin, trainee, trainee_client, time_machine
):
    """A submit reads when the trainee last submitted with the attempt, not in a query of
    its own: on the first day, again that day, and days later the rows still equal a
    recount, for every period."""
    quiz = make_quiz(4, slug="days", pass_mark=50)
    for day, at in [(DAYS[0], time(0, 0, 1)), (DAYS[0], time(23, 59)), (DAYS[3], time(12))]:
        time_machine.move_to(timezone.make_aware(datetime.combine(day, at)), tick=False)
        trainee_client.post(f"/quizzes/{quiz.slug}/start/")
        attempt = Attempt.objects.get(user=trainee, quiz=quiz, status=Attempt.Status.IN_PROGRESS)
        trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=day == DAYS[3]))
    assert Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED).count() == 3
    assert_report_equals_recount(quiz)


def test_the_newest_submit_changes_the_trainee_rows_as_a_query_of_its_neighbours_would(db, berlin):
    quiz, options = build_quiz()
    ana = trainee_named("ana")
    (question,) = [q for q in options if q.kind == "single"]
    moments = [datetime.combine(DAYS[0], time(9)), datetime.combine(DAYS[2], time(1))]
    made = [
        submitted_attempt(ana, quiz, points={question: 1}, submitted_at=timezone.make_aware(m))
        for m in moments
    ]
    for day in DAYS[2:]:
        # Not saved: it stands for the attempt a submit is adding, later than the others.
        at = timezone.make_aware(datetime.combine(day, time(12)))
        newest = Attempt(user=ana, quiz=quiz, status=Attempt.Status.SUBMITTED, submitted_at=at)
        queried = counting.neighbours_of(newest, day)
        known = counting.neighbours_of_newest(made[-1].submitted_at, day)
        assert counting.visit_changes(newest, day, 1, known) == counting.visit_changes(
            newest, day, 1, queried
        ), day


def test_rebuild_command_recounts_every_quiz(db, berlin):
    quiz, options = build_quiz()
    users = [trainee_named(f"t{n}") for n in range(3)]
    rng = random.Random(7)
    for _n in range(10):
        random_attempt(rng, quiz, options, users)  # written directly: no summary rows yet
    assert sums.percent_distribution(sums.Period(quiz)) == ([], 0)
    call_command("rebuild_item_stats", verbosity=0)
    assert_report_equals_recount(quiz)


def test_seeded_benchmark_attempts_fill_the_summary_rows(content):
    """seed_attempts writes rows in bulk, not through submit, then rebuilds the rows."""
    call_command(seed_attempts.Command(), count=30, trainees=4, days=3, verbosity=0)
    quiz = content["component-roles"]
    today = clock.today()
    for first, last in [(None, None), (today - timedelta(1), None), (None, today - timedelta(2))]:
        assert_same(from_summary_rows(quiz, first, last), recount(quiz, first, last), first)
