"""Who may see and change what: login, ownership, the answer key, CSRF, history."""

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Case, Value, When
from django.test import Client

from quiz.models import Attempt, Choice, MatchItem, Question, Response, Selection
from quiz.taking import fragments
from quiz.taking.sheet import attempt_sheet

from .factories import answer_form, make_user

# Every attempt asks every active question (tests/conftest.py): the take-page tests
# compare the page with the whole of the quiz's answer key.
pytestmark = pytest.mark.usefixtures("whole_bank")

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class FormOptions(HTMLParser):
    """The values of every radio, checkbox and select option, by field name, in page order."""

    def __init__(self):
        super().__init__()
        self.values = defaultdict(list)
        self.attribute_names = set()
        self.attribute_values = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.attribute_names.update(attributes)
        self.attribute_values.extend(v for v in attributes.values() if v)
        if tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            self.values[attributes["name"]].append(attributes["value"])
        elif tag == "select":
            self._select = attributes["name"]
        elif tag == "option" and self._select and attributes.get("value"):
            self.values[self._select].append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse(html: str) -> FormOptions:
    parser = FormOptions()
    parser.feed(html)
    parser.close()
    return parser


def without_csrf(html: str) -> str:
    return CSRF_VALUE.sub(r"\1\2", html)


def choice_orders(client, attempt) -> dict[int, list[str]]:
    """For each question of the attempt, the choice ids in the order the take page shows them."""
    response = client.get(f"/attempts/{attempt.pk}/")
    assert response.status_code == 200
    values = parse(response.content.decode()).values
    orders = {}
    for sq in attempt_sheet(attempt):
        if sq.question.kind == "matching":
            orders[sq.question.pk] = values[sq.item_field_name(sq.items[0])]
        else:
            orders[sq.question.pk] = values[sq.field_name]
    return orders


def login_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def other_client(other_trainee):
    return login_client(other_trainee)


@pytest.fixture
def in_progress(content, start):
    return start("component-roles")


@pytest.fixture
def submitted(content, start, trainee_client):
    attempt = start("release-facts")
    response = trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_submitted
    return attempt


def snapshot(attempt: Attempt) -> dict:
    """Everything a submit could change about an attempt."""
    attempt = Attempt.objects.get(pk=attempt.pk)
    return {
        "status": attempt.status,
        "score": attempt.score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "submitted_at": attempt.submitted_at,
        "points": list(
            Response.objects.filter(attempt=attempt).order_by("pk").values_list("pk", "points")
        ),
        "selections": list(
            Selection.objects.filter(response__attempt=attempt)
            .order_by("pk")
            .values_list("pk", "response_id", "choice_id", "item_id")
        ),
    }


# --- Login required ---------------------------------------------------------------


TRAINEE_PAGES = [
    "/quizzes/",
    "/history/",
    "/attempts/{pk}/",
    "/attempts/{pk}/result/",
]


@pytest.mark.parametrize("page", TRAINEE_PAGES)
def test_trainee_page_redirects_anonymous_user_to_login(page, in_progress):
    path = page.format(pk=in_progress.pk)

    response = Client().get(path)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/accounts/login/")
    assert parse_qs(urlsplit(location).query)["next"] == [path]


def test_start_attempt_redirects_anonymous_user_to_login_and_starts_nothing(content):
    path = "/quizzes/component-roles/start/"

    response = Client().post(path)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/accounts/login/")
    assert parse_qs(urlsplit(location).query)["next"] == [path]
    assert not Attempt.objects.exists()


def test_submit_by_anonymous_user_redirects_to_login_and_records_nothing(in_progress):
    path = f"/attempts/{in_progress.pk}/"
    before = snapshot(in_progress)

    response = Client().post(path, answer_form(in_progress))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [path]
    assert snapshot(in_progress) == before


# --- Another trainee's attempt ----------------------------------------------------


@pytest.mark.parametrize("which", ["in_progress", "submitted"])
@pytest.mark.parametrize("page", ["/attempts/{pk}/", "/attempts/{pk}/result/"])
def test_other_trainees_attempt_pages_answer_404(request, which, page, other_client):
    attempt = request.getfixturevalue(which)

    response = other_client.get(page.format(pk=attempt.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("which", ["in_progress", "submitted"])
def test_submit_to_other_trainees_attempt_answers_404_and_changes_nothing(
    request, which, other_client
):
    attempt = request.getfixturevalue(which)
    before = snapshot(attempt)

    right = other_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=True))
    anyway = other_client.post(f"/attempts/{attempt.pk}/", {"finish": "1"})

    assert right.status_code == 404
    assert anyway.status_code == 404
    assert snapshot(attempt) == before


def test_own_attempt_pages_still_answer_the_owner(in_progress, submitted, trainee_client):
    """The 404s above come from ownership, not from a broken page."""
    assert trainee_client.get(f"/attempts/{in_progress.pk}/").status_code == 200
    assert trainee_client.get(f"/attempts/{submitted.pk}/result/").status_code == 200


# --- The take page does not reveal the answer key ---------------------------------


def test_take_page_has_no_correctness_marker(in_progress, trainee_client):
    html = trainee_client.get(f"/attempts/{in_progress.pk}/").content.decode()
    page = parse(html)

    assert "is_correct" not in html
    assert "correct" not in html.lower()
    assert not any("correct" in name.lower() for name in page.attribute_names)
    assert not any("correct" in value.lower() for value in page.attribute_values)


def test_take_page_inputs_are_exactly_each_questions_choices(in_progress, trainee_client):
    html = trainee_client.get(f"/attempts/{in_progress.pk}/").content.decode()
    values = parse(html).values
    sheet = attempt_sheet(in_progress)
    expected_names = set()

    for sq in sheet:
        own = sorted(
            str(pk)
            for pk in Choice.objects.filter(question=sq.question).values_list("pk", flat=True)
        )
        shown = [str(choice.pk) for choice in sq.choices]
        if sq.question.kind == "matching":
            for item in sq.items:
                expected_names.add(sq.item_field_name(item))
                assert values[sq.item_field_name(item)] == shown
                assert sorted(values[sq.item_field_name(item)]) == own
        else:
            expected_names.add(sq.field_name)
            assert values[sq.field_name] == shown
            assert sorted(values[sq.field_name]) == own

    # Besides the answers, only the "Flag for review" boxes, one per question of the attempt.
    assert set(values) == expected_names | {"flag"}
    assert sorted(values["flag"]) == sorted(str(sq.question.pk) for sq in sheet)
    assert len(sheet) == Question.objects.filter(quiz=in_progress.quiz, is_active=True).count()


def test_take_page_is_identical_when_the_answer_key_is_flipped(in_progress, trainee_client):
    url = f"/attempts/{in_progress.pk}/"
    before = trainee_client.get(url).content.decode()
    choices = Choice.objects.filter(question__responses__attempt=in_progress)
    flipped = choices.update(
        is_correct=Case(When(is_correct=True, then=Value(False)), default=Value(True))
    )
    assert flipped == Choice.objects.filter(question__quiz=in_progress.quiz).count()
    for item in MatchItem.objects.filter(question__responses__attempt=in_progress):
        options = list(item.question.choices.order_by("pk").values_list("pk", flat=True))
        item.correct_choice_id = options[(options.index(item.correct_choice_id) + 1) % len(options)]
        item.save(update_fields=["correct_choice"])

    fragments.forget_all()  # the pieces are rendered again, from the flipped key
    after = trainee_client.get(url).content.decode()

    assert without_csrf(after) == without_csrf(before)


def test_choice_order_is_stable_across_loads_of_one_attempt(in_progress, trainee_client):
    assert choice_orders(trainee_client, in_progress) == choice_orders(trainee_client, in_progress)


def test_choice_order_differs_between_attempts_of_different_users(content):
    orders = []
    for n in range(5):
        client = login_client(make_user(f"shuffled{n}"))
        assert client.post("/quizzes/component-roles/start/").status_code == 200
        attempt = Attempt.objects.latest("pk")
        orders.append(choice_orders(client, attempt))

    question_ids = set(orders[0])
    assert all(set(order) == question_ids for order in orders)
    assert any(len({tuple(order[pk]) for order in orders}) > 1 for pk in question_ids)


# --- CSRF -------------------------------------------------------------------------


def test_submit_without_csrf_token_is_refused_and_records_nothing(in_progress, trainee):
    client = login_client(trainee, enforce_csrf_checks=True)

    response = client.post(
        f"/attempts/{in_progress.pk}/", {**answer_form(in_progress), "finish": "1"}
    )

    assert response.status_code == 403
    in_progress.refresh_from_db()
    assert in_progress.status == Attempt.Status.IN_PROGRESS
    assert in_progress.score is None
    assert in_progress.submitted_at is None
    assert not Selection.objects.filter(response__attempt=in_progress).exists()
    assert not Response.objects.filter(attempt=in_progress, points__isnull=False).exists()


def test_start_without_csrf_token_is_refused_and_starts_nothing(content, trainee):
    client = login_client(trainee, enforce_csrf_checks=True)

    response = client.post("/quizzes/component-roles/start/")

    assert response.status_code == 403
    assert not Attempt.objects.exists()


# --- History ----------------------------------------------------------------------


def test_history_lists_only_the_trainees_own_attempts(
    content, start, trainee_client, other_trainee, other_client
):
    mine = start("component-roles")
    assert other_client.post("/quizzes/component-roles/start/").status_code == 200
    assert other_client.post("/quizzes/release-facts/start/").status_code == 200
    theirs = list(Attempt.objects.filter(user=other_trainee))
    submitted_theirs = theirs[0]
    response = other_client.post(f"/attempts/{submitted_theirs.pk}/", answer_form(submitted_theirs))
    assert response.status_code == 302

    html = trainee_client.get("/history/").content.decode()

    assert f'href="/attempts/{mine.pk}/"' in html
    for attempt in theirs:
        assert f"/attempts/{attempt.pk}/" not in html
    attempts_table = html[html.index('id="attempts-title"') :]
    assert attempts_table.count("<tr>") == 1 + 1  # the header row and my one attempt


def test_pages_with_answers_or_scores_are_never_cached(content, start, trainee_client):
    attempt = start("release-facts")
    take = trainee_client.get(f"/attempts/{attempt.pk}/")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=True))
    pages = [take] + [
        trainee_client.get(url)
        for url in [
            f"/attempts/{attempt.pk}/result/",
            f"/attempts/{attempt.pk}/certificate/",
            "/history/",
        ]
    ]
    for page in pages:
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


# --- Methods ----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["options", "trace", "put", "patch", "delete"])
def test_a_method_a_page_does_not_take_answers_405_and_changes_nothing(
    method, in_progress, submitted, trainee_client
):
    """OPTIONS and TRACE once got the take page itself back."""
    pages = [
        "/",
        "/quizzes/",
        "/quizzes/component-roles/lesson/",
        "/quizzes/component-roles/start/",
        "/history/",
        "/accounts/signup/",
        *(
            url.format(pk=attempt.pk)
            for attempt in (in_progress, submitted)
            for url in ("/attempts/{pk}/", "/attempts/{pk}/save/", "/attempts/{pk}/result/")
        ),
    ]
    before = [snapshot(in_progress), snapshot(submitted)]

    codes = {page: getattr(trainee_client, method)(page).status_code for page in pages}

    assert codes == dict.fromkeys(pages, 405)
    assert [snapshot(in_progress), snapshot(submitted)] == before
