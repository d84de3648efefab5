"""Practice questions: drawn from an objective's pool as a graded attempt draws, shown and
read back by the question's kind as on the take page, and checked against the answer key
read from the database. Nothing here is a score."""

import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from ..kinds import kind_of
from ..kinds.base import AnswerKey, Pick
from ..models import Practice, Question, Response, answer_key_prefetches
from ..taking.cards import line_html
from ..taking.draw import fresh
from ..taking.fragments import question_contents
from ..taking.selectors import StartData
from ..taking.sheet import SheetQuestion


def pools(start: StartData) -> dict[int, list[int]]:
    """The quiz's active questions by objective id (questions without one are not practised)."""
    found = defaultdict(list)
    for question_id, objective_id in start.bank:
        if objective_id is not None:
            found[objective_id].append(question_id)
    return found


def pick(seed: str, pool: list[int], start: StartData) -> int:
    """One question of a pool the trainee has not seen, graded or not, while there is one;
    the same for the same seed and the same questions seen."""
    return random.Random(seed).choice(fresh(pool, start.seen))


def shuffled(seed: str, rows) -> list:
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    return rows


def answer_keys(question_ids) -> dict[int, AnswerKey]:
    """Each question's key, from its rows in the database. Three queries."""
    questions = (
        Question.objects.filter(pk__in=question_ids)
        .only("pk", "kind")
        .prefetch_related(*answer_key_prefetches())
    )
    return {q.pk: AnswerKey.of(q, q.choices.all(), q.match_items.all()) for q in questions}


def practice_sheet(versions: dict[int, str], seed: str, picks=None) -> list[SheetQuestion]:
    """The questions (id: content version), numbered in the order given, with their keys."""
    picks = picks or {}
    contents = question_contents(versions)
    keys = answer_keys(list(versions))
    sheet = []
    for number, question_id in enumerate(versions, start=1):
        content = contents[question_id]
        choices = list(content.choices)
        if kind_of(content.question.kind).shuffles_choices:
            choices = shuffled(f"{seed}:{question_id}", choices)
        sheet.append(
            SheetQuestion(
                number=number,
                # Unsaved, of no attempt: it only names the question, as an attempt's does.
                response=Response(question_id=question_id, position=number),
                content=content,
                choices=choices,
                items=shuffled(f"{seed}:items{question_id}", content.items),
                picks=frozenset(picks.get(question_id, ())),
                key=keys[question_id],
            )
        )
    return sheet


def is_right(sq: SheetQuestion, picks: frozenset[Pick]) -> bool:
    return sq.kind.grade(sq.key, picks) == 1


def stored(picks: frozenset[Pick]) -> list[list]:
    """Picks as a JSON list, to show the answer again later."""
    return sorted([item, choice] for item, choice in picks)


def picks_of(practice: Practice) -> frozenset[Pick]:
    return frozenset((item, choice) for item, choice in practice.answer)


@dataclass
class Asked:
    """A practice question on a page: the sheet question, the trainee's answer if any."""

    sq: SheetQuestion
    practice: Practice | None = None
    error: str = ""

    @property
    def answered(self) -> bool:
        return self.practice is not None and self.practice.answered_at is not None

    @property
    def inputs(self) -> SafeString:
        return self.sq.inputs_html(self.sq.picks)

    @property
    def lines(self) -> SafeString:
        """The answer given beside the right one, and why, as on the result page."""
        picks = picks_of(self.practice) if self.practice else frozenset()
        lines = self.sq.kind.result_lines(self.sq.key, picks, self.sq.choices, self.sq.items)
        return mark_safe("".join(line_html(line) for line in lines))
