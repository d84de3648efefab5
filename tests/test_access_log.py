"""gunicorn's access log, as `make serve` and a server run it, keeps no query string and
no referrer: a SCORM launch carries the learner's name in its query, a certificate lookup
its code."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.other_process  # gunicorn in its own process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_access_log_keeps_the_path_but_not_the_query_or_the_referrer(tmp_path):
    log = tmp_path / "access.log"
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(log),
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz?student_name=Ana+Lima&code=c0de",
            headers={"Referer": "https://lms.example/course?student_name=Ana+Lima"},
        )
        urllib.request.urlopen(request, timeout=5).read()
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = log.read_text().splitlines()
    assert '"GET /healthz HTTP/1.1" 200' in lines[-1]
    assert not [line for line in lines if "Ana" in line or "c0de" in line or "lms." in line]
