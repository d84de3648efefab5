"""Running the project in a separate process, as another worker or a fresh server would."""

import os
import subprocess
import sys

from django.conf import settings
from time_machine import escape_hatch


def run_python(*args: str, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    """`python *args` in the project's folder, with the project's settings and none of
    this process's DJANGO_* or DATABASE_URL variables: only those given in `env`.

    The other process reads the real clock: a test that calls this must be marked
    other_process, which the shifted-clock run leaves out (tests/conftest.py)."""
    if escape_hatch.is_travelling():
        raise RuntimeError("The clock is moved here but would not be in the other process.")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "training.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
