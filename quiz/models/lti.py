"""Quizzes taken from a course in an LMS over LTI 1.3. The platforms, their deployments,
users, courses and links are django-lti's models (lti_tool); these say which quiz a link
opens for which trainee, and which scores are still owed to the platform's gradebook."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock
from .attempts import Attempt
from .mail import Delivery
from .quizzes import Quiz


class Launch(models.Model):
    """A trainee's way into a quiz from one link in one course: where their score goes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="lti_launches",
        verbose_name=_("trainee"),
    )
    # The same person as the platform knows them: its user id goes with each score.
    lti_user = models.ForeignKey(
        "lti_tool.LtiUser", models.CASCADE, related_name="launches", verbose_name=_("LTI user")
    )
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="lti_launches")
    resource_link = models.ForeignKey(
        "lti_tool.LtiResourceLink",
        models.CASCADE,
        related_name="launches",
        verbose_name=_("link in the course"),
    )
    # The gradebook column the platform gave this link (AGS); empty when it gave none.
    lineitem_url = models.URLField(_("gradebook column"), max_length=1000, blank=True)
    launched_at = models.DateTimeField(_("last launched at"), default=clock.now)

    class Meta:
        verbose_name = _("LTI launch")
        verbose_name_plural = _("LTI launches")
        constraints = [
            models.UniqueConstraint(
                fields=["resource_link", "user"], name="lti_launch_one_per_link_and_trainee"
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.resource_link}"


class Grade(Delivery):
    """A submitted attempt's score, owed to the gradebook of the platform it came from.
    A row first, then sent by a worker, so a platform that is down delays it and loses
    nothing (quiz/outbox/delivery.py)."""

    attempt = models.OneToOneField(
        Attempt, models.CASCADE, related_name="lti_grade", verbose_name=_("attempt")
    )
    launch = models.ForeignKey(Launch, models.CASCADE, related_name="grades")
    created_at = models.DateTimeField(_("queued at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("LTI grade")
        verbose_name_plural = _("LTI grades")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_try_at"], name="lti_grade_due")]

    def __str__(self):
        return f"{self.attempt} to {self.launch.resource_link}"


class UsedNonce(models.Model):
    """A launch's nonce, kept once it was used, so the same signed launch cannot be
    posted again (pylti1p3 checks that the tool issued a nonce, not that it is unused)."""

    nonce = models.CharField(_("nonce"), max_length=255, unique=True)
    used_at = models.DateTimeField(_("used at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("used LTI nonce")
        verbose_name_plural = _("used LTI nonces")

    def __str__(self):
        return self.nonce
