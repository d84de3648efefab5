"""bench/learning.py runs end to end on a small organisation and prints its figures."""

import pytest

from tests.processes import run_python

pytestmark = pytest.mark.other_process


def test_the_learning_benchmark_prints_the_refresher_run_and_report_figures(tmp_path):
    database = f"sqlite:///{tmp_path / 'learning.sqlite3'}"
    sizes = ["--trainees", "30", "--attempts", "100", "--repeat", "1"]
    result = run_python("bench/learning.py", "--database", database, *sizes)
    assert result.returncode == 0, result.stderr
    lines = result.stdout
    assert "seeded 30 trainees, 100 attempts (30 passes), 300 gain rows" in lines
    assert "1. refresher run for 30 trainees: recorded 30 refreshers" in lines
    assert "the same run again: 0 recorded" in lines
    assert "2. worker: 30 refreshers drawn and queued as mail" in lines
    assert "3. learning report: median" in lines and "8 queries" in lines
