"""The lesson: a release's passages in order, paragraphs and runs of bullets."""

from dataclasses import dataclass
from itertools import groupby

from django.shortcuts import get_object_or_404

from ..models import Passage, Quiz


@dataclass
class LessonBlock:
    """A paragraph, or a run of bullets shown as one list."""

    kind: str
    passages: list[Passage]


def lesson_blocks(passages) -> list[LessonBlock]:
    return [
        LessonBlock(kind, list(group)) for kind, group in groupby(passages, key=lambda p: p.kind)
    ]


def lesson_for(*, slug: str) -> tuple[Quiz, list[LessonBlock]]:
    """A published quiz with its release, and the release's passages in order. Two queries."""
    quiz = get_object_or_404(Quiz.objects.select_related("release"), slug=slug, is_published=True)
    passages = Passage.objects.filter(release=quiz.release).order_by("position")
    return quiz, lesson_blocks(passages)
