#!/usr/bin/env python3
"""Markdown tables from the JSON files bench/run.py wrote, for docs/BENCHMARKS.md.

.venv/bin/python bench/tables.py docs/bench/sqlite.json docs/bench/postgresql.json
"""

import json
import sys

FLOORS = ("fixed", "widgets", "loop")


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def row_cells(label: str, row: dict, rps: str) -> str:
    return (
        f"| {label} | {rps} | {ms(row['p50_ms'])} | {ms(row['p95_ms'])} | {ms(row['p99_ms'])} "
        f"| {row['errors']} |"
    )


def page_table(report: dict) -> str:
    alone = report["alone"]
    floors = {name: alone[name]["rps"] or 1 for name in FLOORS}
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | ÷ fixed | ÷ widgets | ÷ loop |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in alone.items():
        ratios = " | ".join(f"{row['rps'] / floors[f]:.2f}" for f in FLOORS)
        lines.append(row_cells(f"{name} (alone)", row, f"{row['rps']:.0f}") + f" {ratios} |")
    for label, path in report["paths"].items():
        for name, row in path["pages"].items():
            lines.append(row_cells(f"{name} ({label})", row, f"{row['rps']:.1f}") + " | | |")
    login = report["login"]
    lines.append(row_cells("login", login, f"{login['rps']:.1f}") + " | | |")
    return "\n".join(lines)


def summary(report: dict) -> str:
    check, cost, machine = report["check"], report["quiz_cost"], report["machine"]
    paths = "; ".join(
        f"{label}: {p['quizzes_completed']} quizzes in {p['seconds']} s "
        f"({p['quizzes_per_second']}/s)"
        for label, p in report["paths"].items()
    )
    return "\n".join(
        [
            f"- Run: {machine['date']}, commit {machine['commit']}, `{report['command']}`, "
            f"load average at start {machine['load_average'][0]}",
            f"- {report['trainees']} trainees, gunicorn {report['workers']} sync workers"
            + (", answers autosaved one by one while reading" if report.get("autosave") else ""),
            f"- Quizzes: {paths}",
            f"- Attempts: {check['submitted_seen_by_client']} submitted as seen by the client, "
            f"{check['submitted_in_database']} in the database; lost {check['lost']}, "
            f"duplicated {check['duplicated']}, not seen {check['in_database_but_not_seen']}, "
            f"without 12 responses {check['without_12_responses']}, "
            f"with an unanswered question {check['with_an_unanswered_question']}",
            f"- One whole quiz in-process (median of {cost['quizzes']}): {cost['requests']} "
            f"requests, {cost['queries']} SQL queries (per request {cost['queries_per_request']}), "
            f"{cost['server_ms']} ms",
        ]
    )


def main() -> None:
    for name in sys.argv[1:]:
        with open(name) as file:
            report = json.load(file)
        print(f"### {report['label']}\n\n{summary(report)}\n\n{page_table(report)}\n")


if __name__ == "__main__":
    main()
