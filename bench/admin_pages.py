"""Query count and render time of the admin's result pages on a large database.

Fill a separate database first, then run this against it, e.g.:

    export DATABASE_URL=sqlite:////tmp/issue3-bench.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py build_questions
    .venv/bin/python manage.py seed_attempts --settings bench.settings \
        --count 100000 --quiz component-roles
    .venv/bin/python bench/admin_pages.py

For the item-analysis report alone (its summary rows are filled by seed_attempts), at
1,000,000 attempts: `seed_attempts --count 1000000`, then `admin_pages.py --report-only`.

It prints, per page, the SQL queries it runs and its render time (median of --repeat
runs after one warm-up), the query plans of the changelist's queries, and the time and
peak memory of streaming the whole CSV export. It is a measurement, not a test.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quiz.models import (  # noqa: E402
    Attempt,
    DailyPicks,
    DailyQuestionStats,
    DailyScores,
    DailyTrainees,
    Quiz,
)

REVIEWER_GROUP = "Training reviewer"


def client_for(username: str, *, superuser: bool) -> Client:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, f"{username}@example.org", is_staff=True)
        user.is_superuser = superuser
        user.save()
        if not superuser:
            user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, url: str, repeat: int) -> tuple[int, float, list[dict]]:
    """(queries, median milliseconds, captured queries) of rendering the page."""
    client.get(url)  # warm-up: template loading, connection setup
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            elif hasattr(response, "render"):
                response.render()
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(captured), statistics.median(timings), captured.captured_queries


def explain(sql: str) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return [" | ".join(str(col) for col in row) for row in cursor.fetchall()]


def export_run(client: Client, url: str) -> tuple[int, float, float]:
    """(rows, seconds, growth of the process's peak memory in MiB) of streaming the export.

    The peak resident size only grows if the export holds more at once than anything
    before it (the warm-up pages); a streamed export should leave it nearly unchanged.
    """
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    response = client.get(url)
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    seconds = time.perf_counter() - began
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rows, seconds, (peak_after - peak_before) / 1024


def report_pages(report: str, last: date) -> list[tuple[str, str]]:
    """The item-analysis report over periods of every length, ending on the last day."""
    month = last.replace(day=1)
    previous_month = (month - timedelta(1)).replace(day=1)
    return [
        ("report", report),
        ("report, this month", f"{report}?submitted_from={month}"),
        (
            "report, last month",
            f"{report}?submitted_from={previous_month}&submitted_to={month - timedelta(1)}",
        ),
        ("report, 90 days", f"{report}?submitted_from={last - timedelta(89)}"),
        ("report, one day", f"{report}?submitted_from={last}&submitted_to={last}"),
    ]


def print_summary_rows(quiz: Quiz) -> None:
    """How many summary rows the report adds up: they grow with days, not attempts."""
    models = [DailyScores, DailyTrainees, DailyQuestionStats, DailyPicks]
    sizes = ", ".join(f"{m.__name__} {m.objects.filter(quiz=quiz).count()}" for m in models)
    print(f"summary rows: {sizes}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiz", default="component-roles")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-export", action="store_true", help="Skip the CSV export.")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Only the item-analysis report: all attempts, a month, 90 days, a day.",
    )
    args = parser.parse_args()

    quiz = Quiz.objects.get(slug=args.quiz)
    total = Attempt.objects.count()
    latest = Attempt.objects.exclude(submitted_at=None).latest("submitted_at")
    some = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED).first()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"attempts: {total}, of quiz {quiz.slug}: {quiz.attempts.count()}")

    changelist = "/admin/quiz/attempt/"
    report = f"/admin/quiz/attempt/item-analysis/{quiz.pk}/"
    year, month = latest.submitted_at.year, latest.submitted_at.month
    pages = [
        ("changelist", changelist),
        ("changelist, filtered", f"{changelist}?quiz__id__exact={quiz.pk}&passed__exact=0"),
        (
            "changelist, a month",
            f"{changelist}?submitted_at__year={year}&submitted_at__month={month}",
        ),
        ("changelist, search", f"{changelist}?q={some.user.username}"),
        ("changelist, by time taken", f"{changelist}?o=7"),
        ("changelist, last page", f"{changelist}?p={total // 50}"),
        ("attempt page", f"{changelist}{some.pk}/change/"),
        ("report", report),
        (
            "report, this month",
            f"{report}?submitted_from={latest.submitted_at.date().replace(day=1)}",
        ),
    ]
    if args.report_only:
        pages = report_pages(report, latest.submitted_at.date())
        args.no_export = True
        print_summary_rows(quiz)
    for who, client in [
        ("admin", client_for("bench-admin", superuser=True)),
        ("reviewer", client_for("bench-reviewer", superuser=False)),
    ]:
        print(f"\n{who}: page, queries, median ms of {args.repeat}")
        for name, url in pages:
            queries, ms, captured = measure(client, url, args.repeat)
            print(f"  {name:28} {queries:3d} queries {ms:9.1f} ms   {url}")
            if who == "admin" and name in ("changelist", "changelist, filtered"):
                plans = [q["sql"] for q in captured if "quiz_attempt" in q["sql"]]
                page_plans = plans if name == "changelist" else plans[-1:]
                for sql in page_plans:
                    print(f"      {sql[:150]}{'…' if len(sql) > 150 else ''}")
                    for line in explain(sql):
                        print(f"        plan: {line}")

    if not args.no_export:
        client = client_for("bench-admin", superuser=True)
        rows, seconds, growth = export_run(client, f"{changelist}export/")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"\nCSV export of every attempt: {rows} rows in {seconds:.1f} s; "
            f"peak memory of the process grew by {growth:.1f} MiB (to {peak:.0f} MiB)"
        )


if __name__ == "__main__":
    main()
