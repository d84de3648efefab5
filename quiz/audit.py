"""The audit trail of the training's administration, kept by django-auditlog: who changed
a group's members or coordinators, an assignment, or a trainee's address, name or active
flag, when, and from which value to which. The mail sent is its own record (quiz.Mail and
quiz.Reminder: to whom, when, how it went)."""

from auditlog.context import set_actor
from auditlog.registry import auditlog
from django.contrib.auth.models import User
from django.urls import reverse


def register_audit_trail():
    from .models import Assignment, Trainee, TrainingGroup

    auditlog.register(TrainingGroup, m2m_fields={"members", "coordinators"})
    auditlog.register(Assignment)
    # A trainee is a user: saved as either, the change is recorded against the user.
    for people in (User, Trainee):
        auditlog.register(
            people, include_fields=["username", "email", "first_name", "last_name", "is_active"]
        )


def acting_as(user):
    """Name `user` as who made the changes saved inside this block (outside the admin)."""
    return set_actor(user)


class AuditActorMiddleware:
    """Names the member of staff in the changes they make in the admin, the only pages
    that change what the trail records (a command or a task is "the system").

    django-auditlog's own middleware reads the user and connects a signal on every
    request; the trainees' pages, which change none of it, should not pay for that, nor
    meet a database error before their view does.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if not request.path.startswith(self.admin_prefix):
            return self.get_response(request)
        actor = request.user if request.user.is_authenticated else None
        with set_actor(actor):
            return self.get_response(request)
