"""Receivers of taking's signals (quiz/taking/signals.py)."""

from django.dispatch import receiver

from ..taking.signals import attempt_submitted
from . import services, tasks


@receiver(attempt_submitted, dispatch_uid="lti_queue_grade")
def queue_grade(sender, attempt, **kwargs):
    """An attempt launched from a course owes its score to that course's gradebook. The
    row and its task are written in the grading transaction: no score is lost, and an
    attempt that did not come from an LMS costs no query."""
    if grade := services.queue_grade(attempt):
        tasks.enqueue([grade.pk])
