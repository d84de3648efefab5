"""Mastery per component on the history page, counted from hand-made answers."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.content import shapes
from quiz.content.sync import build_all_questions
from quiz.models import Component, Question
from quiz.taking.mastery import ComponentMastery, component_mastery
from quiz.taking.sheet import keyed_sheet
from tests.factories import answer_form, make_user, quiz_about_components

from ..content.test_builder import FIXTURES

LONG_TERM = "Long-term relief"  # USCIS's, in the hand-made matching question


# --- Which components a question is about ---------------------------------------------


def about_by_key() -> dict[str, set[str]]:
    return {
        q.key: {c.slug for c in q.components.all()}
        for q in Question.objects.filter(quiz__slug="component-roles", is_active=True)
    }


def test_each_component_role_question_is_linked_to_the_components_it_tests(content):
    about = about_by_key()
    assert about["which:interdicts-traffickers"] == {"cbp"}
    assert about["which:long-term-relief:2"] == {"uscis"}
    assert about["which:develops-training:1"] == {"fletc"}
    assert about["which:protects-victims"] == {"ice-hsi", "cbp"}
    roles = {key: slugs for key, slugs in about.items() if key.startswith("which:")}
    assert len(roles) == 32 and all(roles.values())


def test_release_fact_questions_are_about_no_component(content):
    assert not Question.objects.filter(quiz__slug="release-facts", components__isnull=False)


def test_a_rebuild_links_questions_built_before_the_links_existed(content):
    Question.components.through.objects.all().delete()
    counts = build_all_questions(FIXTURES, {"component-roles", "release-facts"})
    assert counts["component-roles"]["added"] == 0  # the same questions, not new versions
    assert about_by_key()["which:interdicts-traffickers:1"] == {"cbp"}


def test_about_is_not_part_of_the_fingerprint():
    spec = shapes.QuestionSpec("k", "single", "P?", "E.", "p", (), about=("cbp",))
    assert spec.fingerprint == shapes.QuestionSpec("k", "single", "P?", "E.", "p", ()).fingerprint


# --- Mastery, against numbers worked out by hand --------------------------------------


@pytest.fixture
def quiz(content):
    return quiz_about_components()


def pick(sheet, position):
    return next(sq for sq in sheet if sq.question.position == position)


def partial_answers(attempt) -> dict:
    """CBP's question right, USCIS's wrong, the select-all right; the matching question:
    USCIS's line right, HSI's line given USCIS's option."""
    sheet = keyed_sheet(attempt)
    data = {"finish": "1"}
    for position in (1, 3):
        sq = pick(sheet, position)
        data[sq.field_name] = [str(pk) for pk in sq.key.correct]
    uscis = pick(sheet, 2)
    data[uscis.field_name] = str(next(c.pk for c in uscis.choices if not c.is_correct))
    matching = pick(sheet, 4)
    lines = {item.component.slug: item for item in matching.items}
    data[matching.item_field_name(lines["uscis"])] = str(lines["uscis"].correct_choice_id)
    data[matching.item_field_name(lines["ice-hsi"])] = str(lines["uscis"].correct_choice_id)
    return data


def by_slug(user) -> dict:
    return {m.component.slug: m for m in component_mastery(user)}


def submit(client, attempt, data):
    assert client.post(f"/attempts/{attempt.pk}/", data).status_code == 302


def test_mastery_of_one_partly_right_attempt(quiz, start, trainee_client, trainee):
    attempt = start(quiz.slug)
    submit(trainee_client, attempt, partial_answers(attempt))
    mastery = by_slug(trainee)
    assert list(mastery) == ["ice-hsi", "cbp", "uscis", "fletc"]  # not the Blue Campaign
    # HSI: the select-all (right) and its matching line (given USCIS's option).
    assert (mastery["ice-hsi"].asked, mastery["ice-hsi"].right) == (2, 1)
    assert mastery["ice-hsi"].confusions == [(LONG_TERM, 1)]
    # CBP: its own question and the select-all, both right.
    assert (mastery["cbp"].asked, mastery["cbp"].right) == (2, 2)
    # USCIS: its own question (wrong) and its matching line (right).
    assert (mastery["uscis"].asked, mastery["uscis"].right) == (2, 1)
    assert (mastery["fletc"].asked, mastery["fletc"].right) == (0, 0)
    assert [m.percent for m in mastery.values()] == [50, 100, 50, None]
    assert [m.confusions for m in mastery.values() if m.component.slug != "ice-hsi"] == [
        [],
        [],
        [],
    ]


def test_mastery_adds_up_every_submitted_attempt(quiz, start, trainee_client, trainee):
    first = start(quiz.slug)
    submit(trainee_client, first, partial_answers(first))
    second = start(quiz.slug)
    assert second != first
    submit(trainee_client, second, answer_form(second, right=True))
    mastery = by_slug(trainee)
    assert {slug: (m.asked, m.right) for slug, m in mastery.items()} == {
        "ice-hsi": (4, 3),
        "cbp": (4, 4),
        "uscis": (4, 3),
        "fletc": (0, 0),
    }
    assert [m.percent for m in mastery.values()] == [75, 100, 75, None]
    assert [m.is_mastered for m in mastery.values()] == [False, True, False, False]


def test_matching_confusions_are_counted_per_role(quiz, start, trainee_client, trainee):
    for _ in range(2):
        attempt = start(quiz.slug)
        submit(trainee_client, attempt, partial_answers(attempt))
    assert by_slug(trainee)["ice-hsi"].confusions == [(LONG_TERM, 2)]


def test_mastery_ignores_attempts_in_progress_and_other_trainees(
    quiz, start, trainee_client, trainee
):
    other = make_user("other")
    other_client = Client()
    other_client.force_login(other)
    other_client.post(f"/quizzes/{quiz.slug}/start/")
    theirs = other.attempts.get()
    submit(other_client, theirs, answer_form(theirs, right=False))
    start(quiz.slug)  # mine, not submitted
    assert all(m.asked == 0 and m.percent is None for m in component_mastery(trainee))
    assert by_slug(other)["cbp"].asked == 2


def test_all_right_marks_every_component_asked_mastered(quiz, start, trainee_client, trainee):
    attempt = start(quiz.slug)
    submit(trainee_client, attempt, answer_form(attempt, right=True))
    asked = [m for m in component_mastery(trainee) if m.asked]
    assert len(asked) == 3 and all(m.is_mastered and m.percent == 100 for m in asked)


def test_history_page_shows_mastery_in_words(quiz, start, trainee_client):
    attempt = start(quiz.slug)
    submit(trainee_client, attempt, partial_answers(attempt))
    html = trainee_client.get("/history/").content.decode()

    def section(slug):
        html_from = html[html.index(f'data-component="{slug}"') :]
        return html_from[: html_from.index("</section>")]

    assert "1 of 2 (50%): keep practising" in section("uscis")
    assert "1 of 2 (50%): keep practising" in section("ice-hsi")
    assert f"{LONG_TERM} (1 time)" in section("ice-hsi")
    # A bar for each, and a link to practise where it is not mastered.
    assert re.search(r'<meter class="bar"[^>]* value="50" aria-label="USCIS: 50% right">', html)
    practise = 'href="/quizzes/component-roles/lesson/#summary">Practise: what the release credits'
    assert f"{practise} USCIS with" in section("uscis")


def test_history_page_before_any_attempt_says_not_asked_yet(content, trainee_client):
    html = trainee_client.get("/history/").content.decode()
    assert html.count("Not asked yet") == 4


def history_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/history/").status_code == 200
    return len(captured)


def test_history_queries_do_not_grow_with_answers(quiz, start, trainee_client):
    attempt = start(quiz.slug)
    submit(trainee_client, attempt, partial_answers(attempt))
    one = history_queries(trainee_client)
    for _ in range(4):
        attempt = start(quiz.slug)
        submit(trainee_client, attempt, answer_form(attempt, right=False))
    # User, count and page of attempts, components and three aggregates, and the quiz
    # whose lesson the "Practise" links open.
    assert history_queries(trainee_client) == one == 8


def test_components_are_the_four_of_the_release(content):
    assert list(
        Component.objects.filter(kind=Component.Kind.COMPONENT).values_list("slug", flat=True)
    ) == ["ice-hsi", "cbp", "uscis", "fletc"]


def test_mastery_percent_rounds_down_as_every_score():
    assert ComponentMastery(component=None, asked=8, right=5).percent == 62  # 62.5
    assert ComponentMastery(component=None, asked=8, right=1).percent == 12  # 12.5
    # 79.6% is not the 80% that masters a component, and does not read as it.
    almost = ComponentMastery(component=None, asked=201, right=160)
    assert almost.percent == 79 and not almost.is_mastered
