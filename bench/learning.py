#!/usr/bin/env python3
"""Learning that lasts at scale: scheduling refreshers, and the learning report.

    .venv/bin/python bench/learning.py [--database URL] [--trainees 10000] [--attempts 1000000]

It makes a database of its own (a SQLite file in var/bench/, made afresh, or the
PostgreSQL database given, created if missing and EMPTIED), builds the real quizzes, puts
--trainees trainees in one group assigned "component-roles" with refreshers on, gives each
a first pass 2 to 120 days ago (so most have a refresher due), a pre-check and an "after"
for each objective (the gain rows), and fills the attempts table up to --attempts with
failed attempts. Then it measures, in this process:

1. the hourly refresher run: record_due_refreshers, then enqueue_refreshers into the
   database task queue (target: under 30 s for 10,000 trainees), and the same run again,
   which must record nothing (each refresher at most once);
2. the worker's side: mail_refreshers for 200 of them (questions drawn, mail queued);
3. the learning report in the admin, as a superuser, after three answers per refresher:
   median milliseconds of --repeat runs after a warm-up, and SQL queries, at --attempts
   attempts (it reads summary rows, never attempts).

It prints numbers; it is a measurement, not a test.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.organisation import (  # noqa: E402 - after the path is set
    BATCH,
    analyze,
    open_empty_database,
    seed_group,
    seed_trainees,
    superuser_client,
)

SQLITE_DEFAULT = f"sqlite:///{ROOT / 'var' / 'bench' / 'learning.sqlite3'}"
SLUG = "component-roles"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=SQLITE_DEFAULT, help="SQLite or PostgreSQL URL")
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--random-seed", type=int, default=2014)
    return parser.parse_args()


def submitted_attempt(user_id, quiz, rng, submitted, *, passed: bool):
    from quiz.models import Attempt

    right = 10 if passed else 3
    return Attempt(
        user_id=user_id,
        quiz=quiz,
        status=Attempt.Status.SUBMITTED,
        seed=rng.randrange(2**31),
        started_at=submitted - timedelta(minutes=10),
        submitted_at=submitted,
        score=Decimal(right),
        max_score=Decimal(10),
        percent=Decimal(10 * right),
        passed=passed,
    )


def first_pass(user_id, quiz, rng, now):
    """2 to 120 days ago: a refresher stage is due for nearly everyone."""
    return submitted_attempt(
        user_id, quiz, rng, now - timedelta(days=rng.uniform(2, 120)), passed=True
    )


def older_failure(user_id, quiz, rng, now):
    return submitted_attempt(
        user_id, quiz, rng, now - timedelta(days=rng.uniform(121, 800)), passed=False
    )


def seed(args):
    from django.core.management import call_command
    from django.db import transaction

    from quiz import clock
    from quiz.models import Assignment, Attempt, Gain, Objective, Quiz

    rng = random.Random(args.random_seed)
    began = time.perf_counter()
    call_command("build_questions", verbosity=0)
    quiz = Quiz.objects.get(slug=SLUG)
    objectives = list(Objective.objects.filter(quiz=quiz).values_list("pk", flat=True))
    user_ids = seed_trainees(args.trainees, rng)
    group = seed_group("Whole organisation", user_ids)
    Assignment.objects.create(
        group=group, quiz=quiz, due_on=clock.today() + timedelta(days=30), refreshers=True
    )
    now = clock.now()
    with transaction.atomic():
        Attempt.objects.bulk_create(
            (first_pass(pk, quiz, rng, now) for pk in user_ids), batch_size=BATCH
        )
        Gain.objects.bulk_create(
            (
                Gain(
                    user_id=pk,
                    quiz=quiz,
                    objective_id=objective,
                    before=rng.random() < 0.5,
                    after=Decimal(1 if rng.random() < 0.85 else 0),
                    measured_at=now - timedelta(days=150),
                )
                for pk in user_ids
                for objective in objectives
            ),
            batch_size=BATCH,
        )
    made = len(user_ids)
    while made < args.attempts:
        batch = [
            older_failure(rng.choice(user_ids), quiz, rng, now)
            for _ in range(min(BATCH * 10, args.attempts - made))
        ]
        with transaction.atomic():
            Attempt.objects.bulk_create(batch, batch_size=BATCH)
        made += len(batch)
    analyze()
    print(
        f"seeded {len(user_ids)} trainees, {made} attempts ({len(user_ids)} passes), "
        f"{len(user_ids) * len(objectives)} gain rows in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    return quiz


def measure_scheduling(args) -> None:
    from quiz.learning.refreshers import record_due_refreshers
    from quiz.learning.tasks import enqueue_refreshers

    began = time.perf_counter()
    run, recorded = record_due_refreshers()
    recorded_at = time.perf_counter()
    tasks = enqueue_refreshers(run)
    total = time.perf_counter() - began
    verdict = "within" if total < 30 else "MISSES"
    print(
        f"1. refresher run for {args.trainees} trainees: recorded {recorded} refreshers in "
        f"{recorded_at - began:.1f} s, enqueued {tasks} tasks in "
        f"{total - (recorded_at - began):.1f} s; total {total:.1f} s, {verdict} the 30 s target"
    )
    began = time.perf_counter()
    _run, again = record_due_refreshers()
    print(f"   the same run again: {again} recorded in {time.perf_counter() - began:.1f} s")


def measure_mailing() -> None:
    from quiz.learning.refreshers import mail_refreshers
    from quiz.models import Refresher

    ids = list(Refresher.objects.order_by("pk").values_list("pk", flat=True)[:200])
    began = time.perf_counter()
    mailed = mail_refreshers(ids)
    seconds = time.perf_counter() - began
    print(
        f"2. worker: {mailed} refreshers drawn and queued as mail in {seconds:.1f} s "
        f"({1000 * seconds / max(mailed, 1):.0f} ms each)"
    )


def answer_refreshers(rng) -> int:
    """Three answered questions per refresher, as the links would record them."""
    from django.db import transaction

    from quiz import clock
    from quiz.models import Objective, Practice, Question, Refresher

    quiz_questions = list(
        Question.objects.filter(quiz__slug=SLUG, is_active=True).values_list("pk", "objective_id")
    )
    assert Objective.objects.exists()
    now = clock.now()
    rows = [
        Practice(
            user_id=user_id,
            question_id=question_id,
            objective_id=objective_id,
            purpose=Practice.Purpose.REFRESHER,
            refresher_id=pk,
            asked_at=now,
            answered_at=now,
            correct=rng.random() < 0.7,
        )
        for pk, user_id in Refresher.objects.filter(mailed_at__isnull=True).values_list(
            "pk", "user_id"
        )
        for question_id, objective_id in rng.sample(quiz_questions, 3)
    ]
    with transaction.atomic():
        Practice.objects.bulk_create(rows, batch_size=BATCH)
        # Those the worker mailed already have their questions: answered here, all right.
        answered = Practice.objects.filter(
            purpose=Practice.Purpose.REFRESHER, answered_at__isnull=True
        ).update(answered_at=now, correct=True)
    analyze()
    return len(rows) + answered


def measure_report(quiz, args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = superuser_client()
    url = f"/admin/quiz/attempt/learning/{quiz.pk}/"

    def run():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    run()
    times = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - began))
    with CaptureQueriesContext(connection) as captured:
        run()
    print(
        f"3. learning report: median {statistics.median(times):.0f} ms over {args.repeat} runs "
        f"(min {min(times):.0f}, max {max(times):.0f}), {len(captured)} queries"
    )


def main() -> None:
    args = parse_arguments()
    open_empty_database(args.database)
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    quiz = seed(args)
    measure_scheduling(args)
    measure_mailing()
    answers = answer_refreshers(random.Random(args.random_seed))
    print(f"   {answers} refresher answers recorded for the report")
    measure_report(quiz, args)


if __name__ == "__main__":
    main()
