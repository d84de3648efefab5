"""The release the quizzes are built from and what it says: its passages, the parts of
DHS and their roles, and the facts the quizzes ask."""

from django.core.exceptions import ValidationError
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
    source_file = models.CharField(
        _("source file"),
        max_length=300,
        help_text=_(
            "The published text, under the fixtures folder; what the content is checked against."
        ),
    )
    source_sha256 = models.CharField(
        _("source SHA-256"),
        max_length=64,
        help_text=_("The source file's SHA-256: a different file is refused, not believed."),
    )

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
    """A DHS component (HSI, CBP, ...) or, with kind "initiative", the Blue Campaign."""

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
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_('Short, as a choice shows it ("Arresting traffickers").'),
    )
    asked_as = models.CharField(
        _("asked as"),
        max_length=300,
        blank=True,
        help_text=_(
            "How a question asks for the role, in words that do not repeat its owner's full "
            'name ("looking into incidents of human trafficking", not "investigating").'
        ),
    )
    scenarios = models.JSONField(
        _("scenarios"),
        default=list,
        blank=True,
        help_text=_(
            "Stems that apply the role to a situation, each asking which part of DHS the "
            "release credits with it."
        ),
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

    def clean(self):
        if not (
            isinstance(self.scenarios, list) and all(isinstance(t, str) for t in self.scenarios)
        ):
            raise ValidationError({"scenarios": _("A list of stems, each a text.")})

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

    def clean(self):
        wrong = self.distractors
        if not (
            isinstance(wrong, list)
            and all(
                isinstance(d, dict)
                and set(d) == {"text", "why"}
                and all(isinstance(v, str) for v in d.values())
                for d in wrong
            )
        ):
            raise ValidationError(
                {"distractors": _('A list of {"text": ..., "why": ...}, both texts.')}
            )

    def natural_key(self):
        return (*self.release.natural_key(), self.key)

    natural_key.dependencies = ["quiz.release", "quiz.passage"]
