"""In-process cost of one whole quiz: requests, SQL queries and server time.

A trainee starts the 12-question quiz, submits an answer to every question and opens
the result, through Django's test client; the start answers with the questions. Prints
the median of several quizzes, the first one (which fills the worker's question pieces)
left out.
"""

import json
import random
import statistics
import time
from contextlib import nullcontext
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.names import QUESTION_COUNT, QUIZ_SLUG
from bench.take_page import quiz_form

# Encoded as a browser encodes a form without files (the test client's default is
# multipart, which is slower to read).
FORM = "application/x-www-form-urlencoded"


class Command(BaseCommand):
    help = "Complete the benchmark quiz in-process and print requests, queries and time."

    def add_arguments(self, parser):
        parser.add_argument("--quizzes", type=int, default=15)

    def handle(self, *args, quizzes, **options):
        user, _ = User.objects.get_or_create(username="bench-cost")
        client = Client()
        client.force_login(user)
        rng = random.Random(0)
        one_quiz(client, rng, count_queries=False)  # fills the worker's question pieces
        # Counted and timed apart: counting makes every query also format its SQL.
        counted = [one_quiz(client, rng, count_queries=True) for _ in range(quizzes)]
        timed = [one_quiz(client, rng, count_queries=False) for _ in range(quizzes)]
        result = {
            "quizzes": quizzes,
            "requests": statistics.median(r["requests"] for r in counted),
            "queries": statistics.median(r["queries"] for r in counted),
            "server_ms": round(statistics.median(r["ms"] for r in timed), 2),
            "queries_per_request": counted[-1]["per_request"],
            "statements": sorted(transaction_statements(counted[-1]["sql"])),
        }
        self.stdout.write(json.dumps(result))


def transaction_statements(sql: list[str]) -> list[str]:
    """BEGIN and COMMIT as SQLite sends them; PostgreSQL's are not in the count."""
    return [s for s in sql if s.split(" ")[0] in ("BEGIN", "COMMIT")]


def one_quiz(client: Client, rng: random.Random, *, count_queries: bool) -> dict:
    per_request, sql = [], []
    elapsed = 0.0

    def call(method, url, data=None, expect=(200,)):
        nonlocal elapsed
        capture = CaptureQueriesContext(connection) if count_queries else nullcontext([])
        with capture as queries:
            began = time.perf_counter()
            if method == "post":
                response = client.post(url, urlencode(data or {}, doseq=True), content_type=FORM)
            else:
                response = client.get(url)
            elapsed += time.perf_counter() - began
        if response.status_code not in expect:
            raise AssertionError(f"{method} {url} answered {response.status_code}")
        per_request.append(len(queries))
        sql.extend(query["sql"] for query in queries)
        return response

    start = call("post", f"/quizzes/{QUIZ_SLUG}/start/")
    form = quiz_form(start.content.decode())
    if len(form.question_fields) != QUESTION_COUNT:
        raise AssertionError(f"the take page has {len(form.question_fields)} questions")
    submitted = call("post", form.action, form.answers(rng), expect=(302,))
    call("get", submitted["Location"])
    return {
        "requests": len(per_request),
        "queries": sum(per_request),
        "ms": elapsed * 1000,
        "per_request": per_request,
        "sql": sql,
    }
