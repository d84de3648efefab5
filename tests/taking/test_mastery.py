"""Mastery per component on the history page, counted from hand-made answers."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.content import shapes
from quiz.content.sync import build_all_questions
from quiz.models import Component, MatchItem, Question
from quiz.taking.mastery import ComponentMastery, component_mastery
from quiz.taking.sheet import keyed_sheet
from tests.factories import answer_form, make_user

# These tests need every kind of question in one attempt (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("whole_bank")

LONG_TERM = "Long-term immigration relief through the T and U visas"  # USCIS's role


# --- Which components a question is about ---------------------------------------------


def about_by_key() -> dict[str, set[str]]:
    return {
        q.key: {c.slug for c in q.components.all()}
        for q in Question.objects.filter(quiz__slug="component-roles", is_active=True)
    }


def test_each_component_role_question_is_linked_to_the_components_it_tests(content):
    about = about_by_key()
    assert about["matching:relief"] == {"ice-hsi", "uscis"}
    assert about["which:interdicts-traffickers"] == {"cbp"}
    assert about["which:long-term-relief"] == {"uscis"}
    assert about["credited-to:fletc"] == {"fletc"}
    assert about["which:protects-victims"] == {"ice-hsi", "cbp"}
    assert about["statement:cbp:protects-victims"] == {"cbp"}
    assert about["statement:uscis:long-term-relief"] == {"uscis"}
    assert all(about.values()), "every component-role question is about some component"


def test_release_fact_questions_are_about_no_component(content):
    assert not Question.objects.filter(quiz__slug="release-facts", components__isnull=False)


def test_each_matching_line_names_its_component(content):
    """The one matching question (matching:relief) has a line for ICE HSI and for USCIS,
    labelled with the abbreviation only."""
    items = MatchItem.objects.filter(question__is_active=True).select_related("component")
    assert {item.component.abbreviation: item.label for item in items} == {
        "ICE HSI": "ICE HSI",
        "USCIS": "USCIS",
    }


def test_a_rebuild_links_questions_built_before_the_links_existed(content):
    Question.components.through.objects.all().delete()
    MatchItem.objects.update(component=None)
    counts = build_all_questions()
    assert counts["component-roles"]["added"] == 0  # the same questions, not new versions
    assert about_by_key()["credited-to:cbp"] == {"cbp"}
    assert not MatchItem.objects.filter(component=None, question__is_active=True).exists()


def test_about_is_not_part_of_the_fingerprint():
    spec = shapes.QuestionSpec("k", "single", "P?", "E.", "p", (), about=("cbp",))
    assert spec.fingerprint == shapes.QuestionSpec("k", "single", "P?", "E.", "p", ()).fingerprint


# --- Mastery, against numbers worked out by hand --------------------------------------


def pick(sheet, key):
    return next(sq for sq in sheet if sq.question.key == key)


def choice_id(sq, text):
    return str(next(c.pk for c in sq.choices if c.text.startswith(text)))


def partial_answers(attempt) -> dict:
    """Matching (relief): USCIS right, ICE HSI given USCIS's role.
    "Which of these does the release credit to CBP?" right, the same for USCIS wrong,
    the select-all "which parts of DHS protected victims?" right;
    the other 21 of the 25 questions unanswered."""
    sheet = keyed_sheet(attempt)
    data = {"submit_anyway": "1"}
    matching = pick(sheet, "matching:relief")
    items = {item.component.slug: item for item in matching.items}
    assert set(items) == {"ice-hsi", "uscis"}
    data[matching.item_field_name(items["uscis"])] = str(items["uscis"].correct_choice_id)
    data[matching.item_field_name(items["ice-hsi"])] = choice_id(matching, LONG_TERM)
    cbp = pick(sheet, "credited-to:cbp")
    data[cbp.field_name] = [str(pk) for pk in cbp.key.correct]
    uscis = pick(sheet, "credited-to:uscis")
    data[uscis.field_name] = str(next(c.pk for c in uscis.choices if not c.is_correct))
    shared = pick(sheet, "which:protects-victims")
    data[shared.field_name] = [str(pk) for pk in shared.key.correct]
    return data


def by_slug(user) -> dict:
    return {m.component.slug: m for m in component_mastery(user)}


def submit(client, attempt, data):
    assert client.post(f"/attempts/{attempt.pk}/", data).status_code == 302


def test_mastery_of_one_partly_right_attempt(content, start, trainee_client, trainee):
    attempt = start("component-roles")
    submit(trainee_client, attempt, partial_answers(attempt))
    mastery = by_slug(trainee)
    assert list(mastery) == ["ice-hsi", "cbp", "uscis", "fletc"]  # not the Blue Campaign
    # ICE HSI: 3 "which part" singles, the select-all, 4 true statements, "credited to",
    # matching line = 10; right: the select-all. Its line got USCIS's role.
    assert (mastery["ice-hsi"].asked, mastery["ice-hsi"].right) == (10, 1)
    assert mastery["ice-hsi"].confusions == [(LONG_TERM, 1)]
    # CBP: 2 "which part" singles, the select-all, 3 true statements, "credited to" = 7;
    # right: "credited to" and the select-all. No matching line.
    assert (mastery["cbp"].asked, mastery["cbp"].right) == (7, 2)
    # USCIS: 1 "which part", 1 true statement, "credited to" (wrong), matching line (right)
    # = 4; right: its line.
    assert (mastery["uscis"].asked, mastery["uscis"].right) == (5, 1)
    # FLETC: 1 "which part", 1 true statement, "credited to" = 3, none answered.
    assert (mastery["fletc"].asked, mastery["fletc"].right) == (5, 0)
    assert [m.percent for m in mastery.values()] == [10, 29, 20, 0]
    assert [m.confusions for m in mastery.values() if m.component.slug != "ice-hsi"] == [
        [],
        [],
        [],
    ]


def test_mastery_adds_up_every_submitted_attempt(content, start, trainee_client, trainee):
    first = start("component-roles")
    submit(trainee_client, first, partial_answers(first))
    second = start("component-roles")
    assert second != first
    submit(trainee_client, second, answer_form(second, right=True))
    mastery = by_slug(trainee)
    assert {slug: (m.asked, m.right) for slug, m in mastery.items()} == {
        "ice-hsi": (20, 11),
        "cbp": (14, 9),
        "uscis": (10, 6),
        "fletc": (10, 5),
    }
    # 11/20 = 55; 9/14 = 64.3 rounds down; 6/10 = 60; 5/10 = 50.
    assert [m.percent for m in mastery.values()] == [55, 64, 60, 50]
    assert not any(m.is_mastered for m in mastery.values())


def test_matching_confusions_are_counted_per_role(content, start, trainee_client, trainee):
    for _ in range(2):
        attempt = start("component-roles")
        submit(trainee_client, attempt, partial_answers(attempt))
    assert by_slug(trainee)["ice-hsi"].confusions == [(LONG_TERM, 2)]


def test_mastery_ignores_attempts_in_progress_and_other_trainees(
    content, start, trainee_client, trainee
):
    other = make_user("other")
    other_client = Client()
    other_client.force_login(other)
    other_client.post("/quizzes/component-roles/start/")
    theirs = other.attempts.get()
    submit(other_client, theirs, answer_form(theirs, right=False))
    start("component-roles")  # mine, not submitted
    assert all(m.asked == 0 and m.percent is None for m in component_mastery(trainee))
    assert by_slug(other)["cbp"].asked == 7


def test_all_right_marks_every_component_mastered(content, start, trainee_client, trainee):
    attempt = start("component-roles")
    submit(trainee_client, attempt, answer_form(attempt, right=True))
    assert all(m.is_mastered and m.percent == 100 for m in component_mastery(trainee))


def test_history_page_shows_mastery_in_words(content, start, trainee_client):
    attempt = start("component-roles")
    submit(trainee_client, attempt, partial_answers(attempt))
    html = trainee_client.get("/history/").content.decode()

    def section(slug):
        html_from = html[html.index(f'data-component="{slug}"') :]
        return html_from[: html_from.index("</section>")]

    assert "2 of 7 (29%): keep practising" in section("cbp")
    assert "1 of 10 (10%): keep practising" in section("ice-hsi")
    assert f"{LONG_TERM} (1 time)" in section("ice-hsi")
    # A bar for each, and a link to practise where it is not mastered.
    assert re.search(r'<meter class="bar"[^>]* value="29" aria-label="CBP: 29% right">', html)
    practise = 'href="/quizzes/component-roles/lesson/#summary">Practise: what the release credits'
    assert f"{practise} CBP with" in section("cbp")


def test_history_page_before_any_attempt_says_not_asked_yet(content, trainee_client):
    html = trainee_client.get("/history/").content.decode()
    assert html.count("Not asked yet") == 4


def history_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/history/").status_code == 200
    return len(captured)


def test_history_queries_do_not_grow_with_answers(content, start, trainee_client):
    attempt = start("component-roles")
    submit(trainee_client, attempt, partial_answers(attempt))
    one = history_queries(trainee_client)
    for slug in ["component-roles", "release-facts"] * 3:
        attempt = start(slug)
        submit(trainee_client, attempt, answer_form(attempt, right=False))
    # User, count and page of attempts, then components and three aggregates.
    # 8: the quiz whose lesson the "Practise" links open is one more query than before.
    assert history_queries(trainee_client) == one == 8


def test_components_are_the_four_of_the_release(content):
    assert list(
        Component.objects.filter(kind=Component.Kind.COMPONENT).values_list("slug", flat=True)
    ) == ["ice-hsi", "cbp", "uscis", "fletc"]


def test_mastery_percent_rounds_half_up():
    assert ComponentMastery(component=None, asked=8, right=5).percent == 63  # 62.5
    assert ComponentMastery(component=None, asked=8, right=1).percent == 13  # 12.5
