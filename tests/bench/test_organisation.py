"""bench/organisation.py runs end to end on a small organisation and prints its figures."""

import pytest

from tests.processes import run_python

pytestmark = pytest.mark.other_process


def test_the_organisation_benchmark_prints_the_report_export_and_reminder_figures(tmp_path):
    database = f"sqlite:///{tmp_path / 'organisation.sqlite3'}"
    sizes = ["--trainees", "40", "--quizzes", "3", "--attempts", "60", "--small", "10"]
    result = run_python("bench/organisation.py", "--database", database, *sizes, "--repeat", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout
    assert "seeded 40 trainees in one group, 3 assignments" in lines
    assert "1. report page /admin/quiz/assignment/" in lines and "7 SQL queries" in lines
    assert "2. export /admin/quiz/assignment/" in lines and "40 rows" in lines
    assert "3. reminder run for 40 trainees, 3 assignments: recorded" in lines
