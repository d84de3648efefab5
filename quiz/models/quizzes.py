"""The quizzes built from the release: their objectives, questions and choices."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import kinds
from .release import Component, Fact, NaturalKeyManager, Passage, Release, Role


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
    attempts_per_day = models.PositiveSmallIntegerField(
        _("attempts a day"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many attempts a trainee may start in any 24 hours. Empty: no limit. "
            "A few at most: each retake asks questions the trainee has not seen."
        ),
    )
    wait_minutes = models.PositiveSmallIntegerField(
        _("wait between attempts (minutes)"),
        default=10,
        help_text=_(
            "How long after starting an attempt a trainee may start the next: time to read "
            "the lesson."
        ),
    )

    objects = NaturalKeyManager("slug")

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    @property
    def attempt_rule(self) -> str:
        """Its attempt policy in words: "3 attempts a day, 10 minutes apart"; "" if none."""
        parts = []
        if self.attempts_per_day:
            parts.append(
                ngettext("%(n)s attempt a day", "%(n)s attempts a day", self.attempts_per_day)
                % {"n": self.attempts_per_day}
            )
        if self.wait_minutes:
            parts.append(
                ngettext("%(n)s minute apart", "%(n)s minutes apart", self.wait_minutes)
                % {"n": self.wait_minutes}
            )
        if self.max_attempts:
            parts.append(
                ngettext("%(n)s attempt in all", "%(n)s attempts in all", self.max_attempts)
                % {"n": self.max_attempts}
            )
        return ", ".join(parts)

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
