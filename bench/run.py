#!/usr/bin/env python3
"""Load benchmark: trainees taking a 12-question quiz on gunicorn, against three floors.

    .venv/bin/python bench/run.py [--database URL] [--redis URL] [--trainees 64] ...

It makes a fresh database (a SQLite file in var/bench/, or empties the PostgreSQL
database given), N trainees and a quiz of 12 questions, runs collectstatic and starts
gunicorn on 127.0.0.1 with the production settings plus the floor pages
(bench/settings.py: debug off, whitenoise, throwaway secret key), then:

1. logs every trainee in (login form, then POST, through django-axes);
2. has them all take the quiz over and over (quiz list, start, submit, result), first
   reading the questions for a while, then with no pause at all, for a bounded time and
   number of quizzes; the start answers with the questions;
   with --autosave, answers are also saved one by one as the take page's script does;
3. loads each page alone, every trainee at once, for a few seconds: the three floors
   (bench/floors.py), the take page, the quiz list and the result page;
4. stops gunicorn and checks that every attempt the client saw submitted is in the
   database exactly once (manage.py bench_check);
5. completes whole quizzes in-process to count requests, SQL queries and server time
   (manage.py bench_quiz_cost).

It prints requests per second, p50/p95/p99 latency and errors per page, each page's
throughput as a share of each floor's, and writes the figures and a chart (JSON, SVG)
to the --out folder. Every loop is bounded in time and count; traffic stays on 127.0.0.1.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chart import write_chart  # noqa: E402
from bench.names import OPEN_QUIZ_SLUG, QUESTION_COUNT, QUIZ_SLUG, username  # noqa: E402
from bench.take_page import QuizForm, csrf_token, quiz_form  # noqa: E402

PYTHON = sys.executable
HOST = "127.0.0.1"  # loopback only: the server binds here and the client connects here
PASSWORD = "bench-not-a-secret-1"  # noqa: S105 - throwaway trainees in a throwaway database
FLOORS = {"fixed": "/bench/fixed/", "widgets": "/bench/widgets/", "loop": "/bench/loop/"}
REQUEST_TIMEOUT = 60.0  # seconds; gunicorn's own worker timeout is 30
START_URL = f"/quizzes/{QUIZ_SLUG}/start/"
OPEN_START_URL = f"/quizzes/{OPEN_QUIZ_SLUG}/start/"


# --- Measuring ---------------------------------------------------------------------


@dataclass
class Page:
    """Latencies and errors of one page in one phase."""

    name: str
    latencies: list[float] = field(default_factory=list)  # milliseconds, successes only
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the phase lasted

    def fail(self, why: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(why[:300])

    def percentile(self, share: float) -> float | None:
        ordered = sorted(self.latencies)
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))], 1)

    def summary(self) -> dict:
        count = len(self.latencies)
        return {
            "requests": count + self.errors,
            "errors": self.errors,
            "rps": round(count / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": self.percentile(0.50),
            "p95_ms": self.percentile(0.95),
            "p99_ms": self.percentile(0.99),
            "error_samples": self.error_samples,
        }


async def timed(page: Page, client, method: str, url: str, expect: tuple, **kwargs):
    """One request; its latency goes to `page` if it answers one of `expect`, else an error."""
    began = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        page.fail(f"{method} {url}: {error!r}")
        return None
    took = (time.perf_counter() - began) * 1000
    if response.status_code not in expect:
        page.fail(f"{method} {url}: {response.status_code} {response.text[:200]!r}")
        return None
    page.latencies.append(took)
    return response


# --- What a trainee does -------------------------------------------------------------


@dataclass
class Trainee:
    username: str
    client: httpx.AsyncClient
    open_attempt: str = ""  # take page of an attempt in progress, for the take phase
    last_result: str = ""


def quiz_form_or_none(page: str) -> QuizForm | None:
    try:
        return quiz_form(page)
    except ValueError:
        return None


async def log_in(trainee: Trainee, page: Page) -> bool:
    form = await timed(page, trainee.client, "GET", "/accounts/login/", (200,))
    if form is None:
        return False
    data = {
        "username": trainee.username,
        "password": PASSWORD,
        "csrfmiddlewaretoken": csrf_token(form.text),
    }
    # 429 is django-axes' lockout page: reported as an error with its text.
    done = await timed(page, trainee.client, "POST", "/accounts/login/", (302,), data=data)
    return done is not None


async def start_quiz(trainee: Trainee, listing: str, page: Page, url: str = START_URL):
    """Press a quiz's start button: the answer is the page of questions."""
    return await timed(
        page,
        trainee.client,
        "POST",
        url,
        (200,),
        data={"csrfmiddlewaretoken": csrf_token(listing)},
    )


async def autosave(
    trainee: Trainee, page: Page, form: QuizForm, answers: dict, rng, think: float
) -> bool:
    """What autosave.js does while a trainee answers: the whole form, after each answer.

    The questions are answered one by one over the reading time; each change posts the
    answers so far to the save URL, as JSON-accepting fetch, with the form's CSRF token.
    """
    fields = form.question_fields
    headers = {
        "Accept": "application/json",
        "X-CSRFToken": form.hidden.get("csrfmiddlewaretoken", ""),
    }
    for count in range(1, len(fields) + 1):
        await asyncio.sleep(think * rng.uniform(0.5, 1.5) / len(fields))
        data = {**form.hidden, **{name: answers[name] for name in fields[:count]}}
        saved = await timed(
            page, trainee.client, "POST", form.save_url, (200,), data=data, headers=headers
        )
        if saved is None:
            return False
    return True


async def take_quiz(
    trainee: Trainee, pages: dict[str, Page], rng, submitted: list, think: float, saves: bool
) -> bool:
    """Quiz list, start, submit every answer, result; True if the result page came.

    A trainee reads for about `think` seconds before submitting, and glances at the
    other pages for a tenth of that; with 0, the requests follow each other at once.
    With `saves`, the answers are saved one by one while reading, as autosave.js does.
    """
    client = trainee.client
    listing = await timed(pages["list"], client, "GET", "/quizzes/", (200,))
    if listing is None:
        return False
    if START_URL not in listing.text:
        pages["list"].fail("no start button for the quiz")
        return False
    await asyncio.sleep(think * rng.uniform(0.05, 0.15))
    take = await start_quiz(trainee, listing.text, pages["start"])
    if take is None:
        return False
    form = quiz_form_or_none(take.text)
    if form is None or len(form.question_fields) != QUESTION_COUNT:
        count = len(form.question_fields) if form else 0
        pages["start"].fail(f"the take page has {count} questions, not {QUESTION_COUNT}")
        return False
    answers = form.answers(rng)
    if saves and form.save_url:
        if not await autosave(trainee, pages["save"], form, answers, rng, think):
            return False
    else:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    done = await timed(pages["submit"], client, "POST", form.action, (302,), data=answers)
    if done is None:
        return False
    result_url = done.headers["location"]
    if result_url != f"/attempts/{form.attempt_id}/result/":
        pages["submit"].fail(f"submit went to {result_url}")
        return False
    submitted.append((trainee.username, form.attempt_id))
    result = await timed(pages["result"], client, "GET", result_url, (200,))
    if result is None or "Result:" not in result.text:
        return False
    trainee.last_result = result_url
    await asyncio.sleep(think * rng.uniform(0.05, 0.15))
    return True


async def open_one_attempt(trainee: Trainee, page: Page) -> None:
    """Start an attempt at the other quiz and leave it open: the take phase reloads its page."""
    listing = await timed(page, trainee.client, "GET", "/quizzes/", (200,))
    if listing is None:
        return
    take = await start_quiz(trainee, listing.text, page, url=OPEN_START_URL)
    if take is not None:
        form = quiz_form_or_none(take.text)
        trainee.open_attempt = form.action if form else ""


# --- Phases --------------------------------------------------------------------------

PATH_PAGES = ("list", "start", "save", "submit", "result")


async def run_path(trainees, seconds: float, think: float, args) -> tuple[dict, list, int]:
    """Every trainee takes the quiz again and again until --rounds or `seconds` is reached."""
    pages = {name: Page(name) for name in PATH_PAGES}
    submitted: list = []
    completed = 0
    deadline = time.perf_counter() + seconds

    async def trainee_loop(trainee: Trainee, seed: int) -> None:
        nonlocal completed
        rng = random.Random(seed)
        await asyncio.sleep(rng.uniform(0, think))  # trainees arrive over a while, not at once
        for _ in range(args.rounds):
            if time.perf_counter() > deadline:
                return
            if await take_quiz(trainee, pages, rng, submitted, think, args.autosave):
                completed += 1

    began = time.perf_counter()
    await asyncio.gather(*(trainee_loop(t, n) for n, t in enumerate(trainees)))
    elapsed = time.perf_counter() - began
    for page in pages.values():
        page.seconds = elapsed
    return pages, submitted, completed


def raw_request(trainee: Trainee, path: str) -> bytes:
    """A GET as the trainee's browser sends it, cookies included, ready to write."""
    cookies = "; ".join(f"{name}={value}" for name, value in trainee.client.cookies.items())
    host = trainee.client.base_url.netloc.decode()
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
    ).encode()


async def raw_get(page: Page, port: int, request: bytes, marker: bytes) -> None:
    """Send one request on a new connection and read the answer to its end.

    gunicorn's sync workers close every connection after one response, so a bare
    socket is all it takes: the client then spends little of the cores it shares with
    the server (httpx took more CPU per request than the pages it measured).
    """
    began = time.perf_counter()
    try:
        answer = await asyncio.wait_for(exchange(port, request), REQUEST_TIMEOUT)
    except (OSError, TimeoutError) as error:
        page.fail(repr(error))
        return
    took = (time.perf_counter() - began) * 1000
    if answer[9:12] != b"200" or marker not in answer:
        page.fail(answer[:300].decode(errors="replace"))
        return
    page.latencies.append(took)


async def exchange(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(request)
        return await reader.read()
    finally:
        writer.close()


async def hammer(page: Page, requests: list[bytes], marker: bytes, seconds: float, args) -> None:
    """Every trainee loads one page again and again for `seconds`; adds to `page`."""
    deadline = time.perf_counter() + seconds
    sent = 0

    async def loop(request: bytes) -> None:
        nonlocal sent
        while time.perf_counter() < deadline and sent < args.max_requests:
            sent += 1
            await raw_get(page, args.port, request, marker)

    began = time.perf_counter()
    await asyncio.gather(*(loop(r) for r in requests))
    page.seconds += time.perf_counter() - began


async def load_alone(trainees, targets: dict, args) -> dict[str, Page]:
    """Each page alone, all trainees at once, in turns: a slice of each page, then again.

    Taking turns spreads whatever else the machine is doing over all pages alike, so
    that their ratios hold even when the absolute figures wobble.
    """
    pages = {name: Page(name) for name in targets}
    requests = {
        name: [raw_request(t, url_of(t)) for t in trainees] for name, (url_of, _) in targets.items()
    }
    for name, (_, marker) in targets.items():  # warm-up, not counted but for its errors
        warm = Page(name)
        await asyncio.gather(*(raw_get(warm, args.port, r, marker) for r in requests[name]))
        pages[name].errors += warm.errors
        pages[name].error_samples += warm.error_samples
    for _ in range(args.turns):
        for name, (_, marker) in targets.items():
            await hammer(pages[name], requests[name], marker, args.seconds / args.turns, args)
    return pages


def path_report(think: float, pages: dict, completed: int) -> dict:
    seconds = pages["list"].seconds
    return {
        "think_seconds": think,
        "seconds": round(seconds, 1),
        "quizzes_completed": completed,
        "quizzes_per_second": round(completed / seconds, 1) if seconds else 0.0,
        "pages": {
            name: page.summary() for name, page in pages.items() if page.latencies or page.errors
        },
    }


def refresh_statistics(env: dict) -> None:
    """ANALYZE, as PostgreSQL's autovacuum does when tables grow.

    This machine's PostgreSQL runs with autovacuum off, so without this its planner keeps
    the statistics of the empty tables the run began with, and may scan every trainee's
    selections to read one attempt. SQLite's planner reads the same statistics.
    """
    analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    manage(env, "shell", "-c", analyze)


async def drive(base_url: str, usernames: list[str], args, env: dict) -> dict:
    timeout = httpx.Timeout(REQUEST_TIMEOUT)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits) for _ in usernames
    ]
    trainees = [Trainee(name, client) for name, client in zip(usernames, clients, strict=True)]
    try:
        report: dict = {}
        login = Page("login")
        began = time.perf_counter()
        logged_in = await asyncio.gather(*(log_in(t, login) for t in trainees))
        login.seconds = time.perf_counter() - began
        report["login"] = login.summary()
        if not all(logged_in):
            raise SystemExit(f"Some trainees could not log in: {login.error_samples}")
        print(f"  logged in {len(trainees)} trainees in {login.seconds:.1f} s", flush=True)

        report["submitted"] = []
        report["paths"] = {}
        # First as trainees who read the questions, then with no pause at all: the most
        # this machine can do, and the latency when every trainee waits on it at once.
        for label, think, seconds in (
            ("reading", args.think, args.path_seconds),
            ("no pause", 0.0, args.saturation_seconds),
        ):
            await asyncio.to_thread(refresh_statistics, env)
            pages, submitted, completed = await run_path(trainees, seconds, think, args)
            report["paths"][label] = path_report(think, pages, completed)
            report["submitted"] += submitted
            print(f"  {label}: {completed} quizzes in {pages['list'].seconds:.1f} s", flush=True)

        opening = Page("open")
        await asyncio.gather(*(open_one_attempt(t, opening) for t in trainees))
        if opening.errors or not all(t.open_attempt and t.last_result for t in trainees):
            raise SystemExit(
                f"Could not open an attempt for every trainee: {opening.error_samples}"
            )

        await asyncio.to_thread(refresh_statistics, env)
        # Each page is checked for a mark of its own, so that an error page is not counted.
        targets = {
            "fixed": (lambda t: FLOORS["fixed"], b"</html>"),
            "widgets": (lambda t: FLOORS["widgets"], b"Submit answers"),
            "loop": (lambda t: FLOORS["loop"], b"Submit answers"),
            "take": (lambda t: t.open_attempt, b"Submit all and finish"),
            "list": (lambda t: "/quizzes/", b"<h1>Quizzes</h1>"),
            "result": (lambda t: t.last_result, b"Result:"),
        }
        alone = await load_alone(trainees, targets, args)
        for name, page in alone.items():
            print(f"  {name}: {page.summary()['rps']} req/s alone", flush=True)
        report["alone"] = {name: page.summary() for name, page in alone.items()}
        return report
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


# --- The server and the database ------------------------------------------------------


def manage(env: dict, *arguments: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=False,
        text=True,
        capture_output=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def last_json_line(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def fresh_database(env: dict, database: str) -> None:
    """A new SQLite file, or the PostgreSQL database migrated and emptied."""
    if database.startswith("sqlite:"):
        path = Path(database.split(":///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
    else:
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "flush", "--noinput", "--verbosity", "0")


def prepare(env: dict, args) -> None:
    """Database, content, trainees, static files and an empty cache, before gunicorn starts."""
    fresh_database(env, args.database)
    manage(env, "build_questions", "--verbosity", "0")
    manage(env, "bench_prepare", "--trainees", str(args.trainees), "--password", PASSWORD)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    # Whatever a cache holds from an earlier run (Redis, or the file cache in var/cache)
    # would make this run's first pages cheaper than the last run's.
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def wait_until_up(base_url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            if httpx.get(base_url + FLOORS["fixed"], timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s.")


def check_floors(base_url: str) -> None:
    """The widget floor and the loop floor must be the very same HTML, or the ratio lies."""
    widgets = httpx.get(base_url + FLOORS["widgets"], timeout=REQUEST_TIMEOUT).content
    loop = httpx.get(base_url + FLOORS["loop"], timeout=REQUEST_TIMEOUT).content
    if widgets != loop:
        raise SystemExit("The widgets and loop floors differ; fix bench/templates/bench/.")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "commit": commit,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # Other work on the machine when the run began (a shared machine makes it noisy).
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# --- Report --------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return f"{value:9.1f}" if value is not None else f"{'-':>9}"


def print_report(report: dict) -> None:
    alone = report["alone"]
    floors = {name: alone[name]["rps"] for name in FLOORS}
    print()
    print(f"{report['label']}: {report['trainees']} trainees, gunicorn {report['workers']} workers")
    header = f"{'page':<20}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    header += "".join(f"{'/' + name:>10}" for name in FLOORS)
    print(header)
    rows = [(f"{name} (alone)", alone[name]) for name in alone]
    for path_label, path in report["paths"].items():
        rows += [(f"{name} ({path_label})", row) for name, row in path["pages"].items()]
    rows.append(("login", report["login"]))
    for label, row in rows:
        line = f"{label:<20}{row['rps']:>9.1f}{ms(row['p50_ms'])}{ms(row['p95_ms'])}"
        line += f"{ms(row['p99_ms'])}{row['errors']:>8}"
        if label.endswith("(alone)"):
            line += "".join(f"{row['rps'] / (floors[f] or 1):>10.2f}" for f in FLOORS)
        print(line)
    check, cost = report["check"], report["quiz_cost"]
    for path_label, path in report["paths"].items():
        print(
            f"{path_label} ({path['think_seconds']} s on the questions): "
            f"{path['quizzes_completed']} quizzes in {path['seconds']} s, "
            f"{path['quizzes_per_second']} quizzes/s"
        )
    print(
        f"attempts: {check['submitted_seen_by_client']} seen submitted, "
        f"{check['submitted_in_database']} in the database, lost {check['lost']}, "
        f"duplicated {check['duplicated']}, not seen {check['in_database_but_not_seen']}, "
        f"with an unanswered question {check['with_an_unanswered_question']}"
    )
    print(
        f"one whole quiz in-process (median of {cost['quizzes']}): {cost['requests']} requests, "
        f"{cost['queries']} SQL queries {cost['queries_per_request']}, {cost['server_ms']} ms"
    )
    for label, row in rows:
        for sample in row["error_samples"]:
            print(f"error, {label}: {sample}")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}",
        help="sqlite:///file (made afresh) or postgres://... (EMPTIED: give it its own database)",
    )
    parser.add_argument("--redis", default="", help="REDIS_URL for the cache, e.g. db 5")
    parser.add_argument("--trainees", type=int, default=64)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: its config)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seconds", type=float, default=12, help="per page loaded alone")
    parser.add_argument("--turns", type=int, default=6, help="slices of --seconds per page")
    parser.add_argument("--path-seconds", type=float, default=40, help="trainees who read")
    parser.add_argument("--think", type=float, default=3.0, help="seconds on the questions")
    parser.add_argument("--saturation-seconds", type=float, default=25, help="with no pause")
    parser.add_argument("--rounds", type=int, default=25, help="quizzes per trainee, at most")
    parser.add_argument("--max-requests", type=int, default=50000, help="per page alone, at most")
    parser.add_argument(
        "--autosave",
        action="store_true",
        help="save the answers one by one while reading, as the take page's script does",
    )
    parser.add_argument("--label", default="")
    parser.add_argument("--out", default=str(ROOT / "docs" / "bench"))
    return parser.parse_args()


def bench_environment(args) -> dict:
    """The production settings' environment, plus the floors; nothing from the caller's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",  # plain HTTP on 127.0.0.1, as `make serve`
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
        "DATABASE_URL": args.database,
        "GUNICORN_BIND": f"{HOST}:{args.port}",
    }
    if args.redis:
        env["REDIS_URL"] = args.redis
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def main() -> None:
    args = parse_arguments()
    vendor = "sqlite" if args.database.startswith("sqlite:") else "postgresql"
    label = args.label or vendor + ("-redis" if args.redis else "")
    env = bench_environment(args)
    base_url = f"http://{HOST}:{args.port}"
    if not port_is_free(args.port):
        raise SystemExit(f"Something already listens on {HOST}:{args.port}; pick another --port.")

    started = machine()  # before this run adds to the machine's load
    print(f"Preparing {label}: fresh database, content, {args.trainees} trainees", flush=True)
    prepare(env, args)
    usernames = [username(n) for n in range(args.trainees)]

    # gunicorn.conf.py as `make serve` uses it.
    command = [str(Path(PYTHON).parent / "gunicorn")]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(base_url, server)
        check_floors(base_url)
        print(f"gunicorn is up on {base_url}", flush=True)
        report = asyncio.run(drive(base_url, usernames, args, env))
    finally:
        stop(server)

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(report.pop("submitted"), file)
    try:
        report["check"] = last_json_line(manage(env, "bench_check", file.name))
    finally:
        Path(file.name).unlink()
    report["quiz_cost"] = last_json_line(manage(env, "bench_quiz_cost"))
    workers = args.workers or int(env.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
    report |= {"label": label, "trainees": args.trainees, "workers": workers, "machine": started}
    report["command"] = "bench/run.py " + " ".join(sys.argv[1:])
    report["autosave"] = args.autosave

    print_report(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{label}.json").write_text(json.dumps(report, indent=2) + "\n")
    write_chart(report, out / f"{label}.svg")
    print(f"Figures in {out / (label + '.json')}, chart in {out / (label + '.svg')}")
    rows = [report["login"], *report["alone"].values()]
    rows += [row for path in report["paths"].values() for row in path["pages"].values()]
    errors = sum(row["errors"] for row in rows)
    if errors or not report["check"]["ok"]:
        sys.exit(f"FAILED: {errors} errors; attempts check: {report['check']}")


if __name__ == "__main__":
    main()
