#!/usr/bin/env python3
"""Running the training for an organisation at scale: report, export and reminders.

    .venv/bin/python bench/organisation.py [--database URL] [--trainees 10000] ...

It makes a database of its own (a SQLite file in var/bench/, made afresh, or the
PostgreSQL database given, created if missing and EMPTIED), seeds one training group of
--trainees members, --quizzes bare quizzes of a few questions, each assigned to the group,
and --attempts attempts spread over those trainees and quizzes (passed with a
certificate, failed, or in progress), then measures, in this process:

1. the completion report of one assignment in the admin, as a superuser (Django's test
   client): median milliseconds of --repeat runs after a warm-up, and SQL queries;
2. its CSV export, streamed to the end: seconds, and the peak of Python's memory while
   streaming (tracemalloc), for the whole group and for a group of --small members;
3. the reminder run: record_due_reminders, then enqueue_reminders into the database
   task queue, for every member and assignment.

It prints numbers; it is a measurement, not a test.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_DEFAULT = f"sqlite:///{ROOT / 'var' / 'bench' / 'organisation.sqlite3'}"
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Grace", "Hugo", "Ines", "Jamal"]
LAST_NAMES = ["Garcia", "Smith", "Nguyen", "Okafor", "Rossi", "Kim", "Silva", "Novak", "Ali"]
# Due dates relative to today: long overdue, just overdue, due soon (reminded), later.
DUE_IN_DAYS = [-60, -7, -1, 1, 2, 10, 30, 90]
TIME_ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "Europe/Paris", "Asia/Tokyo"]
PASS_MARK = 80
QUESTIONS_PER_QUIZ = 3
BATCH = 5000


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=SQLITE_DEFAULT,
        help="sqlite:///file (made afresh) or postgres://... (EMPTIED: give it its own database)",
    )
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--quizzes", type=int, default=50)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000, help="members of the smaller group")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the report page")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--random-seed", type=int, default=2014)
    return parser.parse_args()


# --- The database ----------------------------------------------------------------------


def create_postgres_database(url: str) -> None:
    """Create the URL's database on its server if it does not exist."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(url)
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = settings["NAME"]
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def remove_sqlite_file(url: str) -> None:
    path = Path(url.split(":///", 1)[1])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)


def set_up_django(url: str) -> None:
    """The app's settings on the benchmark's database, with DEBUG off at run time.

    DEBUG is turned off after setup, as in production: no query log kept in memory
    (it would count in the export's memory and the reminder run's time), while the
    static files storage stays the development one, so no collectstatic is needed.
    """
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def fresh_database(url: str) -> None:
    """Migrated and empty: a new SQLite file, or the PostgreSQL database flushed."""
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    if not url.startswith("sqlite:"):
        call_command("flush", "--noinput", verbosity=0)


def analyze() -> None:
    """Fresh planner statistics, as autovacuum (off on this machine) would gather."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Seeding -----------------------------------------------------------------------------


def seed_passage():
    from quiz.models import Passage, Release

    release = Release.objects.create(
        slug="bench-release",
        title="Bench release",
        publisher="Bench",
        published_on="2014-01-14",
        url="https://example.org/",
    )
    return Passage.objects.create(
        release=release, key="p1", position=1, kind=Passage.Kind.PARAGRAPH, text="Text."
    )


def seed_quizzes(count: int, passage) -> list:
    """Bare quizzes of a few single-choice questions, three choices each."""
    from quiz.kinds.single import SingleChoice
    from quiz.models import Choice, Question, Quiz

    quizzes = Quiz.objects.bulk_create(
        Quiz(
            slug=f"org-quiz-{n:02d}",
            title=f"Organisation quiz {n:02d}",
            release=passage.release,
            pass_mark=PASS_MARK,
            position=n,
        )
        for n in range(1, count + 1)
    )
    questions = Question.objects.bulk_create(
        Question(
            quiz=quiz,
            position=p,
            key=f"q{p}",
            fingerprint="x",
            kind=SingleChoice.name,
            prompt=f"Question {p} of {quiz.slug}?",
            explanation="Quote.",
            passage=passage,
        )
        for quiz in quizzes
        for p in range(1, QUESTIONS_PER_QUIZ + 1)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=c, text=f"Choice {c}", is_correct=c == 1)
        for q in questions
        for c in range(1, 4)
    )
    return quizzes


def seed_trainees(count: int, rng: random.Random) -> list[int]:
    """Trainees with unusable passwords (no hashing); their ids, by username."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    unusable = make_password(None)
    User.objects.bulk_create(
        (
            User(
                username=f"org-trainee-{n:05d}",
                email=f"org-trainee-{n:05d}@example.org",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=unusable,
            )
            for n in range(1, count + 1)
        ),
        batch_size=BATCH,
    )
    trainees = User.objects.filter(username__startswith="org-trainee-").order_by("username")
    return list(trainees.values_list("pk", flat=True))


def seed_group(name: str, user_ids: list[int]):
    from quiz.models import Membership, TrainingGroup

    group = TrainingGroup.objects.create(name=name)
    Membership.objects.bulk_create(
        (Membership(group=group, user_id=pk) for pk in user_ids), batch_size=BATCH
    )
    return group


def seed_assignments(group, quizzes: list) -> list:
    """One assignment per quiz: due dates from long past to months ahead, several time
    zones, every third renewed yearly."""
    from quiz import clock
    from quiz.models import Assignment

    today = clock.today()
    return Assignment.objects.bulk_create(
        Assignment(
            group=group,
            quiz=quiz,
            due_on=today + timedelta(days=DUE_IN_DAYS[n % len(DUE_IN_DAYS)]),
            time_zone=TIME_ZONES[n % len(TIME_ZONES)],
            renew_every_months=12 if n % 3 == 0 else None,
        )
        for n, quiz in enumerate(quizzes)
    )


def attempts_of_one_trainee(user_id: int, quiz, rng: random.Random, now) -> list:
    """One to three goes at a quiz over the past 400 days; the last may be in progress."""
    from quiz.models import Attempt

    goes = rng.choice([1, 1, 1, 2, 2, 3])
    started = now - timedelta(days=rng.uniform(1, 400))
    attempts = []
    for go in range(goes):
        if go:
            started += timedelta(days=rng.uniform(1, 20))
        if go == goes - 1 and rng.random() < 0.1:
            attempts.append(
                Attempt(
                    user_id=user_id,
                    quiz=quiz,
                    seed=rng.randrange(2**31),
                    started_at=min(started, now),
                    max_score=Decimal(QUESTIONS_PER_QUIZ),
                )
            )
            break
        right = rng.choices(range(QUESTIONS_PER_QUIZ + 1), weights=[1, 2, 3, 6])[0]
        percent = Decimal(100 * right / QUESTIONS_PER_QUIZ).quantize(Decimal("0.01"))
        submitted = min(started + timedelta(minutes=rng.uniform(2, 25)), now)
        attempts.append(
            Attempt(
                user_id=user_id,
                quiz=quiz,
                status=Attempt.Status.SUBMITTED,
                seed=rng.randrange(2**31),
                started_at=min(started, now),
                submitted_at=submitted,
                score=Decimal(right),
                max_score=Decimal(QUESTIONS_PER_QUIZ),
                percent=percent,
                passed=percent >= PASS_MARK,
            )
        )
    return attempts


def certificates_for(attempts: list) -> list:
    from quiz.models import Certificate

    return [
        Certificate(
            attempt=a, code=f"bench-{a.pk}", name=f"Trainee {a.user_id}", issued_at=a.submitted_at
        )
        for a in attempts
        if a.passed
    ]


def seed_attempts(user_ids: list[int], quizzes: list, count: int, rng: random.Random) -> dict:
    """About `count` attempts at random (trainee, quiz) pairs, a certificate for each pass."""
    from django.db import transaction

    from quiz import clock
    from quiz.models import Attempt, Certificate

    now = clock.now()
    made = {"attempts": 0, "in progress": 0, "passed": 0, "failed": 0}
    pairs = set()
    while made["attempts"] < count:
        batch = []
        while len(batch) < BATCH and made["attempts"] + len(batch) < count:
            pair = (rng.choice(user_ids), rng.choice(quizzes))
            if pair not in pairs:
                pairs.add(pair)
                batch += attempts_of_one_trainee(*pair, rng, now)
        with transaction.atomic():
            Attempt.objects.bulk_create(batch, batch_size=1000)
            Certificate.objects.bulk_create(certificates_for(batch), batch_size=1000)
        made["attempts"] += len(batch)
        made["in progress"] += sum(a.status == Attempt.Status.IN_PROGRESS for a in batch)
        made["passed"] += sum(bool(a.passed) for a in batch)
        made["failed"] += sum(a.passed is False for a in batch)
    return made


def seed(args) -> tuple:
    """The organisation: trainees, one group, quizzes assigned to it, attempts."""
    rng = random.Random(args.random_seed)
    began = time.perf_counter()
    quizzes = seed_quizzes(args.quizzes, seed_passage())
    user_ids = seed_trainees(args.trainees, rng)
    group = seed_group("Whole organisation", user_ids)
    assignments = seed_assignments(group, quizzes)
    made = seed_attempts(user_ids, quizzes, args.attempts, rng)
    analyze()
    print(
        f"seeded {len(user_ids)} trainees in one group, {len(assignments)} assignments, "
        f"{made['attempts']} attempts ({made['passed']} passed with a certificate, "
        f"{made['failed']} failed, {made['in progress']} in progress) "
        f"in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    return user_ids, assignments


# --- Measuring ----------------------------------------------------------------------------


def admin_url(name: str, assignment) -> str:
    from django.urls import reverse

    return reverse(name, args=[assignment.pk])


def superuser_client():
    from django.contrib.auth.models import User
    from django.test import Client

    user = User.objects.create_superuser("bench-admin", "bench-admin@example.org", None)
    client = Client()
    client.force_login(user)
    return client


def get_page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "render"):
        response.render()


def timings_ms(run, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def count_queries(run) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def print_profile(run, lines: int = 18) -> None:
    profile = cProfile.Profile()
    profile.runcall(run)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(lines)
    print(out.getvalue())


def measure_report(client, assignment, args) -> None:
    """The completion report page, and its selector alone."""
    from quiz.organisations.selectors import completion_report

    url = admin_url("admin:quiz_assignment_report", assignment)
    label = f"report page {url}"

    def run():
        get_page(client, url)

    run()  # warm-up: templates, connection
    timings = timings_ms(run, args.repeat)
    ms = statistics.median(timings)
    queries = count_queries(run)
    selector_ms = statistics.median(timings_ms(lambda: completion_report(assignment), args.repeat))
    verdict = "within" if ms < 300 else "MISSES"
    print(
        f"1. {label}: {ms:.0f} ms (median of {args.repeat}; fastest {min(timings):.0f} ms), "
        f"{queries} SQL queries; {verdict} the 300 ms target. "
        f"completion_report() alone: {selector_ms:.0f} ms"
    )
    if args.profile:
        print_profile(run)


def stream_export(client, url: str) -> tuple[int, int]:
    """(rows, bytes) of the whole export, read chunk by chunk and thrown away."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    rows = size = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        size += len(chunk)
    response.close()
    return rows - 1, size  # the header line is not a row


def peak_while_streaming(client, url: str) -> float:
    """Peak of Python's allocations while streaming the export, in MiB above the start."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        stream_export(client, url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - start) / 2**20


def measure_export(client, assignment, small_assignment, args) -> None:
    """Time of streaming the whole export; its memory peak at the group and a smaller one."""
    url = admin_url("admin:quiz_assignment_report_export", assignment)
    stream_export(client, url)  # warm-up
    began = time.perf_counter()
    rows, size = stream_export(client, url)
    seconds = time.perf_counter() - began
    print(f"2. export {url}: {rows} rows, {size / 2**20:.1f} MiB in {seconds:.2f} s")
    for members, target in ((args.trainees, assignment), (args.small, small_assignment)):
        target_url = admin_url("admin:quiz_assignment_report_export", target)
        rows, size = stream_export(client, target_url)
        peak = peak_while_streaming(client, target_url)
        print(
            f"   {members} members: peak Python memory while streaming {peak:.1f} MiB "
            f"for an export of {size / 2**20:.2f} MiB ({rows} rows)"
        )
    if args.profile:
        print_profile(lambda: stream_export(client, url))


def measure_reminders(args) -> None:
    """record_due_reminders then enqueue_reminders, for every member and assignment."""
    from django.db.models import Count

    from quiz import clock
    from quiz.models import Reminder
    from quiz.organisations.services import record_due_reminders
    from quiz.organisations.tasks import enqueue_reminders

    now = clock.now()
    began = time.perf_counter()
    run, recorded = record_due_reminders(now=now)
    recorded_at = time.perf_counter()
    tasks = enqueue_reminders(run)
    done = time.perf_counter()
    total = done - began
    verdict = "within" if total < 30 else "MISSES"
    by_stage = Reminder.objects.values_list("stage").annotate(n=Count("pk")).order_by("stage")
    stages = ", ".join(f"{stage} {n}" for stage, n in by_stage)
    print(
        f"3. reminder run for {args.trainees} trainees, {args.quizzes} assignments: "
        f"recorded {recorded} reminders ({stages}) in {recorded_at - began:.1f} s, "
        f"enqueued {tasks} tasks in {done - recorded_at:.1f} s; total {total:.1f} s, "
        f"{verdict} the 30 s target"
    )
    began = time.perf_counter()
    if args.profile:
        print_profile(lambda: record_due_reminders(now=now))
    else:
        record_due_reminders(now=now)
    again = time.perf_counter() - began
    print(f"   the same run again, with everything already recorded: {again:.1f} s")


def smaller_assignment(user_ids: list[int], assignment, members: int):
    """The same quiz assigned to a group of the first `members` trainees, for the export's
    memory at another size. Deleted before the reminder run, which is for the whole group."""
    from quiz.models import Assignment

    group = seed_group("Part of the organisation", user_ids[:members])
    return Assignment.objects.create(
        group=group,
        quiz=assignment.quiz,
        due_on=assignment.due_on,
        time_zone=assignment.time_zone,
        renew_every_months=assignment.renew_every_months,
    )


def describe(assignment) -> str:
    renews = f", renewed every {assignment.renew_every_months} months"
    return (
        f"assignment {assignment.pk} ({assignment.quiz.slug}, due {assignment.due_on} "
        f"{assignment.time_zone}{renews if assignment.renew_every_months else ''})"
    )


def measured_assignment(assignments: list):
    """The assignment whose quiz has the most attempts: the report's heaviest page."""
    from django.db.models import Count

    from quiz.models import Assignment

    return (
        Assignment.objects.filter(pk__in=[a.pk for a in assignments])
        .select_related("quiz", "group")
        .annotate(attempts=Count("quiz__attempts"))
        .order_by("-attempts", "pk")
        .first()
    )


def open_empty_database(url: str) -> None:
    """Django set up on a new SQLite file, or on the PostgreSQL database given, emptied."""
    if url.startswith("sqlite:"):
        remove_sqlite_file(url)
    else:
        create_postgres_database(url)
    set_up_django(url)
    fresh_database(url)


def main() -> None:
    args = parse_arguments()
    open_empty_database(args.database)
    from django.db import connection

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"{os.cpu_count()} cores, load average {load}",
        flush=True,
    )
    user_ids, assignments = seed(args)
    assignment = measured_assignment(assignments)
    print(f"measured: {describe(assignment)}, {assignment.attempts} attempts at its quiz")
    client = superuser_client()
    measure_report(client, assignment, args)
    small = smaller_assignment(user_ids, assignment, args.small)
    analyze()
    measure_export(client, assignment, small, args)
    small.group.delete()  # the reminder run is for the whole organisation's group
    measure_reminders(args)


if __name__ == "__main__":
    main()
