"""Writes of the outbox: mail queued as a row in the caller's transaction, and sent by a
worker (tasks.py) through delivery.py, so no page waits for the mail server or fails
when it is down."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .. import clock
from ..models import Mail
from . import delivery


def rendered(template: str, context: dict) -> tuple[str, str]:
    """The subject (the template's first line) and the body."""
    subject, body = render_to_string(template, context).split("\n", 1)
    return subject.strip(), body.strip() + "\n"


def queue_message(*, to: str, subject: str, body: str, kind: str, user=None, headers=None) -> Mail:
    return Mail.objects.create(
        kind=kind, to=to, subject=subject, body=body, user=user, headers=headers or {}
    )


def queue_mail(
    *, to: str, template: str, context: dict, kind: str, user=None, headers=None
) -> Mail:
    """The mail a template writes (its first line the subject), queued."""
    subject, body = rendered(template, context)
    return queue_message(to=to, subject=subject, body=body, kind=kind, user=user, headers=headers)


def send_mails(mail_ids: list[int]) -> int:
    """Send the mails among these that are due and nobody else has claimed; how many went.
    A mail's body may hold a single-use link: once delivered it is not kept."""
    mails = Mail.objects.filter(delivery.due(clock.now()), pk__in=mail_ids).order_by("pk")
    return delivery.send_each(mails, message_of, when_sent={"body": ""})


def message_of(mail: Mail) -> EmailMessage:
    return EmailMessage(mail.subject, mail.body, None, [mail.to], headers=mail.headers or None)
