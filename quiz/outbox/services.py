"""Writes of the outbox: mail queued as a row in the caller's transaction, and sent by a
worker (tasks.py) through delivery.py, so no page waits for the mail server or fails
when it is down."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from .. import clock
from ..models import Mail
from . import delivery


def rendered(template: str, context: dict) -> tuple[str, str]:
    """The subject (the template's first line) and the body."""
    subject, body = render_to_string(template, context).split("\n", 1)
    return subject.strip(), body.strip() + "\n"


def queue_message(*, to: str, subject: str, body: str, kind: str, user=None) -> Mail:
    return Mail.objects.create(kind=kind, to=to, subject=subject, body=body, user=user)


def queue_mail(*, to: str, template: str, context: dict, kind: str, user=None) -> Mail:
    """The mail a template writes (its first line the subject), queued."""
    subject, body = rendered(template, context)
    return queue_message(to=to, subject=subject, body=body, kind=kind, user=user)


def send_mails(mail_ids: list[int]) -> int:
    """Send the mails among these that are due and nobody else has claimed; how many went."""
    now = clock.now()
    mails = list(Mail.objects.filter(delivery.due(now), pk__in=mail_ids).order_by("pk"))
    connection = get_connection()
    sent = 0
    try:
        for mail in mails:
            if not delivery.claim(mail, clock.now()):
                continue
            message = EmailMessage(mail.subject, mail.body, None, [mail.to])
            error = delivery.send(connection, message)
            # The body may hold a single-use link: once delivered it is not kept.
            delivery.settle(mail, clock.now(), error, body="")
            sent += error is None
    finally:
        delivery.close_quietly(connection)
    return sent


def resend(mails) -> int:
    """Queue these mails again, to go at once; those delivered already stay so. How many."""
    return mails.exclude(body="").update(
        state=Mail.State.QUEUED, tries=0, next_try_at=clock.now(), claimed_at=None, error=""
    )
