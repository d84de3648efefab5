"""Learning outside the graded attempts: questions asked in the lesson, the pre-check and
the refreshers, what each trainee knew before and after, and the refreshers themselves."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import clock
from .mail import Mail
from .organisations import Assignment
from .quizzes import Objective, Question, Quiz


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Refresher(models.Model):
    """A few questions mailed to a trainee some days after they passed a quiz, answered
    from a one-click link (quiz/learning/links.py). One per trainee, quiz and stage."""

    class Stage(models.IntegerChoices):
        # Days after the pass. Spaced retrieval at growing intervals (issue 23).
        DAY_2 = 2, _("2 days")
        DAY_7 = 7, _("7 days")
        DAY_30 = 30, _("30 days")
        DAY_90 = 90, _("90 days")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="refreshers",
        verbose_name=_("trainee"),
    )
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="refreshers")
    assignment = models.ForeignKey(
        Assignment, models.SET_NULL, null=True, blank=True, related_name="refreshers_sent"
    )
    stage = models.PositiveSmallIntegerField(_("days after the pass"), choices=Stage.choices)
    passed_at = models.DateTimeField(_("passed at"))
    # The link's secret: a link is valid only while its nonce matches the row's.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    mail = models.OneToOneField(
        Mail, models.SET_NULL, null=True, blank=True, related_name="refresher"
    )
    run = models.UUIDField(_("run"), editable=False)
    created_at = models.DateTimeField(_("recorded at"), default=clock.now, editable=False)
    mailed_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refresher")
        verbose_name_plural = _("refreshers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "stage"], name="refresher_once_per_stage"
            ),
        ]
        indexes = [models.Index(fields=["run"])]

    def __str__(self):
        return f"{self.quiz} +{self.stage}d – {self.user}"


class Practice(models.Model):
    """A question asked outside a graded attempt: never graded, but counted as seen, so
    the trainee's next graded attempt does not ask it while its pool has another."""

    class Purpose(models.TextChoices):
        PRECHECK = "precheck", _("pre-check")
        CHECK = "check", _("lesson check")
        REFRESHER = "refresher", _("refresher")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="practice", verbose_name=_("trainee")
    )
    question = models.ForeignKey(Question, models.PROTECT, related_name="practice")
    # The question's, kept here so reports and the one-per-objective rule need no join.
    objective = models.ForeignKey(Objective, models.CASCADE, related_name="practice")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    refresher = models.ForeignKey(
        Refresher, models.CASCADE, null=True, blank=True, related_name="questions"
    )
    asked_at = models.DateTimeField(_("asked at"), default=clock.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    correct = models.BooleanField(_("answered right"), null=True, blank=True)
    # The picks, [[item id or null, choice id], ...], to show the answer again later.
    answer = models.JSONField(_("answer"), default=list, blank=True)

    class Meta:
        verbose_name = _("practice question")
        verbose_name_plural = _("practice questions")
        constraints = [
            # One pre-check item and one lesson check per objective and trainee.
            models.UniqueConstraint(
                fields=["user", "objective", "purpose"],
                condition=~Q(purpose="refresher"),
                name="practice_once_per_objective",
            ),
        ]
        indexes = [models.Index(fields=["user", "objective"])]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.question_id} – {self.user_id}"


class RefresherOptOut(models.Model):
    """A trainee who asked for no more refreshers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="refresher_opt_out"
    )
    created_at = models.DateTimeField(_("since"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("refresher opt-out")
        verbose_name_plural = _("refresher opt-outs")

    def __str__(self):
        return str(self.user)
