"""Which questions an attempt asks: one of each objective's pool, drawn by the attempt's seed.

Questions of one objective test the same thing in different ways, so no two of them are
asked together, and questions of different objectives never show each other's answers
(quiz/content/truth.py refuses a bank where they would). A question with no objective is
a pool of its own and always asked.

A retake never asks again what the trainee has seen while its pool has a question they
have not: only once every question of a pool was asked of them does it ask again, the one
asked longest ago. So a result page may show every right answer: copying it is no help.
"""

import random
from collections import defaultdict
from datetime import datetime


def draw(
    seed: int,
    questions: list[tuple[int, int | None]],
    seen: dict[int, datetime] | None = None,
) -> list[int]:
    """The ids drawn from (question id, objective id) pairs, in the order given.

    seen: when each question (any version of it) was last asked of the trainee.
    """
    seen = seen or {}
    pools = defaultdict(list)
    for question_id, objective_id in questions:
        pools[objective_id if objective_id is not None else ("alone", question_id)].append(
            question_id
        )
    drawn = {
        random.Random(f"{seed}:{key}").choice(fresh(pool, seen)) for key, pool in pools.items()
    }
    return [question_id for question_id, _ in questions if question_id in drawn]


def fresh(pool: list[int], seen: dict[int, datetime]) -> list[int]:
    """The questions of a pool a draw may take: those never asked of the trainee, or if
    there are none, those asked longest ago."""
    unseen = [q for q in pool if q not in seen]
    if unseen:
        return sorted(unseen)
    oldest = min(seen[q] for q in pool)
    return sorted(q for q in pool if seen[q] == oldest)


def shared_share(seed_pairs, questions: list[tuple[int, int | None]]) -> float:
    """The mean share of questions two attempts have in common, over pairs of seeds."""
    shares = []
    for first, second in seed_pairs:
        a, b = set(draw(first, questions)), set(draw(second, questions))
        shares.append(len(a & b) / len(a) if a else 0.0)
    return sum(shares) / len(shares) if shares else 0.0
