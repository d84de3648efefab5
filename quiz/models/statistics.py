"""Item statistics: daily sums the item analysis adds up.

Submitting an attempt adds it to these rows in its own transaction (quiz/stats/), so the
report over any days is a SUM over those days' rows however many attempts there are.
`day` is the local day (settings.TIME_ZONE) the attempt was submitted on.
`rebuild_item_stats` recounts them from the attempts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .quizzes import Choice, Objective, Question, Quiz


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
    attempt ever has previous_day 0001-01-01 (quiz/stats/rows.py NO_PREVIOUS_DAY), not NULL, so
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


class Gain(models.Model):
    """What one trainee knew of one objective before the lesson (their pre-check item) and
    after it (the objective's points in their first graded attempt since). The gain report
    averages these rows, one per trainee and objective however many attempts there are;
    `after` stays empty until that attempt is submitted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="+")
    objective = models.ForeignKey(Objective, models.CASCADE, related_name="+")
    before = models.BooleanField(_("known before"))
    after = models.DecimalField(
        _("points after"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    measured_at = models.DateTimeField(_("pre-check at"))
    after_attempt = models.ForeignKey(
        "quiz.Attempt", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gain")
        verbose_name_plural = _("gains")
        constraints = [
            models.UniqueConstraint(fields=["user", "objective"], name="gain_one_per_objective"),
        ]
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self):
        return f"{self.user_id} {self.objective_id}: {self.before} -> {self.after}"
