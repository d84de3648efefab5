from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Awareness training")

    def ready(self):
        from .content import signals  # noqa: F401 - connects the receivers
        from .stats import counting  # noqa: F401 - a deleted attempt leaves the statistics

        register_audit_trail()


def register_audit_trail():
    """What django-auditlog records, with who did it and the old and new values: a
    group's members and coordinators, an assignment's dates, a trainee's address, name
    and whether they may log in. The mail sent is its own record (quiz.Mail and
    quiz.Reminder: to whom, when, how it went)."""
    from auditlog.registry import auditlog
    from django.contrib.auth.models import User

    from .models import Assignment, Trainee, TrainingGroup

    auditlog.register(TrainingGroup, m2m_fields={"members", "coordinators"})
    auditlog.register(Assignment)
    # A trainee is a user: saved as either, the change is recorded against the user.
    for people in (User, Trainee):
        auditlog.register(
            people, include_fields=["username", "email", "first_name", "last_name", "is_active"]
        )
