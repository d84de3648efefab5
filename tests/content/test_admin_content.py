"""The content admin: fixture content (release, components, roles, facts, objectives and
the questions built from them) is shown read-only; a quiz's settings are changed here."""

import re

import pytest

from quiz.content.admin import FIXTURE_NOTE
from quiz.models import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Objective,
    Passage,
    Question,
    Quiz,
    Release,
    Role,
)
from tests.factories import add_matching, add_question, empty_quiz

NOTE = str(FIXTURE_NOTE).split(" and is read-only")[0]  # "This content comes from the fixtures"
FIXTURE_MODELS = [
    Release,
    Passage,
    Component,
    Role,
    ComponentRole,
    Fact,
    Objective,
    Question,
    Choice,
    MatchItem,
]


def editable_fields(html: str) -> list[str]:
    """The names of the fields a change page's form lets one fill in (not hidden, not a
    button)."""
    form = re.search(r'<form method="post" id="\w+_form".*?</form>', html, re.S)
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", form.group(0))
    return [
        re.search(r'name="([^"]+)"', field).group(1)
        for field in fields
        if 'type="hidden"' not in field and 'type="submit"' not in field
    ]


def snapshot() -> dict:
    """Every row of the content and every quiz, as stored."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in [*FIXTURE_MODELS, Quiz]
    } | {
        "question components": list(
            Question.components.through.objects.order_by("pk").values_list()
        ),
        "objective roles": list(Objective.roles.through.objects.order_by("pk").values_list()),
    }


def first_of(model):
    """One row of each kind of content, of the fixtures' content."""
    return {
        Release: lambda: Release.objects.get(slug="dhs-2014-01-14-working-together"),
        Passage: lambda: Passage.objects.get(key="cbp"),
        Component: lambda: Component.objects.get(slug="cbp"),
        Role: lambda: Role.objects.get(key="protects-victims"),
        ComponentRole: lambda: ComponentRole.objects.get(
            component__slug="cbp", role__key="protects-victims"
        ),
        Fact: lambda: Fact.objects.get(key="prevention-month"),
        Objective: lambda: Objective.objects.get(quiz__slug="component-roles", key="protects"),
        Question: lambda: Question.objects.get(key="which:protects-victims", is_active=True),
        Choice: lambda: Choice.objects.filter(question__key="which:protects-victims").first(),
        MatchItem: matching_item,
    }[model]()


def matching_item():
    """A line of a matching question: the fixtures ask none, so one is made in their quiz."""
    if not MatchItem.objects.exists():
        quiz = Quiz.objects.get(slug="component-roles")
        add_matching(quiz, 99, {"HSI": "Short-term relief", "USCIS": "Long-term relief"})
    return MatchItem.objects.first()


def admin_url(obj, view: str = "change") -> str:
    return f"/admin/quiz/{obj._meta.model_name}/{obj.pk}/{view}/"


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


def quiz_form(quiz: Quiz, **changes) -> dict:
    """Every field of the quiz's change page, with its inlines' management forms."""
    data = {
        "title": quiz.title,
        "slug": quiz.slug,
        "description": quiz.description,
        "release": quiz.release_id,
        "position": quiz.position,
        "pass_mark": quiz.pass_mark,
        "is_published": "on",
        "max_attempts": "",
        "attempts_per_day": "",
        "wait_minutes": 0,
        "time_limit_minutes": "",
    }
    for prefix in ["objectives", "questions"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_admin_changes_how_a_quiz_is_run_but_not_its_content(superuser_client):
    quiz = empty_quiz()
    url = f"/admin/quiz/quiz/{quiz.pk}/change/"
    html = superuser_client.get(url).content.decode()
    assert sorted(editable_fields(html)) == [
        "attempts_per_day",
        "is_published",
        "max_attempts",
        "pass_mark",
        "time_limit_minutes",
        "wait_minutes",
    ]
    data = quiz_form(
        quiz,
        title="Renamed",
        slug="renamed",
        description="Rewritten",
        position=9,
        pass_mark=70,
        max_attempts=3,
        attempts_per_day=2,
        wait_minutes=30,
        time_limit_minutes=20,
    )
    del data["is_published"]  # unticked

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.pass_mark, quiz.is_published, quiz.max_attempts, quiz.time_limit_minutes) == (
        70,
        False,
        3,
        20,
    )
    assert (quiz.attempts_per_day, quiz.wait_minutes) == (2, 30)
    assert (quiz.title, quiz.slug, quiz.description, quiz.position) == (
        "Quiz reviewed",
        "reviewed",
        "",
        0,
    )


def test_quizzes_cannot_be_added_or_deleted_in_the_admin(superuser_client):
    quiz = empty_quiz()
    assert (
        'href="/admin/quiz/quiz/add/"'
        not in superuser_client.get("/admin/quiz/quiz/").content.decode()
    )
    html = superuser_client.get(f"/admin/quiz/quiz/{quiz.pk}/change/").content.decode()
    assert f'href="/admin/quiz/quiz/{quiz.pk}/delete/"' not in html
    before = snapshot()
    assert superuser_client.get("/admin/quiz/quiz/add/").status_code == 403
    data = quiz_form(quiz, slug="another", title="Another")
    assert superuser_client.post("/admin/quiz/quiz/add/", data).status_code == 403
    delete = f"/admin/quiz/quiz/{quiz.pk}/delete/"
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert snapshot() == before


def test_fixture_content_is_shown_read_only_with_a_note(content, superuser_client):
    for model in FIXTURE_MODELS:
        obj = first_of(model)
        response = superuser_client.get(admin_url(obj))
        html = response.content.decode()
        assert response.status_code == 200, model.__name__
        assert NOTE in html, model.__name__
        assert editable_fields(html) == [], model.__name__
        for button in ['name="_save"', 'name="_continue"', 'name="_addanother"']:
            assert button not in html, (model.__name__, button)
        assert admin_url(obj, "delete") not in html, model.__name__
        listing = superuser_client.get(f"/admin/quiz/{model._meta.model_name}/")
        assert listing.status_code == 200, model.__name__
        assert f"/admin/quiz/{model._meta.model_name}/add/" not in listing.content.decode()


def test_question_page_shows_its_choices_and_matching_pairs_to_read(content, superuser_client):
    question = first_of(MatchItem).question
    html = superuser_client.get(admin_url(question)).content.decode()
    for choice in question.choices.all():
        assert choice.text in html
    for item in question.match_items.all():
        assert item.label in html
    assert 'name="match_items-0-correct_choice"' not in html
    assert 'name="choices-0-text"' not in html and 'name="choices-0-is_correct"' not in html


def question_change(question) -> dict:
    """The question edited as the old admin allowed: a choice reworded and marked right, a
    new right choice, a matching line pointed at another option."""
    choices = list(question.choices.order_by("pk"))
    items = list(question.match_items.order_by("pk"))
    data = {
        "prompt": "Reworded?",
        "kind": "single",
        "choices-TOTAL_FORMS": len(choices) + 1,
        "choices-INITIAL_FORMS": len(choices),
        "match_items-TOTAL_FORMS": len(items),
        "match_items-INITIAL_FORMS": len(items),
    }
    for n, choice in enumerate(choices):
        data |= {
            f"choices-{n}-id": choice.pk,
            f"choices-{n}-question": question.pk,
            f"choices-{n}-position": choice.position,
            f"choices-{n}-text": f"{choice.text}, reworded",
            f"choices-{n}-is_correct": "on",
        }
    n = len(choices)
    data |= {
        f"choices-{n}-position": 9,
        f"choices-{n}-text": "Sneaky",
        f"choices-{n}-is_correct": "on",
    }
    for n, item in enumerate(items):
        data |= {
            f"match_items-{n}-id": item.pk,
            f"match_items-{n}-question": question.pk,
            f"match_items-{n}-position": item.position,
            f"match_items-{n}-label": item.label,
            f"match_items-{n}-correct_choice": choices[-1].pk,
        }
    return data


def component_with_a_new_role(component) -> dict:
    """The component's page with a role added in its roles inline."""
    existing = list(ComponentRole.objects.filter(component=component))
    n = len(existing)
    data = {
        "slug": component.slug,
        "abbreviation": "Renamed",
        "name": component.name,
        "kind": component.kind,
        "position": component.position,
        "component_roles-TOTAL_FORMS": n + 1,
        "component_roles-INITIAL_FORMS": n,
    }
    for i, component_role in enumerate(existing):
        data |= {
            f"component_roles-{i}-id": component_role.pk,
            f"component_roles-{i}-component": component.pk,
            f"component_roles-{i}-role": component_role.role_id,
            f"component_roles-{i}-passage": component_role.passage_id,
        }
    data |= {
        f"component_roles-{n}-role": Role.objects.get(key="unites-initiatives").pk,
        f"component_roles-{n}-passage": existing[0].passage_id,
    }
    return data


@pytest.mark.parametrize(
    ("model", "form"),
    [
        pytest.param(Question, question_change, id="question-and-choices"),
        pytest.param(Choice, lambda c: {"text": "Changed", "is_correct": "on"}, id="choice"),
        pytest.param(Component, component_with_a_new_role, id="component-adds-a-role"),
        pytest.param(
            Role,
            lambda r: {"key": r.key, "phrase": "inspects cargo", "asked_as": "x", "label": "x"},
            id="role",
        ),
        pytest.param(Fact, lambda f: {"answer": "April", "prompt": f.prompt}, id="fact"),
    ],
)
def test_a_change_posted_to_fixture_content_is_refused_and_changes_nothing(
    content, superuser_client, model, form
):
    obj = first_of(model)
    before = snapshot()

    response = superuser_client.post(admin_url(obj), form(obj))

    assert response.status_code == 403
    assert snapshot() == before


def test_fixture_content_cannot_be_added_or_deleted_in_the_admin(content, superuser_client):
    rows = {model: first_of(model) for model in FIXTURE_MODELS}
    before = snapshot()
    for model, obj in rows.items():
        add = f"/admin/quiz/{model._meta.model_name}/add/"
        assert superuser_client.get(add).status_code == 403, model.__name__
        # A question without a kind once made a 500 here: now nothing is added at all.
        posted = {"quiz": obj.pk, "kind": "", "prompt": "New?", "text": "New", "key": "new"}
        assert superuser_client.post(add, posted).status_code == 403, model.__name__
        delete = admin_url(obj, "delete")
        assert superuser_client.get(delete).status_code == 403, model.__name__
        assert superuser_client.post(delete, {"post": "yes"}).status_code == 403, model.__name__
    assert snapshot() == before


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


def test_reviewer_menu_lists_results_and_trainees_but_no_content(reviewer_client, db):
    empty_quiz()
    html = reviewer_client.get("/admin/").content.decode()
    assert 'href="/admin/quiz/attempt/"' in html and 'href="/admin/auth/user/"' in html
    assert 'href="/admin/quiz/quiz/"' not in html and 'href="/admin/quiz/component/"' not in html
