"""The browser tests find Chromium; without it they skip locally and fail in CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.e2e

PROBE = "tests/e2e/test_browser_presence.py::test_chromium_launches"


def test_chromium_launches(browser):
    assert browser.is_connected()
    page = browser.new_page()
    page.set_content("<p>ok</p>")
    assert page.inner_text("p") == "ok"
    page.close()


def run_probe_without_chromium(ci: bool) -> subprocess.CompletedProcess:
    """Run the probe in a fresh pytest with no Chromium to be found (SQLite, no database
    touched: the probe only asks for the browser)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "DATABASE_URL")}
    env["CHROMIUM_PATH"] = "/nonexistent/chromium"
    env["PATH"] = str(Path(sys.executable).parent)  # and so no chromium on the PATH
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", PROBE, "-p", "no:cacheprovider", "-rsE"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_chromium_the_tests_skip_locally_saying_how_to_install_it():
    result = run_probe_without_chromium(ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "apt-get install -y chromium" in result.stdout


def test_without_chromium_the_tests_fail_in_ci():
    result = run_probe_without_chromium(ci=True)
    assert result.returncode != 0, result.stdout
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert "apt-get install -y chromium" in result.stdout
