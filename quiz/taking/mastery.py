"""How well a trainee knows each DHS component, over their submitted attempts."""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q

from ..kinds import per_item_kinds
from ..models import Attempt, Component, Response, Selection
from ..scores import floor_percent

# A component counts as mastered at the quizzes' usual pass mark.
MASTERED_PERCENT = 80


@dataclass
class ComponentMastery:
    """How often a trainee answered right about one component, and what they mixed it up with.

    A question counts once for each component it is about; a matching question counts once
    for each of its lines, right when that line was matched right.
    """

    component: Component
    asked: int = 0
    right: int = 0
    confusions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_mastered(self) -> bool:
        return self.percent is not None and self.percent >= MASTERED_PERCENT

    @property
    def percent(self) -> int | None:
        """Whole, rounded down, as every score (quiz/scores.py): 79.6 is not mastered."""
        if not self.asked:
            return None
        return floor_percent(Fraction(self.right * 100, self.asked))


def component_mastery(user) -> list[ComponentMastery]:
    """Mastery of each DHS component over the trainee's submitted attempts. Four queries."""
    mastery = {
        c.pk: ComponentMastery(c)
        for c in Component.objects.filter(kind=Component.Kind.COMPONENT).order_by("position")
    }
    responses = Response.objects.filter(
        attempt__user=user, attempt__status=Attempt.Status.SUBMITTED
    )
    per_item = per_item_kinds()
    # Whole questions: right when they earned their full point (grading is all or nothing).
    whole = (
        responses.exclude(question__kind__in=per_item)
        .filter(question__components__in=list(mastery))
        .values("question__components")
        .annotate(asked=Count("pk"), right=Count("pk", filter=Q(points__gte=1)))
    )
    for row in whole:
        mastery[row["question__components"]].asked += row["asked"]
        mastery[row["question__components"]].right += row["right"]
    # Matching questions: one count per line that names a component, answered or not.
    lines = (
        responses.filter(
            question__kind__in=per_item,
            question__match_items__component__in=list(mastery),
        )
        .values("question__match_items__component")
        .annotate(asked=Count("pk"))
    )
    for row in lines:
        mastery[row["question__match_items__component"]].asked += row["asked"]
    # What was picked for each line: the right option, or a role confused with the component.
    picks = (
        Selection.objects.filter(
            response__attempt__user=user,
            response__attempt__status=Attempt.Status.SUBMITTED,
            item__component__in=list(mastery),
        )
        .values("item__component", "choice", "item__correct_choice", "choice__text")
        .annotate(times=Count("pk"))
    )
    confused = {pk: Counter() for pk in mastery}
    for row in picks:
        if row["choice"] == row["item__correct_choice"]:
            mastery[row["item__component"]].right += row["times"]
        else:
            confused[row["item__component"]][row["choice__text"]] += row["times"]
    for pk, counter in confused.items():
        mastery[pk].confusions = sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))
    return list(mastery.values())
