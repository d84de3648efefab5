"""What trainees did: attempts, their answers, and the certificates of passes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock
from .quizzes import Choice, MatchItem, Question, Quiz


class Attempt(models.Model):
    """One trainee's go at one quiz, with its grade once submitted."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="attempts", verbose_name=_("trainee")
    )
    quiz = models.ForeignKey(Quiz, models.PROTECT, related_name="attempts")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    seed = models.PositiveIntegerField(_("shuffle seed"))
    started_at = models.DateTimeField(_("started at"), default=clock.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=3)
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # Fixed when the attempt starts, so changing the quiz's limit later is fair to it.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    timed_out = models.BooleanField(
        _("timed out"),
        default=False,
        help_text=_("Submitted after the time limit: only answers saved in time were counted."),
    )
    # Started from a course in an LMS (LTI): its score is owed to that course's gradebook.
    launch = models.ForeignKey(
        "Launch",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="attempts",
        verbose_name=_("LTI launch"),
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One open attempt per trainee and quiz, even when two starts race.
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(status="in_progress"),
                name="attempt_one_open_per_quiz",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            # The quiz list's status of each quiz for one trainee (best score, passed,
            # attempts used) reads only that trainee's attempts, however many others have.
            models.Index(fields=["user", "quiz", "status", "percent"]),
            models.Index(fields=["quiz", "status", "submitted_at"]),
            # The admin's changelist sorts by these (newest first, pk breaking ties) and
            # its date hierarchy reads the submitted dates; without them each page of
            # 100,000 attempts is a full scan and sort.
            models.Index(fields=["started_at", "id"]),
            models.Index(fields=["submitted_at", "id"]),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz} ({self.get_status_display()})"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Response(models.Model):
    """What a trainee answered to one question of an attempt, and the points it earned."""

    attempt = models.ForeignKey(Attempt, models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, models.PROTECT, related_name="responses")
    position = models.PositiveSmallIntegerField(_("position in the attempt"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=3, null=True, blank=True)
    # "Flag for review": the trainee's own note, kept with the answers so it follows them to
    # another device. Never graded.
    flagged = models.BooleanField(_("flagged for review"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="response_unique_question"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id} – {self.question}"


class Selection(models.Model):
    """A choice a trainee picked; for matching questions, the option picked for one item."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="selections")
    choice = models.ForeignKey(Choice, models.PROTECT, related_name="selections")
    item = models.ForeignKey(
        MatchItem, models.PROTECT, null=True, blank=True, related_name="selections"
    )

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "choice"],
                condition=models.Q(item__isnull=True),
                name="selection_unique_choice",
            ),
            models.UniqueConstraint(
                fields=["response", "item"],
                condition=models.Q(item__isnull=False),
                name="selection_unique_item",
            ),
        ]

    def __str__(self):
        return str(self.choice)


class Certificate(models.Model):
    """Proof that a trainee passed a quiz, checkable by anyone who has its code."""

    attempt = models.OneToOneField(
        Attempt, models.PROTECT, related_name="certificate", verbose_name=_("attempt")
    )
    code = models.CharField(_("verification code"), max_length=64, unique=True)
    # The name as it was when the certificate was issued: a later rename does not change it.
    name = models.CharField(_("name on the certificate"), max_length=300)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.name} – {self.attempt.quiz}"
