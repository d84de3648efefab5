"""SCORM 1.2 packages: a quiz loaded into any LMS as a zip, and the learners it brought."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock
from .quizzes import Quiz


class ScormPackage(models.Model):
    """One zip made for one quiz. Its key is inside the zip's signed launch token, so
    withdrawing the package here stops every copy of that zip from launching."""

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="scorm_packages")
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("made at"), default=clock.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    is_active = models.BooleanField(_("may launch"), default=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.quiz} ({self.created_at:%Y-%m-%d})"


class ScormLearner(models.Model):
    """The trainee an LMS's learner id stands for, within one package."""

    package = models.ForeignKey(ScormPackage, models.CASCADE, related_name="learners")
    student_id = models.CharField(_("learner id in the LMS"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="scorm_learners",
        verbose_name=_("trainee"),
    )

    class Meta:
        verbose_name = _("SCORM learner")
        verbose_name_plural = _("SCORM learners")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "student_id"], name="scorm_learner_one_per_package"
            )
        ]

    def __str__(self):
        return f"{self.student_id} ({self.package})"
