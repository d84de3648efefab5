"""Receivers of taking's signals (quiz/taking/signals.py): the statements of an attempt,
written in its own transaction. Without XAPI_ENDPOINT they return at once, so a page
without an LRS runs no query more."""

from django.conf import settings
from django.dispatch import receiver

from ..taking.signals import attempt_started, attempt_submitted
from . import services, tasks


@receiver(attempt_started, dispatch_uid="xapi_launched")
def record_launch(sender, attempt, **kwargs):
    if settings.XAPI_ENDPOINT:
        tasks.send_soon(services.record_started(attempt))


@receiver(attempt_submitted, dispatch_uid="xapi_submitted")
def record_submission(sender, attempt, sheet, answers, **kwargs):
    if settings.XAPI_ENDPOINT:
        tasks.send_soon(services.record_submitted(attempt, sheet, answers))
