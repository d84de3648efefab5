"""Writes of xAPI: each statement a row written in the attempt's own transaction, sent by a
worker (tasks.py) through the outbox's delivery rules, so no page waits for the LRS or
fails when it is down."""

import uuid

import requests

from .. import clock
from ..models import Statement
from ..outbox import delivery
from . import lrs, statements


def record_started(attempt) -> list[Statement]:
    return record(attempt.user, [statements.launched(attempt)])


def record_submitted(attempt, sheet, answers) -> list[Statement]:
    """A statement for each question answered (one left blank was not), then "completed"
    and "passed" or "failed"."""
    bodies = [
        statements.answered(attempt, sq.question, sq.response.points)
        for sq in sheet
        if answers.of(sq)
    ]
    bodies += [statements.completed(attempt), statements.passed_or_failed(attempt)]
    return record(attempt.user, bodies)


def record(user, bodies: list[dict]) -> list[Statement]:
    """The statements as rows, in one INSERT, in the order given."""
    return Statement.objects.bulk_create(as_row(user, body) for body in bodies)


def as_row(user, body: dict) -> Statement:
    statement_id = uuid.uuid4()
    verb = body["verb"]["id"].rsplit("/", 1)[-1]
    return Statement(
        statement_id=statement_id, verb=verb, user=user, body={"id": str(statement_id), **body}
    )


def send_statements(statement_ids: list[int]) -> int:
    """Send the statements among these that are due and nobody else has claimed, oldest
    first; how many went. When the LRS is down or busy, the rest wait with the one that
    found it so, untried, rather than each waiting out the timeout in turn."""
    rows = list(
        Statement.objects.filter(delivery.due(clock.now()), pk__in=statement_ids).order_by(
            "created_at", "pk"
        )
    )
    sent = 0
    with requests.Session() as session:
        for position, row in enumerate(rows):
            if not delivery.claim(row, clock.now()):
                continue
            delivery.settle(row, clock.now(), lrs.put(session, row))
            sent += row.state == Statement.State.SENT
            if row.state == Statement.State.QUEUED:
                wait_with(rows[position + 1 :], row.next_try_at)
                break
    return sent


def wait_with(rows: list[Statement], later) -> None:
    Statement.objects.filter(pk__in=[row.pk for row in rows], state=Statement.State.QUEUED).update(
        next_try_at=later
    )
