"""The release the quizzes are built from, what it says, and the quizzes and questions
built from it."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import kinds


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

    release = models.ForeignKey(Release, models.CASCADE, related_name="facts")
    kind = models.CharField(_("kind"), max_length=20, choices=kinds.choices)
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

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    release = models.ForeignKey(Release, models.PROTECT, related_name="quizzes")
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

    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="questions")
    key = models.CharField(_("key"), max_length=200)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=kinds.choices)
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
        # a worker showing what was there before (quiz/taking/fragments.py keeps the HTML
        # of each version; grading reads the rows themselves).
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
