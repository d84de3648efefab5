from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Awareness training")

    def ready(self):
        from .audit import register_audit_trail
        from .content import signals  # noqa: F401 - connects the receivers
        from .database_file import watch_database_files
        from .stats import counting  # noqa: F401 - a deleted attempt leaves the statistics
        from .stats import gains  # noqa: F401 - and is no longer "after" in the gain report

        register_audit_trail()
        watch_database_files()
