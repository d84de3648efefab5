from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Awareness training")

    def ready(self):
        from .audit import register_audit_trail
        from .content import signals  # noqa: F401 - connects the receivers
        from .database_file import watch_database_files

        # A deleted attempt leaves the statistics, and is no longer "after" in the gain report.
        from .stats import counting, gains  # noqa: F401

        register_audit_trail()
        watch_database_files()
