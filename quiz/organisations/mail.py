"""The mails of the training: reminders, the completion note and the invitation.

Each template's first line is the subject. Links are absolute, from settings.SITE_URL,
since a worker sending them has no request to take the site's address from. Nor does it
know the trainee's time zone: a mail gives its moments in the assignment's, named in
words ("3 December 2026, 23:59 Eastern Standard Time"), as the pages write them.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import Certificate, Reminder
from ..moments import moment
from ..outbox.services import rendered
from .selectors import zone_of
from .standing import last_minute_of, renewal_due_on


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def message(to: str, template: str, context: dict) -> EmailMessage:
    return EmailMessage(*rendered(template, context), None, [to])


def greeting_name(user) -> str:
    return user.get_full_name() or user.username


def latest_certificate(reminder: Reminder) -> Certificate | None:
    return (
        Certificate.objects.filter(
            attempt__user=reminder.user_id, attempt__quiz=reminder.assignment.quiz_id
        )
        .select_related("attempt")
        .order_by("-issued_at")
        .first()
    )


def due_by(day, zone) -> str:
    """The last minute of the day in the zone, in words: what "due by" and "counts until" name."""
    return moment(last_minute_of(day, zone), zone)


def completion_context(reminder: Reminder) -> dict:
    assignment = reminder.assignment
    certificate = latest_certificate(reminder)
    context = {"certificate_url": "", "check_url": "", "counts_until": ""}
    if certificate:
        context["certificate_url"] = absolute(
            reverse("quiz:certificate", args=[certificate.attempt_id])
        )
        context["check_url"] = absolute(reverse("quiz:verify", args=[certificate.code]))
        if assignment.renew_every_months:
            zone = zone_of(assignment)
            renews_on = renewal_due_on(
                certificate.attempt.submitted_at, assignment.renew_every_months, zone
            )
            context["counts_until"] = due_by(renews_on, zone)
    return context


def reminder_message(reminder: Reminder) -> EmailMessage:
    assignment = reminder.assignment
    context = {
        "name": greeting_name(reminder.user),
        "quiz": assignment.quiz,
        "group": assignment.group,
        "due_on": reminder.due_on,
        "due_by": due_by(reminder.due_on, zone_of(assignment)),
        "quizzes_url": absolute(reverse("quiz:list")),
        "lesson_url": absolute(reverse("learning:lesson", args=[assignment.quiz.slug])),
    }
    if reminder.stage == Reminder.Stage.COMPLETED:
        context.update(completion_context(reminder))
    elif reminder.stage == Reminder.Stage.DUE_SOON and assignment.renew_every_months:
        context["renewal"] = latest_certificate(reminder) is not None
    copies = []
    if reminder.stage == Reminder.Stage.OVERDUE:
        copies = coordinator_addresses(assignment.group)
        context["copied_to_coordinators"] = bool(copies)
    mail = message(reminder.user.email, f"organisations/reminder_{reminder.stage}.txt", context)
    mail.cc = copies
    return mail


def coordinator_addresses(group) -> list[str]:
    """Where the copy of an overdue mail goes: the group's active coordinators."""
    return sorted(c.email for c in group.coordinators.all() if c.is_active and c.email)


def set_password_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("password_reset_confirm", args=[uid, token]))


def invitation_context(user) -> dict:
    return {
        "name": greeting_name(user),
        "username": user.username,
        "site_url": settings.SITE_URL,
        "set_password_url": set_password_url(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
