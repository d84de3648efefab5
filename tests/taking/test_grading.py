"""Grading: the score from points, then a whole attempt graded through the service."""

from decimal import Decimal

from quiz.taking import grading
from quiz.taking.answers import read_answers
from quiz.taking.services import start_attempt, submit_attempt
from quiz.taking.sheet import keyed_sheet
from tests.factories import answer_form, make_quiz


class FormData(dict):
    """Enough of a QueryDict for read_answers: getlist over plain or list values."""

    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def test_percent_and_pass_mark():
    assert grading.percent_of(Decimal("3.5"), Decimal("4")) == Decimal("87.50")
    assert grading.has_passed(Decimal("80.00"), 80)
    assert not grading.has_passed(Decimal("79.99"), 80)


def grade(quiz, user, **form_options):
    attempt = start_attempt(user=user, quiz=quiz)
    sheet = keyed_sheet(attempt)
    answers = read_answers(FormData(answer_form(attempt, **form_options)), sheet)
    assert not answers.problems
    return submit_attempt(attempt=attempt, sheet=sheet, answers=answers)


def test_all_right_is_100_percent_and_passed(trainee):
    attempt = grade(make_quiz(8), trainee, right=True)
    assert (attempt.score, attempt.percent, attempt.passed) == (8, Decimal("100.00"), True)


def test_all_wrong_is_0_percent_and_not_passed(trainee):
    attempt = grade(make_quiz(8), trainee, right=False)
    assert (attempt.score, attempt.percent, attempt.passed) == (0, Decimal("0.00"), False)
    assert attempt.responses.filter(points=0).count() == 8


def test_partly_right_matching_gives_its_share(trainee):
    quiz = make_quiz(4)  # one question of each kind; the fourth is matching with 4 items
    attempt = start_attempt(user=trainee, quiz=quiz)
    sheet = keyed_sheet(attempt)
    data = answer_form(attempt, right=True)
    matching = next(sq for sq in sheet if sq.question.kind == "matching")
    first, second = matching.items[:2]  # swap two items' options: two of four pairs wrong
    data[matching.item_field_name(first)] = str(second.correct_choice_id)
    data[matching.item_field_name(second)] = str(first.correct_choice_id)
    answers = read_answers(FormData(data), sheet)
    attempt = submit_attempt(attempt=attempt, sheet=sheet, answers=answers)
    assert attempt.responses.get(question=matching.question).points == Decimal("0.5")
    assert attempt.score == Decimal("3.5")
    assert attempt.percent == Decimal("87.50")
    assert attempt.passed  # pass mark 80


def test_unanswered_questions_count_as_wrong(trainee):
    attempt = grade(make_quiz(5), trainee, right=True, skip=1)
    assert attempt.score == 4
    assert attempt.percent == Decimal("80.00")
    assert attempt.responses.filter(points=0).count() == 1
