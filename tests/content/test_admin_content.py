"""Content editing for admins: quizzes with questions and choices, components with roles."""

import re

import pytest
from django.core.management import call_command

from quiz.models import Choice, Component, ComponentRole, Role
from tests.factories import (
    add_matching,
    add_question,
    empty_quiz,
    submitted_attempt,
    trainee_named,
)


def test_quiz_page_shows_its_questions_with_their_choices_and_right_answers(superuser_client):
    quiz = empty_quiz()
    add_question(quiz, 1, "single", ["Right", "Wrong"], {"Right"})
    add_matching(quiz, 2, {"ICE HSI": "investigates", "CBP": "interdicts"})
    html = superuser_client.get(f"/admin/quiz/quiz/{quiz.pk}/change/").content.decode()
    assert "Question 1?" in html and "Question 2?" in html
    assert "Right <em>(right)</em><br>Wrong <em>(wrong)</em>" in html
    assert "ICE HSI → investigates<br>CBP → interdicts" in html
    assert f'href="/admin/quiz/attempt/item-analysis/{quiz.pk}/"' in html


def test_quiz_list_links_each_quiz_to_its_item_analysis(superuser_client):
    quiz = empty_quiz()
    html = superuser_client.get("/admin/quiz/quiz/").content.decode()
    assert f'href="/admin/quiz/attempt/item-analysis/{quiz.pk}/"' in html


def test_admin_edits_a_quiz(superuser_client):
    quiz = empty_quiz()
    data = {
        "slug": quiz.slug,
        "title": "Renamed",
        "description": "",
        "release": quiz.release_id,
        "source": quiz.source,
        "pass_mark": 70,
        "is_published": "on",
        "position": 0,
        "questions-TOTAL_FORMS": 0,
        "questions-INITIAL_FORMS": 0,
    }
    response = superuser_client.post(f"/admin/quiz/quiz/{quiz.pk}/change/", data)
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.title, quiz.pass_mark) == ("Renamed", 70)


def question_post(question, new_choice: str, *, new_is_correct: bool = False) -> dict:
    """The question's form as the admin shows it, plus one new choice in the choices inline."""
    existing = list(question.choices.order_by("pk"))
    data = {
        "quiz": question.quiz_id,
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "passage": question.passage_id,
        "position": question.position,
        "is_active": "on",
        "choices-TOTAL_FORMS": len(existing) + 1,
        "choices-INITIAL_FORMS": len(existing),
        "match_items-TOTAL_FORMS": 0,
        "match_items-INITIAL_FORMS": 0,
    }
    for n, choice in enumerate(existing):
        data |= {
            f"choices-{n}-id": choice.pk,
            f"choices-{n}-question": question.pk,
            f"choices-{n}-position": choice.position,
            f"choices-{n}-text": choice.text,
        }
        if choice.is_correct:
            data[f"choices-{n}-is_correct"] = "on"
    n = len(existing)
    data |= {f"choices-{n}-position": 9, f"choices-{n}-text": new_choice}
    if new_is_correct:
        data[f"choices-{n}-is_correct"] = "on"
    return data


def test_admin_adds_a_choice_to_a_question_nobody_answered_yet(superuser_client):
    question, _choices = add_question(empty_quiz(), 1, "single", ["Right", "Wrong"], {"Right"})
    url = f"/admin/quiz/question/{question.pk}/change/"
    html = superuser_client.get(url).content.decode()
    assert 'name="choices-0-text"' in html and 'name="_save"' in html
    response = superuser_client.post(url, question_post(question, "Also wrong"))
    assert response.status_code == 302
    assert Choice.objects.filter(question=question, text="Also wrong").exists()


def test_admin_cannot_give_a_single_choice_question_two_right_answers(superuser_client):
    question, _choices = add_question(empty_quiz(), 1, "single", ["Right", "Wrong"], {"Right"})
    url = f"/admin/quiz/question/{question.pk}/change/"
    response = superuser_client.post(
        url, question_post(question, "Also right", new_is_correct=True)
    )
    assert response.status_code == 200
    assert "Mark exactly one choice as right for this question." in response.content.decode()
    assert not Choice.objects.filter(text="Also right").exists()


def test_a_matching_item_can_only_point_at_its_own_questions_options(superuser_client):
    quiz = empty_quiz()
    matching, own, _items = add_matching(quiz, 1, {"Item A": "A", "Item B": "B"})
    _other, others = add_question(quiz, 2, "single", ["Elsewhere", "Nope"], {"Elsewhere"})
    html = superuser_client.get(f"/admin/quiz/question/{matching.pk}/change/").content.decode()
    select = re.search(r'<select name="match_items-0-correct_choice".*?</select>', html, re.S)
    offered = set(re.findall(r'<option value="(\d+)"', select.group(0)))
    assert offered == {str(c.pk) for c in own.values()}
    assert str(others["Elsewhere"].pk) not in offered


def test_a_question_trainees_answered_is_kept_as_they_saw_it(superuser_client):
    quiz = empty_quiz()
    question, choices = add_question(quiz, 1, "single", ["Right", "Wrong"], {"Right"})
    submitted_attempt(trainee_named("ana"), quiz, points={question: 1})
    url = f"/admin/quiz/question/{question.pk}/change/"
    html = superuser_client.get(url).content.decode()
    assert "Trainees answered this version of the question" in html
    assert 'name="_save"' not in html and 'name="choices-0-text"' not in html
    assert superuser_client.post(url, question_post(question, "Sneaky")).status_code == 403
    assert not Choice.objects.filter(text="Sneaky").exists()
    choice = choices["Right"]
    url = f"/admin/quiz/choice/{choice.pk}/change/"
    assert superuser_client.post(url, {"text": "Changed", "is_correct": ""}).status_code == 403
    choice.refresh_from_db()
    assert (choice.text, choice.is_correct) == ("Right", True)


@pytest.fixture
def content(db):
    call_command("loaddata", "release", "components", verbosity=0)


def test_component_page_shows_each_role_with_the_passage_that_states_it(content, superuser_client):
    cbp = Component.objects.get(slug="cbp")
    html = superuser_client.get(f"/admin/quiz/component/{cbp.pk}/change/").content.decode()
    passage = ComponentRole.objects.filter(component=cbp).select_related("passage").first().passage
    assert "roles, with the passage of the release that states each" in html.lower()
    assert passage.text[:80] in html
    for role in Role.objects.filter(components=cbp):
        assert role.phrase in html


def test_role_page_shows_each_component_with_its_passage(content, superuser_client):
    role = Role.objects.get(key="protects-victims")
    html = superuser_client.get(f"/admin/quiz/role/{role.pk}/change/").content.decode()
    texts = ComponentRole.objects.filter(role=role).values_list("passage__text", flat=True)
    assert len(texts) == 2  # ICE HSI and CBP both protect victims
    for text in texts:
        assert text[:80] in html


def test_admin_adds_a_role_to_a_component(content, superuser_client):
    fletc = Component.objects.get(slug="fletc")
    role = Role.objects.get(key="unites-initiatives")
    passage = ComponentRole.objects.filter(component=fletc).first().passage
    existing = ComponentRole.objects.filter(component=fletc)
    data = {
        "slug": fletc.slug,
        "abbreviation": fletc.abbreviation,
        "name": fletc.name,
        "kind": fletc.kind,
        "position": fletc.position,
        "component_roles-TOTAL_FORMS": existing.count() + 1,
        "component_roles-INITIAL_FORMS": existing.count(),
    }
    for n, component_role in enumerate(existing):
        data[f"component_roles-{n}-id"] = component_role.pk
        data[f"component_roles-{n}-component"] = fletc.pk
        data[f"component_roles-{n}-role"] = component_role.role_id
        data[f"component_roles-{n}-passage"] = component_role.passage_id
    n = existing.count()
    data[f"component_roles-{n}-role"] = role.pk
    data[f"component_roles-{n}-passage"] = passage.pk
    response = superuser_client.post(f"/admin/quiz/component/{fletc.pk}/change/", data)
    assert response.status_code == 302
    assert ComponentRole.objects.filter(component=fletc, role=role).exists()


def test_reviewer_menu_lists_results_and_trainees_but_no_content(reviewer_client, db):
    empty_quiz()
    html = reviewer_client.get("/admin/").content.decode()
    assert 'href="/admin/quiz/attempt/"' in html and 'href="/admin/auth/user/"' in html
    assert 'href="/admin/quiz/quiz/"' not in html and 'href="/admin/quiz/component/"' not in html


def test_adding_a_question_without_a_kind_asks_for_one_not_a_500(superuser_client):
    question, _choices = add_question(empty_quiz(), 1, "single", ["Right", "Wrong"], {"Right"})
    data = question_post(question, "A new choice") | {"kind": ""}
    for n in range(question.choices.count()):
        data.pop(f"choices-{n}-id")
    data["choices-INITIAL_FORMS"] = 0

    response = superuser_client.post("/admin/quiz/question/add/", data)

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
