"""Property-based: arbitrary POST bodies at the save and submit endpoints.

Whatever is sent (missing fields, unknown ids, other trainees' choice ids, huge values,
wrong types, repeated keys, odd content types), the answer is a 2xx/3xx/4xx page with a
clear message, never a 500, and the database changes exactly as the request's valid
meaning says, or not at all. The expected outcome is worked out here, from the rules the
take page states, independently of quiz/taking/answers.py.

Each example runs inside a transaction that is rolled back, so every example starts from
the same attempt with the same saved answers.
"""

import re
from collections import defaultdict
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.models import Attempt, Selection
from quiz.taking.answers import read_answers
from quiz.taking.services import save_progress, start_attempt
from quiz.taking.sheet import attempt_sheet, keyed_sheet
from tests.factories import answer_form, make_user

EXAMPLES_PER_ENDPOINT = 150
EXAMPLES_RUN = defaultdict(int)
INVALID = "invalid"
FORM = "application/x-www-form-urlencoded"
UNREADABLE = "The server could not read what your browser sent, so nothing was recorded."


class Sheet:
    """What the attempt's questions accept, read straight from the database."""

    def __init__(self, attempt):
        self.kind, self.choices, self.items, self.correct, self.item_answer = {}, {}, {}, {}, {}
        for sq in attempt_sheet(attempt):
            pk = sq.question.pk
            self.kind[pk] = sq.question.kind
            self.choices[pk] = {c.pk for c in sq.choices}
            self.correct[pk] = {c.pk for c in sq.choices if c.is_correct}
            self.items[pk] = {item.pk for item in sq.items}
            self.item_answer.update({item.pk: item.correct_choice_id for item in sq.items})


def as_id(value: str) -> int | None:
    """A choice id is written in ASCII digits and nothing else."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def meaning(pairs: list[tuple[str, str]], sheet: Sheet):
    """The answers a body stands for, or INVALID when any answer field does not fit."""
    values = defaultdict(list)
    for key, value in pairs:
        values[key].append(value)
    chosen, matched = {}, {}
    for key, sent in values.items():
        # "q", ASCII digits, maybe "-m" and digits: an answer field, whatever the number
        # of digits. Anything else is not one. Ids are bigints (1 to 18 digits), so a
        # longer number names no question or item of the attempt.
        field = re.fullmatch(r"q([0-9]+)(?:-m([0-9]+))?", key)
        if not field:
            continue  # not an answer field: ignored, like the CSRF token
        question = as_id(field[1])
        if question not in sheet.kind:
            return INVALID
        ids = [as_id(v) for v in sent if v != ""]
        if None in ids or not set(ids) <= sheet.choices[question]:
            return INVALID
        if field[2] is None:
            if sheet.kind[question] == "matching":
                return INVALID
            if sheet.kind[question] != "multiple" and len(ids) > 1:
                return INVALID
            if ids:
                chosen[question] = set(ids)
        else:
            item = as_id(field[2])
            if item not in sheet.items[question] or len(ids) > 1:
                return INVALID
            if ids:
                matched[item] = (question, ids[0])
    return chosen, matched


def selections_of(chosen, matched) -> set[tuple]:
    rows = {(q, None, c) for q, ids in chosen.items() for c in ids}
    return rows | {(q, item, c) for item, (q, c) in matched.items()}


def recorded(attempt) -> set[tuple]:
    return set(
        Selection.objects.filter(response__attempt=attempt).values_list(
            "response__question_id", "item_id", "choice_id"
        )
    )


def is_answered(question, chosen, matched, sheet) -> bool:
    if sheet.kind[question] == "matching":
        return {item for item, (q, _) in matched.items() if q == question} == sheet.items[question]
    return bool(chosen.get(question))


def expected_score(chosen, matched, sheet) -> Decimal:
    score = Decimal(0)
    for question, kind in sheet.kind.items():
        if kind == "matching":
            right = sum(
                1
                for item, (q, c) in matched.items()
                if q == question and sheet.item_answer[item] == c
            )
            score += Decimal(right) / len(sheet.items[question])
        else:
            score += chosen.get(question, set()) == sheet.correct[question]
    return score


def state(attempt) -> tuple:
    a = Attempt.objects.get(pk=attempt.pk)
    points = tuple(a.responses.order_by("pk").values_list("points", flat=True))
    return (a.status, a.score, a.percent, a.passed, a.submitted_at, points, frozenset(recorded(a)))


# --- Strategies ---------------------------------------------------------------------


def field_names(sheet: Sheet) -> list[str]:
    names = [f"q{q}" for q in sheet.kind]
    return names + [f"q{q}-m{item}" for q, items in sheet.items.items() for item in items]


def bodies(own: Sheet, foreign: Sheet):
    """Lists of (key, value) pairs, repeats allowed, in any order."""
    own_ids = sorted({str(c) for ids in own.choices.values() for c in ids})
    foreign_ids = sorted({str(c) for ids in foreign.choices.values() for c in ids})
    keys = st.one_of(
        st.sampled_from(field_names(own)),
        st.sampled_from(field_names(foreign)),
        st.from_regex(r"\Aq\d{1,12}(-m\d{1,12})?\Z"),  # any digits, Unicode ones included
        st.from_regex(r"\Aq[0-9]{16,22}(-m[0-9]{1,3})?\Z"),  # around the bigint's 18 digits
        st.sampled_from(["finish", "save", "csrfmiddlewaretoken", "q", "q-m1", "qx"]),
        st.just("q" + "9" * 5000),
        st.text(max_size=12),
    )
    values = st.one_of(
        st.sampled_from(own_ids),
        st.sampled_from(foreign_ids),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["", " ", "0", "-1", "1e3", "1_0", "٣", "null", "[]", "9" * 5000]),
        st.text(max_size=40),
    )
    return st.lists(st.tuples(keys, values), max_size=30)


def encode(pairs) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


CONTENT_TYPES = st.sampled_from(
    [FORM] * 6 + ["application/json", "text/plain", "multipart/form-data; boundary=xyz"]
)


# --- Fixtures -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def unlimited_saves(request):
    """The examples save to one attempt 150 times a minute: more than a trainee's limit."""
    django_settings = request.getfixturevalue("settings")  # `settings` here is hypothesis'
    django_settings.RATE_LIMITS = {**django_settings.RATE_LIMITS, "save": "100000/m"}


@pytest.fixture
def scene(content, trainee, trainee_client):
    """The trainee's attempt with some answers saved, and another trainee's attempt."""
    attempt = start_attempt(user=trainee, quiz=content["component-roles"])
    sheet = keyed_sheet(attempt)
    data = QueryDict(mutable=True)
    for name, value in answer_form(attempt, skip=12).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    save_progress(attempt=attempt, sheet=sheet, answers=read_answers(data, sheet))
    other = start_attempt(user=make_user("someone-else"), quiz=content["release-facts"])
    return attempt, Sheet(attempt), other, Sheet(other)


def post(client, url, pairs, content_type, *, json=False):
    """Send the body; whatever it holds, the answer is never a server error."""
    body = encode(pairs) if content_type == FORM else encode(pairs).encode() + b"\xff--xyz"
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    response = client.generic("POST", url, body, content_type=content_type, **headers)
    assert response.status_code < 500
    return response


def unreadable_and_unchanged(response, content_type, pairs, attempt, before) -> bool:
    """A body Django itself cannot parse (a broken multipart one), or a form with a NUL
    byte anywhere (quiz/bad_requests.py), gets the 400 page and leaves the attempt as it was.

    Any other non-form body has no fields, so it means the same as an empty form.
    """
    if content_type.startswith("multipart/") and response.status_code == 400:
        if UNREADABLE in response.content.decode():
            assert state(attempt) == before
            return True
    if content_type == FORM and any("\x00" in key + value for key, value in pairs):
        assert response.status_code == 400
        assert state(attempt) == before
        return True
    return False


def in_rollback(check):
    """Run one example in a transaction that is always rolled back."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- Properties ---------------------------------------------------------------------


def test_any_body_at_the_save_endpoint_saves_its_meaning_or_nothing(scene, trainee_client):
    attempt, own, other, foreign = scene
    before, other_before = state(attempt), state(other)
    url = f"/attempts/{attempt.pk}/save/"

    @PROPERTY_SETTINGS
    @given(pairs=bodies(own, foreign), content_type=CONTENT_TYPES, as_json=st.booleans())
    def check(pairs, content_type, as_json):
        def example():
            EXAMPLES_RUN["save"] += 1
            response = post(trainee_client, url, pairs, content_type, json=as_json)
            sent = meaning(pairs if content_type == FORM else [], own)
            assert state(other) == other_before
            if unreadable_and_unchanged(response, content_type, pairs, attempt, before):
                return
            if sent == INVALID:
                assert response.status_code == 400
                message = response.json()["message"] if as_json else response.content.decode()
                assert (
                    "not one of its own" in message
                    or "not in this attempt" in message
                    or ("one answer only" in message)
                )
                assert state(attempt) == before
                return
            assert response.status_code == (200 if as_json else 302)
            now = state(attempt)
            assert now[0] == Attempt.Status.IN_PROGRESS and now[1:6] == before[1:6]
            assert recorded(attempt) == selections_of(*sent)

        in_rollback(example)

    check()
    print(f"save endpoint: {EXAMPLES_RUN['save']} examples")


def test_any_body_at_the_submit_endpoint_grades_its_meaning_or_records_nothing(
    scene, trainee_client
):
    attempt, own, other, foreign = scene
    before, other_before = state(attempt), state(other)
    url = f"/attempts/{attempt.pk}/"

    @PROPERTY_SETTINGS
    @given(pairs=bodies(own, foreign), content_type=CONTENT_TYPES)
    def check(pairs, content_type):
        def example():
            EXAMPLES_RUN["submit"] += 1
            response = post(trainee_client, url, pairs, content_type)
            parsed = pairs if content_type == FORM else []
            sent = meaning(parsed, own)
            assert state(other) == other_before
            if unreadable_and_unchanged(response, content_type, pairs, attempt, before):
                return
            if sent == INVALID:
                assert response.status_code == 400
                assert "Your answers were not recorded" in response.content.decode()
                assert state(attempt) == before
                return
            chosen, matched = sent
            complete = all(is_answered(q, chosen, matched, own) for q in own.kind)
            if not complete and "finish" not in dict(parsed):
                assert response.status_code == 200
                assert "without an answer" in response.content.decode()
                assert state(attempt) == before
                return
            assert response.status_code == 302
            assert response["Location"] == f"/attempts/{attempt.pk}/result/"
            graded = Attempt.objects.get(pk=attempt.pk)
            assert graded.status == Attempt.Status.SUBMITTED
            assert graded.score == expected_score(chosen, matched, own).quantize(Decimal("0.001"))
            assert recorded(attempt) == selections_of(chosen, matched)

        in_rollback(example)

    check()
    print(f"submit endpoint: {EXAMPLES_RUN['submit']} examples")
