"""Running the training for an organisation: groups, what they must pass by when, and
the mails that remind them."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock
from .mail import Delivery
from .quizzes import Quiz

# Due dates a training can have: far enough either side for any real deadline, and far
# from the calendar's end, so that no date arithmetic on them (the end of the day in any
# zone, a renewal 120 months on, reminders days before) can overflow.
EARLIEST_DUE_DATE = date(2000, 1, 1)
LATEST_DUE_DATE = date(2100, 12, 31)
DUE_DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DUE_DATE, _("A due date is in 2000 or later.")),
    MaxValueValidator(LATEST_DUE_DATE, _("A due date is in 2100 or earlier.")),
]


def due_date_in_range(name: str) -> models.CheckConstraint:
    """The database's own refusal of a due date out of range, however it was written."""
    return models.CheckConstraint(
        condition=models.Q(due_on__gte=EARLIEST_DUE_DATE, due_on__lte=LATEST_DUE_DATE),
        name=name,
        violation_error_message=_("A due date is between 2000 and 2100."),
    )


def validate_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("%(name)s is not a time zone name such as America/New_York."),
            params={"name": name},
        ) from error


class TrainingGroup(models.Model):
    """Trainees who are assigned training together: an office, a unit, a shift.

    Not Django's auth Group, on purpose: those groups grant permissions, so whoever could
    add members to one could make a trainee (or themselves) a reviewer or an admin. A
    training group grants nothing; training managers may manage it freely.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="training_groups",
        blank=True,
        verbose_name=_("members"),
    )
    # Who runs the group: a coordinator without "see every group" sees only the groups
    # they coordinate, and only those groups' members, attempts and mail.
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_groups",
        blank=True,
        verbose_name=_("coordinators"),
        help_text=_("Staff who see and manage this group and its members."),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        ordering = ["name"]
        permissions = [("see_every_group", _("Can see every training group and trainee"))]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A trainee in a training group, since when: an assignment "due within 30 days"
    counts from the day they joined."""

    group = models.ForeignKey(
        TrainingGroup, models.CASCADE, db_column="traininggroup_id", related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, db_column="user_id", related_name="memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), default=clock.now)

    class Meta:
        # The table Django made for the many-to-many field before it had this model.
        db_table = "quiz_traininggroup_members"
        unique_together = [("group", "user")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.group}"


class Assignment(models.Model):
    """A quiz a training group must pass by a date, and pass again every N months if set."""

    group = models.ForeignKey(
        TrainingGroup, models.CASCADE, related_name="assignments", verbose_name=_("group")
    )
    quiz = models.ForeignKey(
        Quiz, models.PROTECT, related_name="assignments", verbose_name=_("quiz")
    )
    due_on = models.DateField(
        _("due date"),
        help_text=_("Due by the end of this day, in the time zone below."),
        validators=DUE_DATE_VALIDATORS,
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Where the due date's day ends, e.g. America/New_York."),
    )
    renew_every_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "A pass counts for this many months; then the trainee is due again. "
            "Empty: one pass is enough."
        ),
    )
    due_within_days = models.PositiveSmallIntegerField(
        _("due within (days of joining)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "A member who joins the group later is due this many days after joining, "
            "if that is after the due date. Empty: the due date for everyone."
        ),
    )
    precheck = models.BooleanField(
        _("pre-check"),
        default=True,
        help_text=_(
            "Before their first attempt, trainees answer one question per objective, so the "
            "gain report can show what they learned."
        ),
    )
    refreshers = models.BooleanField(
        _("refreshers"),
        default=False,
        help_text=_(
            "After a pass, mail trainees a few questions 2, 7, 30 and 90 days later, so they "
            "keep what they learned and the retention report can show it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "quiz"], name="assignment_one_per_group_quiz"),
            due_date_in_range("assignment_due_on_in_range"),
        ]

    def __str__(self):
        return f"{self.quiz} – {self.group}"


class Extension(models.Model):
    """More time for one trainee on one assignment: they are due by this day instead."""

    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="extensions", verbose_name=_("assignment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="training_extensions",
        verbose_name=_("trainee"),
    )
    due_on = models.DateField(
        _("due date"),
        help_text=_("Due by the end of this day, in the assignment's time zone."),
        validators=DUE_DATE_VALIDATORS,
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("granted at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["assignment", "user"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="extension_once"),
            due_date_in_range("extension_due_on_in_range"),
        ]

    def __str__(self):
        return f"{self.user} – {self.assignment}: {self.due_on}"


class Reminder(Delivery):
    """One mail to one trainee about one assignment, recorded before it is sent, so it
    is sent at most once per stage and due date, whoever runs send_reminders and when."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        COMPLETED = "completed", _("completed")

    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="reminders", verbose_name=_("assignment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="training_reminders",
        verbose_name=_("trainee"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    # The due date the mail is about: a renewed assignment is due again, and reminds again.
    due_on = models.DateField(_("due date"))
    # Overdue mails repeat (settings.REMINDER_OVERDUE_EVERY_DAYS): 0 is the first, 1 the
    # next, up to settings.REMINDER_OVERDUE_REPEATS; other stages go once.
    repeat = models.PositiveSmallIntegerField(_("repeat"), default=0)
    # The send_reminders run that recorded it: that run, and no other, enqueues it.
    run = models.UUIDField(_("run"), editable=False)
    created_at = models.DateTimeField(_("recorded at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "stage", "due_on", "repeat"],
                name="reminder_once_per_stage_and_repeat",
            ),
        ]
        indexes = [models.Index(fields=["run"]), models.Index(fields=["state", "next_try_at"])]

    def __str__(self):
        return f"{self.get_stage_display()} – {self.user} – {self.assignment}"


class Trainee(User):
    """A user as the training admin sees them: imported in bulk, with their assignments,
    attempts and certificates on one page. Its own permissions let a training manager
    add trainees without the right to change users (and so to make anyone staff)."""

    class Meta:
        proxy = True
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["username"]
