"""What the app stores: the release's content, the quizzes built from it, and attempts."""

import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import clock


class NaturalKeyManager(models.Manager):
    """Looks rows up by their natural key, the values of `lookups` in order, so fixtures
    need no hand-numbered primary keys."""

    def __init__(self, *lookups: str):
        super().__init__()
        self.lookups = lookups

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.lookups, values, strict=True)))


# --- The source: the release and what it says ------------------------------------


class Release(models.Model):
    """A published document the quizzes are built from."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("URL"))
    archived_note = models.TextField(_("archived note"), blank=True)

    objects = NaturalKeyManager("slug")

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class ReleasePart(models.Model):
    """Something of one release, in its order there, named by a key unique within it.

    Each subclass declares its `release` foreign key, with its own related name.
    """

    key = models.SlugField(_("key"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    objects = NaturalKeyManager("release__slug", "key")

    class Meta:
        abstract = True
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(fields=["release", "key"], name="%(class)s_unique_key"),
        ]

    def natural_key(self):
        return (*self.release.natural_key(), self.key)

    natural_key.dependencies = ["quiz.release"]


class Passage(ReleasePart):
    """One paragraph or bullet of a release's body, word for word."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("paragraph")
        BULLET = "bullet", _("bullet")

    release = models.ForeignKey(Release, models.CASCADE, related_name="passages")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))

    class Meta(ReleasePart.Meta):
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class Component(models.Model):
    """A DHS component (ICE HSI, CBP, ...) or, with kind "initiative", the Blue Campaign."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("DHS component")
        INITIATIVE = "initiative", _("DHS initiative")

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    name = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPONENT)
    position = models.PositiveSmallIntegerField(_("position"))

    objects = NaturalKeyManager("slug")

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["position"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    def natural_key(self):
        return (self.slug,)


class Role(models.Model):
    """Something the release says a component does, in the release's own words."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    phrase = models.CharField(
        _("phrase"), max_length=300, help_text=_("Word for word as the release says it.")
    )
    statement = models.CharField(
        _("statement"),
        max_length=300,
        help_text=_('In the past tense, as questions say it ("arrested traffickers").'),
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_('Short, as a choice shows it ("Arresting traffickers").'),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    components = models.ManyToManyField(
        Component, through="ComponentRole", related_name="roles", verbose_name=_("components")
    )

    objects = NaturalKeyManager("key")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["position"]

    def __str__(self):
        return self.phrase

    def natural_key(self):
        return (self.key,)


class ComponentRole(models.Model):
    """The release says this component has this role, in this passage."""

    component = models.ForeignKey(Component, models.CASCADE, related_name="component_roles")
    role = models.ForeignKey(Role, models.CASCADE, related_name="component_roles")
    passage = models.ForeignKey(Passage, models.PROTECT, related_name="component_roles")

    objects = NaturalKeyManager("component__slug", "role__key")

    class Meta:
        verbose_name = _("component role")
        verbose_name_plural = _("component roles")
        constraints = [
            models.UniqueConstraint(fields=["component", "role"], name="component_role_unique"),
        ]

    def __str__(self):
        return f"{self.component.abbreviation}: {self.role.phrase}"

    def natural_key(self):
        return (*self.component.natural_key(), *self.role.natural_key())

    natural_key.dependencies = ["quiz.component", "quiz.role", "quiz.passage"]


class Fact(ReleasePart):
    """A fact the release states, written as a question with its answer and wrong answers."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        TRUE_FALSE = "true_false", _("true or false")

    release = models.ForeignKey(Release, models.CASCADE, related_name="facts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prompt = models.CharField(_("prompt"), max_length=500)
    answer = models.CharField(
        _("answer"), max_length=500, help_text=_('For true/false facts: "True" or "False".')
    )
    distractors = models.JSONField(
        _("wrong answers"),
        default=list,
        blank=True,
        help_text=_(
            'Single choice: a list of {"text": ..., "why": ...}, why saying why it is wrong.'
        ),
    )
    why = models.CharField(
        _("why"),
        max_length=500,
        blank=True,
        help_text=_("True or false: one sentence a trainee who answered wrong is told."),
    )
    claim = models.CharField(
        _("claim"),
        max_length=500,
        help_text=_("What the release says, as one true sentence in its words."),
    )
    false_term = models.CharField(
        _("false term"),
        max_length=200,
        blank=True,
        help_text=_("A false statement: the words that make it false."),
    )
    true_term = models.CharField(
        _("true term"),
        max_length=200,
        blank=True,
        help_text=_("A false statement: what the release says instead of the false term."),
    )
    passage = models.ForeignKey(Passage, models.PROTECT, related_name="facts")
    quote = models.TextField(_("quote"), help_text=_("Words of the passage that prove the answer."))

    class Meta(ReleasePart.Meta):
        verbose_name = _("fact")
        verbose_name_plural = _("facts")

    def __str__(self):
        return self.prompt

    def natural_key(self):
        return (*self.release.natural_key(), self.key)

    natural_key.dependencies = ["quiz.release", "quiz.passage"]


# --- Quizzes built from the source ------------------------------------------------


class Quiz(models.Model):
    """A set of questions a trainee answers in one attempt."""

    class Source(models.TextChoices):
        COMPONENT_ROLES = "component_roles", _("components and their roles")
        RELEASE_FACTS = "release_facts", _("facts of the release")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    release = models.ForeignKey(Release, models.PROTECT, related_name="quizzes")
    source = models.CharField(_("built from"), max_length=30, choices=Source.choices)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent)"), default=80, validators=[MaxValueValidator(100)]
    )
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many attempts a trainee may start. Empty: no limit."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Answers sent after this many minutes are not counted. Empty: no limit."),
    )

    objects = NaturalKeyManager("slug")

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["quiz.release"]


class Objective(models.Model):
    """What a trainee should be able to do after a quiz; each question serves one.

    Its roles and facts are what its questions test. An attempt asks one question of each.
    """

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="objectives")
    key = models.SlugField(_("key"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("objective"), max_length=300)
    roles = models.ManyToManyField(
        Role, blank=True, related_name="objectives", verbose_name=_("roles")
    )
    facts = models.ManyToManyField(
        Fact, blank=True, related_name="objectives", verbose_name=_("facts")
    )

    objects = NaturalKeyManager("quiz__slug", "key")

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "key"], name="objective_unique_key"),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.quiz.natural_key(), self.key)

    natural_key.dependencies = ["quiz.quiz", "quiz.role", "quiz.fact"]


def new_content_version() -> str:
    return uuid.uuid4().hex


class Question(models.Model):
    """A question of a quiz.

    Questions are never edited in place: when the content changes, the builder retires
    the old version (is_active off) and adds a new one, so past attempts keep what they asked.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple select")
        TRUE_FALSE = "true_false", _("true or false")
        MATCHING = "matching", _("matching")

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="questions")
    key = models.CharField(_("key"), max_length=200)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prompt = models.TextField(_("prompt"))
    explanation = models.TextField(_("explanation"), help_text=_("Quoted from the release."))
    passage = models.ForeignKey(Passage, models.PROTECT, related_name="questions")
    objective = models.ForeignKey(
        Objective,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("objective"),
        help_text=_("An attempt asks one active question of each objective."),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    is_active = models.BooleanField(_("active"), default=True)
    components = models.ManyToManyField(
        Component,
        blank=True,
        related_name="questions",
        verbose_name=_("about components"),
        help_text=_("The DHS components whose roles the question tests; filled by the builder."),
    )
    # Random, so it never repeats, even in a database rebuilt beside running workers.
    content_version = models.CharField(
        _("content version"),
        max_length=32,
        default=new_content_version,
        editable=False,
        help_text=_("Renewed whenever what the question shows changes; names its cached HTML."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "key", "fingerprint"], name="question_unique_version"
            ),
        ]
        indexes = [models.Index(fields=["quiz", "is_active", "position"])]

    def __str__(self):
        return self.prompt

    def save(self, *args, **kwargs):
        # Every save names a new version, even a save of chosen fields: no save can leave
        # a worker showing, or grading with, what was there before (quiz/fragments.py).
        self.content_version = new_content_version()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "content_version"}
        super().save(*args, **kwargs)


def answer_key_prefetches(path: str = "") -> list[models.Prefetch]:
    """Prefetch the choices and matching items of questions (reached through `path`), in
    order: what every page that shows an answer key reads, two queries for any number."""
    return [
        models.Prefetch(f"{path}choices", queryset=Choice.objects.order_by("position", "pk")),
        models.Prefetch(f"{path}match_items", queryset=MatchItem.objects.order_by("position")),
    ]


class Choice(models.Model):
    """An answer a trainee can pick; for matching questions, an option of every list."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(
        _("feedback"),
        max_length=500,
        blank=True,
        help_text=_("Why this choice is wrong (or, when missed, right), from the release."),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position"]

    def __str__(self):
        return self.text


class MatchItem(models.Model):
    """One line of a matching question (a component) and the option that matches it."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="match_items")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=300)
    correct_choice = models.ForeignKey(
        Choice, models.CASCADE, related_name="+", verbose_name=_("correct option")
    )
    component = models.ForeignKey(
        Component,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="match_items",
        verbose_name=_("component"),
        help_text=_("The component this line names, so mastery can be counted per component."),
    )

    class Meta:
        verbose_name = _("matching item")
        verbose_name_plural = _("matching items")
        ordering = ["question", "position"]

    def __str__(self):
        return self.label


# --- Running the training for an organisation -------------------------------------


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
        related_name="training_groups",
        blank=True,
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Assignment(models.Model):
    """A quiz a training group must pass by a date, and pass again every N months if set."""

    group = models.ForeignKey(
        TrainingGroup, models.CASCADE, related_name="assignments", verbose_name=_("group")
    )
    quiz = models.ForeignKey(
        Quiz, models.PROTECT, related_name="assignments", verbose_name=_("quiz")
    )
    due_on = models.DateField(
        _("due date"), help_text=_("Due by the end of this day, in the time zone below.")
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
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "quiz"], name="assignment_one_per_group_quiz"),
        ]

    def __str__(self):
        return f"{self.quiz} – {self.group}"


class Reminder(models.Model):
    """One mail to one trainee about one assignment, recorded before it is sent, so it
    is sent at most once per stage and due date, whoever runs send_reminders and when."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        COMPLETED = "completed", _("completed")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        # Claimed by a worker, which then sends it. A worker that dies here leaves it so:
        # never sent twice, and shown in the admin for someone to look at.
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not needed any more")

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
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    # The send_reminders run that recorded it: that run, and no other, enqueues it.
    run = models.UUIDField(_("run"), editable=False)
    created_at = models.DateTimeField(_("recorded at"), default=clock.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "stage", "due_on"], name="reminder_once_per_stage"
            ),
        ]
        indexes = [models.Index(fields=["run"])]

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


# --- What trainees did ------------------------------------------------------------


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


# --- Item statistics: daily sums the item analysis adds up -------------------------
#
# Submitting an attempt adds it to these rows in its own transaction (quiz/taking/
# item_stats.py), so the report over any days is a SUM over those days' rows however many
# attempts there are. `day` is the local day (settings.TIME_ZONE) the attempt was submitted.
# `rebuild_item_stats` recounts them from the attempts.


class DailyScores(models.Model):
    """How many attempts submitted on a day reached this percent, and how many passed."""

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    attempts = models.IntegerField(_("attempts"), default=0)
    passed = models.IntegerField(_("passed"), default=0)

    class Meta:
        verbose_name = _("daily scores")
        verbose_name_plural = _("daily scores")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "day", "percent"], name="daily_scores_unique"),
        ]

    def __str__(self):
        return f"{self.quiz_id} {self.day} {self.percent}%"


class DailyTrainees(models.Model):
    """Trainees who submitted on `day` and, before it, last on `previous_day`.

    A trainee submitted within days a..b exactly when one of their days in a..b has its
    previous day before a, and only their first day in a..b does; so the trainees of a
    period are a SUM over its days' rows with previous_day < a, with no DISTINCT. A first
    attempt ever has previous_day 0001-01-01 (item_stats.NO_PREVIOUS_DAY), not NULL, so
    that its row is unique too (NULLs never conflict).
    """

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    previous_day = models.DateField(_("previous day"))
    trainees = models.IntegerField(_("trainees"), default=0)

    class Meta:
        verbose_name = _("daily trainees")
        verbose_name_plural = _("daily trainees")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "day", "previous_day"], name="daily_trainees_unique"
            ),
        ]

    def __str__(self):
        return f"{self.quiz_id} {self.day} after {self.previous_day}"


class DailyQuestionStats(models.Model):
    """Sums over a question's responses on a day: x its points, s the attempt's score."""

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    responses = models.IntegerField(_("responses"), default=0)
    sum_x = models.FloatField(default=0)
    sum_xx = models.FloatField(default=0)
    sum_s = models.FloatField(default=0)
    sum_ss = models.FloatField(default=0)
    sum_xs = models.FloatField(default=0)

    class Meta:
        verbose_name = _("daily question statistics")
        verbose_name_plural = _("daily question statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "day", "question"], name="daily_question_stats_unique"
            ),
        ]

    def __str__(self):
        return f"{self.day} question {self.question_id}"


class DailyPicks(models.Model):
    """How often a choice was picked on a day; for a matching question, for which item.

    One table for both, so that a submit adds to it in one statement whichever kinds of
    question it drew.
    """

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    choice = models.ForeignKey(Choice, models.CASCADE, related_name="+")
    # The matching item's id, or 0 for a choice of another kind of question: an integer,
    # not a nullable foreign key, because the row must be unique and NULLs never conflict.
    item_key = models.PositiveIntegerField(_("matching item"), default=0)
    picks = models.IntegerField(_("picks"), default=0)

    class Meta:
        verbose_name = _("daily picks")
        verbose_name_plural = _("daily picks")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "day", "choice", "item_key"], name="daily_picks_unique"
            ),
        ]

    def __str__(self):
        return f"{self.day} choice {self.choice_id} item {self.item_key}"
