"""A real LRS, ralph (ralph-malph, its file-system backend), started once for the module:
it holds a statement per event of the attempts taken, each valid by its xAPI models, and a
statement sent again is still held once."""

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import bcrypt
import pytest
import requests
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph.models.xapi.concepts.verbs.adl_vocabulary import AnsweredVerb
from ralph.models.xapi.concepts.verbs.scorm_profile import CompletedVerb

from quiz.models import Attempt, Statement
from quiz.xapi import statements, tasks
from tests.conftest import logged_in
from tests.factories import answer_form, make_user, small_quiz
from tests.worker import run_worker

pytestmark = pytest.mark.other_process

USERNAME, PASSWORD = "training", "a password for the test LRS"
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_auth_file(path) -> None:
    """Ralph's users: one, allowed everything, its password hashed with bcrypt."""
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    agent = {"mbox": "mailto:lrs-writer@example.org"}
    user = {"agent": agent, "scopes": ["all"], "hash": hashed, "username": USERNAME}
    path.write_text(json.dumps([user]))


def wait_until_up(process: subprocess.Popen, url: str, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ralph stopped at start:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/__heartbeat__", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"ralph did not answer in {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    """ralph's LRS on a free port, storing in a folder of its own; its xAPI endpoint."""
    folder = tmp_path_factory.mktemp("ralph")
    write_auth_file(folder / "auth.json")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder),
        "RALPH_AUTH_FILE": str(folder / "auth.json"),
    }
    port = free_port()
    log = folder / "ralph.log"
    command = [sys.executable, str(Path(__file__).with_name("ralph_server.py")), str(port)]
    with open(log, "w") as out:
        # In its folder, so that no .env of the project's is read as ralph's settings.
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url, log)
        yield f"{url}/xAPI"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def to_ralph(ralph, settings):
    settings.XAPI_ENDPOINT = ralph
    settings.XAPI_USERNAME, settings.XAPI_PASSWORD = USERNAME, PASSWORD
    return ralph


def held(endpoint: str, **query) -> list[dict]:
    """The statements the LRS holds, as it gives them back."""
    answer = requests.get(
        f"{endpoint}/statements",
        params={"limit": 100, **query},
        auth=(USERNAME, PASSWORD),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()["statements"]


def take(client, quiz, *, right: bool) -> Attempt:
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.latest("pk")
    client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right))
    return Attempt.objects.get(pk=attempt.pk)


def test_the_lrs_holds_a_valid_statement_per_event(to_ralph, db):
    quiz = small_quiz()
    passed = take(logged_in(make_user("ana")), quiz, right=True)
    failed = take(logged_in(make_user("ben")), quiz, right=False)
    run_worker()

    assert set(Statement.objects.values_list("state", flat=True)) == {"sent"}
    ours = {str(row.statement_id): row for row in Statement.objects.all()}
    stored = [s for s in held(to_ralph) if s["id"] in ours]
    assert len(stored) == len(ours) == 10
    by_verb = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in stored)
    assert by_verb == {"launched": 2, "answered": 4, "completed": 2, "passed": 1, "failed": 1}

    for statement in stored:
        BaseXapiStatement.model_validate(statement)
        verb = statement["verb"]["id"]
        if verb.endswith("/answered"):
            AnsweredVerb.model_validate(statement["verb"])
        if verb.endswith("/completed"):
            CompletedVerb.model_validate(statement["verb"])
        row = ours[statement["id"]]
        assert statement["actor"]["account"]["name"] == str(row.user_id)
        assert statement["object"] == row.body["object"]

    for attempt in (passed, failed):
        registration = str(statements.registration(attempt))
        assert len(held(to_ralph, registration=registration)) == 5
    scaled = {
        s["verb"]["display"]["en-US"]: s["result"]["score"]["scaled"]
        for s in stored
        if s["verb"]["id"].endswith(("/passed", "/failed"))
    }
    assert scaled == {"passed": 1.0, "failed": 0.0}


def test_a_statement_sent_again_is_held_once(to_ralph, db):
    """As when a worker died after the LRS stored them and before their rows said so."""
    take(logged_in(make_user("cai")), small_quiz(), right=True)
    run_worker()
    before = len(held(to_ralph))
    Statement.objects.update(state=Statement.State.QUEUED)
    tasks.enqueue(list(Statement.objects.values_list("pk", flat=True)))
    run_worker()
    assert set(Statement.objects.values_list("state", flat=True)) == {"sent"}
    assert Statement.objects.filter(tries=2).count() == 5
    assert len(held(to_ralph)) == before
