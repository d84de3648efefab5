"""Each kind grades a set of picks against an answer key read from the database."""

from decimal import Decimal

import pytest

from quiz.kinds import kind_of
from quiz.kinds.base import AnswerKey, NotItsOwn


def choice_key(kind: str, correct: set[int], choices=(1, 2, 3, 4)) -> AnswerKey:
    return AnswerKey(1, kind, frozenset(choices), frozenset(correct), {})


def test_a_choice_question_is_all_or_nothing():
    multiple, key = kind_of("multiple"), choice_key("multiple", {1, 2})
    assert multiple.grade(key, frozenset({(None, 1), (None, 2)})) == 1
    assert multiple.grade(key, frozenset({(None, 1)})) == 0
    assert multiple.grade(key, frozenset({(None, 1), (None, 2), (None, 3)})) == 0
    assert kind_of("single").grade(choice_key("single", {1}), frozenset()) == 0


def test_matching_earns_one_share_per_right_pair():
    matching = kind_of("matching")
    key = AnswerKey(
        1, "matching", frozenset({1, 2, 3, 4}), frozenset(), {10: 1, 11: 2, 12: 3, 13: 4}
    )
    assert matching.grade(key, frozenset({(10, 1), (11, 2), (12, 4), (13, 3)})) == Decimal("0.5")
    assert matching.grade(key, frozenset({(10, 1), (11, 2), (12, 3)})) == Decimal("0.75")
    assert matching.grade(key, frozenset()) == 0
    three = AnswerKey(1, "matching", frozenset({1, 2, 3}), frozenset(), {1: 1, 2: 2, 3: 3})
    assert matching.grade(three, frozenset({(1, 1)})) == Decimal("0.333")


def test_a_single_choice_pick_is_read_when_it_is_the_questions_own():
    assert kind_of("single").read_field(choice_key("single", {1}), None, [2]) == {(None, 2)}


@pytest.mark.parametrize(
    "item,ids",
    [(None, [9]), (None, [1, 2]), (None, None), (5, [1])],
    ids=["another question's choice", "two answers", "not an id", "an item it has not"],
)
def test_a_single_choice_pick_that_does_not_fit_is_refused(item, ids):
    with pytest.raises(NotItsOwn, match=r"Question %\(n\)s"):
        kind_of("single").read_field(choice_key("single", {1}), item, ids)
