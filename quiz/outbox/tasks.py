"""The outbox's tasks: send queued mail, try again when a failure may pass, and queue
again what a dead worker left (quiz/outbox/delivery.py says how)."""

from django_tasks import task

from ..models import Mail
from . import delivery, services

MAILS_PER_TASK = 100


@task()
def send_mails(mail_ids: list[int]) -> int:
    sent = services.send_mails(mail_ids)
    delivery.try_again_when_due(send_mails, Mail, mail_ids)
    return sent


def enqueue(mail_ids: list[int]) -> None:
    delivery.enqueue_in_batches(send_mails, mail_ids, MAILS_PER_TASK)


def send_soon(mails: list[Mail]) -> None:
    """Queue the mails' sending in the caller's transaction: a rolled-back request queues
    nothing, and a committed one cannot lose its mail."""
    enqueue([mail.pk for mail in mails])


def requeue_forgotten() -> int:
    """Queue again the mails no worker took in time (quiz/outbox/delivery.py); how many."""
    return delivery.requeue_forgotten(Mail, enqueue)
