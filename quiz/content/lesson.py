"""The lesson: the quiz's objectives, the names its questions use, and the release's
passages in order, paragraphs and runs of bullets."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import Component, ComponentRole, Objective, Passage, Quiz


@dataclass
class LessonBlock:
    """A paragraph, or a run of bullets shown as one list."""

    kind: str
    passages: list[Passage]


@dataclass
class LessonObjective:
    """An objective and the passages of the release that teach it, in release order."""

    objective: Objective
    passages: list[Passage]


def lesson_blocks(passages) -> list[LessonBlock]:
    return [
        LessonBlock(kind, list(group)) for kind, group in groupby(passages, key=lambda p: p.kind)
    ]


def passages_of(objective: Objective) -> list[Passage]:
    cited = [cr.passage for role in objective.roles.all() for cr in role.component_roles.all()]
    cited += [fact.passage for fact in objective.facts.all()]
    return sorted({p.pk: p for p in cited}.values(), key=lambda p: p.position)


def lesson_objectives(quiz: Quiz) -> list[LessonObjective]:
    """Five queries, however many objectives, roles and facts."""
    claims = ComponentRole.objects.select_related("passage")
    objectives = Objective.objects.filter(quiz=quiz).prefetch_related(
        Prefetch("roles__component_roles", queryset=claims),
        Prefetch("facts__passage"),
    )
    return [LessonObjective(o, passages_of(o)) for o in objectives.order_by("position")]


def lesson_for(*, slug: str):
    """A published quiz with its release, its objectives, the components by name, and the
    release's passages in order. A fixed number of queries."""
    quiz = get_object_or_404(Quiz.objects.select_related("release"), slug=slug, is_published=True)
    passages = Passage.objects.filter(release=quiz.release).order_by("position")
    return {
        "quiz": quiz,
        "objectives": lesson_objectives(quiz),
        "components": list(Component.objects.order_by("position")),
        "blocks": lesson_blocks(passages),
    }
