"""Reads of learning: the lesson's blocks with the trainee's checks, and the pre-check's
questions. A fixed number of queries, however many objectives and answers."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from ..content.lesson import LessonObjective, lesson_for
from ..models import Practice, Quiz
from ..organisations.selectors import assigned_with_precheck
from ..stats.gains import before_of
from ..taking.selectors import StartData, may_precheck, start_data_of
from ..taking.sheet import SheetQuestion
from .practice import Asked, pick, pools, practice_sheet


@dataclass
class Block:
    """One objective's part of the lesson: the passages, what they mean, and its check."""

    lesson: LessonObjective
    check: Asked | None = None  # None: no question to ask, or nobody logged in
    before: bool | None = None  # known at the pre-check; None without one

    @property
    def key(self) -> str:
        return self.lesson.objective.key


def published_quiz(slug: str) -> Quiz:
    return get_object_or_404(Quiz.objects.select_related("release"), slug=slug, is_published=True)


def check_question(user, objective_id: int, pool: list[int], start: StartData) -> int:
    """The question a block checks with: not one the trainee has seen, while there is one."""
    return pick(f"check:{user.pk}:{objective_id}", pool, start)


def lesson_page(*, slug: str, user) -> dict:
    """The lesson (content/lesson.py) with a block per objective; for a trainee, each block
    carries its check (answered or not) and what the pre-check found."""
    context = lesson_for(slug=slug)
    quiz = context["quiz"]
    blocks = [Block(lesson) for lesson in context["objectives"]]
    context.update(
        blocks=blocks, checked=0, may_precheck=False, precheck_owed=False, next_block=None
    )
    if not user.is_authenticated:
        return context
    start = start_data_of(user=user, quiz=quiz)
    by_objective = pools(start)
    done = {
        p.objective_id: p
        for p in Practice.objects.filter(
            user=user, objective__quiz=quiz, purpose=Practice.Purpose.CHECK
        )
    }
    asked = {}
    for block in blocks:
        objective_id = block.lesson.objective.pk
        if objective_id in done:
            asked[objective_id] = done[objective_id].question_id
        elif pool := by_objective.get(objective_id):
            asked[objective_id] = check_question(user, objective_id, pool, start)
    versions = {qid: start.versions.get(qid, "") for qid in asked.values()}
    sheet = {sq.question.pk: sq for sq in practice_sheet(versions, f"check:{user.pk}")}
    before = before_of(user=user, quiz=quiz)
    for block in blocks:
        objective_id = block.lesson.objective.pk
        if objective_id in asked:
            block.check = Asked(sheet[asked[objective_id]], done.get(objective_id))
        block.before = before.get(objective_id)
    context["checked"] = sum(1 for block in blocks if block.check and block.check.answered)
    context["may_precheck"] = may_precheck(start, prechecked=bool(before))
    # An assigned pre-check measures what was known before the lesson: say so first.
    context["precheck_owed"] = context["may_precheck"] and assigned_with_precheck(user, quiz)
    context["next_block"] = next((b for b in blocks if b.check and not b.check.answered), None)
    return context


def precheck_sheet(*, user, quiz: Quiz) -> tuple[StartData, list[SheetQuestion]]:
    """One question per objective, none the trainee has seen, the same on every load."""
    start = start_data_of(user=user, quiz=quiz)
    drawn = [
        pick(f"precheck:{user.pk}:{objective_id}", pool, start)
        for objective_id, pool in pools(start).items()
    ]
    return start, practice_sheet({q: start.versions[q] for q in drawn}, f"precheck:{user.pk}")
