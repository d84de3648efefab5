"""Bad input on the submit endpoint: a clear answer, the good answers kept, nothing recorded."""

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from quiz.models import Attempt, Question, Response, Selection
from quiz.taking.sheet import attempt_sheet
from tests.factories import answer_form, make_quiz

# These tests need every kind of question in one attempt (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("whole_bank")

NOT_RECORDED = "Your answers were not recorded"
ALREADY_SUBMITTED = "This attempt was submitted already"


class MarkedOptions(HTMLParser):
    """For every radio, checkbox and select of the page, the values marked checked/selected."""

    def __init__(self):
        super().__init__()
        self.fields = set()
        self.marked = defaultdict(set)
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            self.fields.add(attributes["name"])
            if "checked" in attributes:
                self.marked[attributes["name"]].add(attributes["value"])
        elif tag == "select":
            self._select = attributes["name"]
            self.fields.add(self._select)
        elif tag == "option" and self._select and "selected" in attributes:
            self.marked[self._select].add(attributes.get("value"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def marked(response) -> MarkedOptions:
    parser = MarkedOptions()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def as_set(value) -> set[str]:
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def assert_answers_kept(response, sent: dict, *, except_fields=()):
    """Every answer sent, other than `except_fields`, is marked again on the page."""
    page = marked(response)
    kept = {name: value for name, value in sent.items() if name not in except_fields}
    assert kept, "the test must send some valid answers to check"
    for name, value in kept.items():
        assert name in page.fields
        assert page.marked[name] == as_set(value), name


def assert_nothing_recorded(attempt: Attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.score is None
    assert attempt.percent is None
    assert attempt.passed is None
    assert attempt.submitted_at is None
    assert not Selection.objects.filter(response__attempt=attempt).exists()
    points = list(Response.objects.filter(attempt=attempt).values_list("points", flat=True))
    assert points
    assert all(p is None for p in points)


def assert_refused(response, message: str):
    assert response.status_code == 400
    html = response.content.decode()
    assert NOT_RECORDED in html
    assert message in html


@pytest.fixture
def attempt(db, start):
    """An attempt at every kind of question (whole_bank asks them all)."""
    make_quiz(8, slug="every-kind")
    return start("every-kind")


@pytest.fixture
def sheet(attempt):
    return attempt_sheet(attempt)


def first_of(sheet, kind):
    return next(sq for sq in sheet if sq.question.kind == kind)


def choice_question(sheet):
    """The first single-choice question of the sheet."""
    return first_of(sheet, "single")


@pytest.fixture
def other_quiz_question(content):
    return Question.objects.filter(quiz=content["release-facts"], is_active=True).first()


def post(client, attempt, data):
    return client.post(f"/attempts/{attempt.pk}/", data)


def refused_as_not_its_own_choice(client, attempt, sq, choice: str):
    """Send every answer right but `choice` for sq: the page says the choice is not one of
    sq's own and marks the other answers again, and nothing is recorded."""
    data = {**answer_form(attempt), sq.field_name: choice}

    response = post(client, attempt, data)

    assert_refused(response, f"Question {sq.number} has a choice that is not one of its own.")
    assert_answers_kept(response, data, except_fields={sq.field_name})
    assert_nothing_recorded(attempt)
    return response


def test_unknown_choice_id_is_refused_and_keeps_other_answers(attempt, sheet, trainee_client):
    sq = choice_question(sheet)
    response = refused_as_not_its_own_choice(trainee_client, attempt, sq, "999999")
    assert marked(response).marked[sq.field_name] == set()


def test_choice_of_another_question_of_the_attempt_is_refused(attempt, sheet, trainee_client):
    sq = choice_question(sheet)
    other = next(s for s in sheet if s is not sq and s.question.kind != "matching")
    refused_as_not_its_own_choice(trainee_client, attempt, sq, str(other.choices[0].pk))


def test_choice_of_another_quizs_question_is_refused(
    attempt, sheet, trainee_client, other_quiz_question
):
    choice = str(other_quiz_question.choices.first().pk)
    refused_as_not_its_own_choice(trainee_client, attempt, choice_question(sheet), choice)


def test_question_not_in_the_attempt_is_refused(attempt, trainee_client, other_quiz_question):
    valid = answer_form(attempt)
    foreign = f"q{other_quiz_question.pk}"
    data = {**valid, foreign: str(other_quiz_question.choices.first().pk)}

    response = post(trainee_client, attempt, data)

    assert_refused(response, "The form has an answer to a question that is not in this attempt.")
    assert foreign not in marked(response).fields
    assert_answers_kept(response, valid)
    assert_nothing_recorded(attempt)


def test_non_integer_choice_is_refused(attempt, sheet, trainee_client):
    refused_as_not_its_own_choice(trainee_client, attempt, choice_question(sheet), "abc")


@pytest.mark.parametrize("kind", ["single", "true_false"])
def test_two_values_for_a_single_answer_question_are_refused(kind, attempt, sheet, trainee_client):
    sq = first_of(sheet, kind)
    data = answer_form(attempt)
    data[sq.field_name] = [str(c.pk) for c in sq.choices[:2]]

    response = post(trainee_client, attempt, data)

    assert_refused(response, f"Question {sq.number} takes one answer only.")
    assert_answers_kept(response, data, except_fields={sq.field_name})
    assert_nothing_recorded(attempt)


def test_matching_field_naming_an_unknown_item_is_refused(attempt, sheet, trainee_client):
    sq = first_of(sheet, "matching")
    valid = answer_form(attempt)
    unknown = f"{sq.field_name}-m999999"
    data = {**valid, unknown: str(sq.choices[0].pk)}

    response = post(trainee_client, attempt, data)

    assert_refused(response, f"Question {sq.number} has an option that is not one of its own.")
    assert unknown not in marked(response).fields
    assert_answers_kept(response, valid)
    assert_nothing_recorded(attempt)


def test_unanswered_question_is_flagged_then_submitted_anyway(attempt, sheet, trainee_client):
    sq = choice_question(sheet)
    data = answer_form(attempt)
    del data[sq.field_name]

    response = post(trainee_client, attempt, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_RECORDED not in html
    fieldset = re.search(
        rf'<fieldset class="question has-error" id="{sq.field_name}"'
        rf' aria-describedby="{sq.field_name}-error">(.*?)</fieldset>',
        html,
        re.S,
    )
    assert fieldset, "the unanswered question is not marked"
    assert re.search(
        rf'<p [^>]*id="{sq.field_name}-error">This question has no answer yet.</p>',
        fieldset.group(1),
    )
    assert html.count("has-error") == 1
    assert 'name="finish"' in html
    assert_answers_kept(response, data)
    assert marked(response).marked[sq.field_name] == set()
    assert_nothing_recorded(attempt)

    response = post(trainee_client, attempt, {**data, "finish": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at is not None
    assert attempt.score == attempt.max_score - 1
    points = dict(Response.objects.filter(attempt=attempt).values_list("question_id", "points"))
    assert points[sq.question.pk] == 0
    assert all(p == 1 for pk, p in points.items() if pk != sq.question.pk)
    assert not Selection.objects.filter(response=sq.response).exists()


def test_second_submit_changes_nothing_and_warns(attempt, trainee_client):
    first = post(trainee_client, attempt, answer_form(attempt, right=True))
    assert first.status_code == 302
    submitted = Attempt.objects.get(pk=attempt.pk)
    assert submitted.is_submitted
    selections = list(
        Selection.objects.filter(response__attempt=attempt)
        .order_by("pk")
        .values_list("pk", "response_id", "choice_id", "item_id")
    )
    assert selections
    points = list(Response.objects.filter(attempt=attempt).order_by("pk").values_list("points"))

    second = post(trainee_client, attempt, {**answer_form(attempt, right=False), "finish": "1"})

    assert second.status_code == 302
    assert second["Location"] == f"/attempts/{attempt.pk}/result/"
    result = trainee_client.get(second["Location"])
    assert result.status_code == 200
    assert ALREADY_SUBMITTED in result.content.decode()
    again = Attempt.objects.get(pk=attempt.pk)
    assert again.status == Attempt.Status.SUBMITTED
    assert again.score == submitted.score == submitted.max_score
    assert again.percent == submitted.percent
    assert again.passed == submitted.passed
    assert again.submitted_at == submitted.submitted_at
    assert (
        list(
            Selection.objects.filter(response__attempt=attempt)
            .order_by("pk")
            .values_list("pk", "response_id", "choice_id", "item_id")
        )
        == selections
    )
    assert (
        list(Response.objects.filter(attempt=attempt).order_by("pk").values_list("points"))
        == points
    )


def test_first_submit_shows_no_already_submitted_warning(attempt, trainee_client):
    """The warning above comes from the second submit, not from every result page."""
    response = post(trainee_client, attempt, answer_form(attempt))

    result = trainee_client.get(response["Location"])

    assert result.status_code == 200
    assert ALREADY_SUBMITTED not in result.content.decode()


@pytest.mark.parametrize("spelling", [" {pk}", "+{pk}", "{pk}.0", "0_{pk}", "{arabic}"])
def test_a_choice_id_not_written_in_plain_digits_is_refused(
    spelling, attempt, sheet, trainee_client
):
    """Found by the property test: int() reads " 5", "+5", "0_5" and "٥" as ids."""
    sq = choice_question(sheet)
    pk = sq.choices[0].pk
    arabic = str(pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    data = {**answer_form(attempt), sq.field_name: spelling.format(pk=pk, arabic=arabic)}

    response = post(trainee_client, attempt, data)

    assert_refused(response, f"Question {sq.number} has a choice that is not one of its own.")
    assert_nothing_recorded(attempt)


def test_a_field_name_in_other_digits_is_not_an_answer(attempt, sheet, trainee_client):
    """ "q١٢" is not the field of question 12: it is ignored like any unknown field."""
    sq = choice_question(sheet)
    arabic = str(sq.question.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    data = {**answer_form(attempt), f"q{arabic}": str(sq.choices[0].pk)}

    response = post(trainee_client, attempt, data)

    assert response.status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).percent == 100


@pytest.mark.parametrize("field", ["q1234567890123456789", "q12345678901234567890123-m1"])
def test_a_question_id_longer_than_any_id_is_refused_and_keeps_what_was_saved(
    field, attempt, trainee_client
):
    """A save whose only field named a 19-digit question id was once taken as an empty
    form and wiped the saved answers; it is tampering, like q999999."""
    trainee_client.post(f"/attempts/{attempt.pk}/save/", answer_form(attempt))
    saved = set(Selection.objects.filter(response__attempt=attempt).values_list("pk", flat=True))

    response = trainee_client.post(f"/attempts/{attempt.pk}/save/", {field: "1"})

    assert response.status_code == 400
    assert "not in this attempt" in response.content.decode()
    assert (
        set(Selection.objects.filter(response__attempt=attempt).values_list("pk", flat=True))
        == saved
    )
