"""xAPI's tasks: send queued statements, try again when a failure may pass, and queue
again what a dead worker left (quiz/outbox/delivery.py says how)."""

from django_tasks import task

from ..models import Statement
from ..outbox import delivery
from . import services

STATEMENTS_PER_TASK = 100


@task()
def send_statements(statement_ids: list[int]) -> int:
    sent = services.send_statements(statement_ids)
    send_when_due(statement_ids)
    return sent


def send_when_due(statement_ids: list[int]) -> None:
    """A task for the next try of those waiting for one: the queue tries again by itself."""
    if at := delivery.next_due(Statement, statement_ids):
        send_statements.using(run_after=at).enqueue(statement_ids)


def enqueue(statement_ids: list[int]) -> None:
    for start in range(0, len(statement_ids), STATEMENTS_PER_TASK):
        send_statements.enqueue(statement_ids[start : start + STATEMENTS_PER_TASK])


def send_soon(statements: list[Statement]) -> None:
    """Queue the sending in the caller's transaction: a rolled-back attempt queues
    nothing, and a committed one cannot lose its statements."""
    enqueue([statement.pk for statement in statements])


def requeue_forgotten() -> int:
    """Queue again the statements no worker took in time (quiz/outbox/delivery.py); how many."""
    return delivery.requeue_forgotten(Statement, enqueue)
