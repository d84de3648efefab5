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
    delivery.try_again_when_due(send_statements, Statement, statement_ids)
    return sent


def enqueue(statement_ids: list[int]) -> None:
    delivery.enqueue_in_batches(send_statements, statement_ids, STATEMENTS_PER_TASK)


def send_soon(statements: list[Statement]) -> None:
    """Queue the sending in the caller's transaction: a rolled-back attempt queues
    nothing, and a committed one cannot lose its statements."""
    enqueue([statement.pk for statement in statements])


def requeue_forgotten() -> int:
    """Queue again the statements no worker took in time (quiz/outbox/delivery.py); how many."""
    return delivery.requeue_forgotten(Statement, enqueue)
