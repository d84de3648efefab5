from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Awareness training")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
        from .audit import register_audit_trail
        from .content import signals  # noqa: F401 - connects the receivers
        from .database_file import watch_database_files
        from .lti import receivers as lti_receivers  # noqa: F401 - grades owed to an LMS

        # A deleted attempt leaves the statistics, and is no longer "after" in the gain report.
        from .stats import counting, gains  # noqa: F401
        from .xapi import receivers as xapi_receivers  # noqa: F401 - statements to an LRS

        register_audit_trail()
        watch_database_files()
