"""The builder: every fact quotable from the release, no ambiguous question, idempotent."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quiz.content import builder
from quiz.content.sync import build_all_questions
from quiz.models import (
    Component,
    ComponentRole,
    Fact,
    Passage,
    Question,
    Quiz,
    Release,
    Response,
    Role,
)
from tests.factories import ResponseFactory

# The release as archived, kept beside the fixtures so the tests need nothing outside the repo.
RELEASE_FILE = (
    Path(settings.BASE_DIR) / "fixtures" / "source" / "dhs-2014-01-14-working-together.txt"
)


def release_text() -> str:
    """The release as published, white space folded, bullets dropped."""
    text = RELEASE_FILE.read_text(encoding="utf-8").replace("\u2022", " ")
    return " ".join(text.split())


def folded(text: str) -> str:
    return " ".join(text.split())


def test_release_copy_is_present():
    assert "Working Together to Help Victims of Human Trafficking" in release_text()


def test_every_passage_is_verbatim_in_the_release(content):
    text = release_text()
    passages = list(Passage.objects.filter(release__slug="dhs-2014-01-14-working-together"))
    assert len(passages) == 10
    for passage in passages:
        assert folded(passage.text) in text, passage.key


def test_every_role_is_quoted_verbatim_from_the_passage_it_cites(content):
    text = release_text()
    component_roles = ComponentRole.objects.select_related("role", "passage", "component")
    assert component_roles.count() == 10
    for cr in component_roles:
        assert cr.role.phrase in cr.passage.text, (cr.component.slug, cr.role.key)
        assert folded(cr.passage.text) in text


def test_every_fact_quote_is_verbatim_in_its_passage(content):
    facts = Fact.objects.select_related("passage")
    assert facts.count() >= 5
    for fact in facts:
        assert fact.quote in fact.passage.text, fact.key


def test_every_explanation_quotes_the_release(content):
    text = release_text()
    for question in Question.objects.all():
        for quote in question.explanation.split("\n\n"):
            assert folded(quote) in text, question.key


def test_four_components_and_blue_campaign_is_not_one_of_them(content):
    components = Component.objects.filter(kind=Component.Kind.COMPONENT)
    assert sorted(components.values_list("abbreviation", flat=True)) == [
        "CBP",
        "FLETC",
        "ICE HSI",
        "USCIS",
    ]
    blue = Component.objects.get(slug="blue-campaign")
    assert blue.kind == Component.Kind.INITIATIVE
    assert blue.roles.get().phrase == "coordinates and unites these initiatives"


def test_questions_exist_for_all_four_components(content):
    prompts_and_choices = " ".join(
        [q.prompt for q in Question.objects.filter(quiz__slug="component-roles")]
        + [
            c.text
            for q in Question.objects.filter(quiz__slug="component-roles")
            for c in q.choices.all()
        ]
        + [
            i.label
            for q in Question.objects.filter(quiz__slug="component-roles")
            for i in q.match_items.all()
        ]
    )
    for abbreviation in ["ICE HSI", "CBP", "USCIS", "FLETC"]:
        assert abbreviation in prompts_and_choices


def test_component_quiz_has_every_question_kind_and_every_role(content):
    questions = Question.objects.filter(quiz__slug="component-roles", is_active=True)
    assert set(questions.values_list("kind", flat=True)) == {
        "matching",
        "single",
        "multiple",
        "true_false",
    }
    matching = questions.get(kind="matching")
    assert matching.match_items.count() == 4
    text = " ".join(
        [q.prompt for q in questions] + [c.text for q in questions for c in q.choices.all()]
    ).lower()
    for cr in ComponentRole.objects.filter(component__kind="component").select_related("role"):
        assert cr.role.phrase.lower() in text


def test_protects_victims_is_asked_as_multiple_select_with_ice_hsi_and_cbp(content):
    question = Question.objects.get(quiz__slug="component-roles", key="select-all:protects-victims")
    assert question.kind == "multiple"
    right = {c.text for c in question.choices.filter(is_correct=True)}
    assert right == {
        "U.S. Immigration and Customs Enforcement Homeland Security Investigations (ICE HSI)",
        "U.S. Customs and Border Protection (CBP)",
    }


def owners_by_release(abbreviation_to_bullet: dict[str, str], phrase: str) -> set[str]:
    """Who has a role, read from the release's bullets themselves, not from the fixtures."""
    return {
        abbr for abbr, bullet in abbreviation_to_bullet.items() if phrase.lower() in bullet.lower()
    }


def test_no_generated_question_is_ambiguous_under_the_release(content):
    """For every question, the choices marked right are exactly the ones the release makes true.

    Truth comes from the release text: a component has a role when the role's words are in
    the bullet that starts with the component's full name.
    """
    bullets = {}
    for component in Component.objects.filter(kind="component"):
        line = next(
            line for line in RELEASE_FILE.read_text().splitlines() if component.name in line
        )
        bullets[component.abbreviation] = line
    labels = {
        f"{c.name} ({c.abbreviation})": c.abbreviation
        for c in Component.objects.filter(kind="component")
    }
    checked = 0
    for question in Question.objects.filter(quiz__slug="component-roles").prefetch_related(
        "choices", "match_items"
    ):
        choices = list(question.choices.all())
        if question.kind == "matching":
            for item in question.match_items.all():
                fits = [c for c in choices if c.text.lower() in bullets[labels[item.label]].lower()]
                assert fits == [item.correct_choice], question.key
        elif question.kind == "true_false":
            abbr, phrase = (
                question.prompt.removeprefix("True or false: according to the release, ")
                .rstrip(".")
                .split(" ", 1)
            )
            if abbr == "ICE":
                abbr, phrase = "ICE HSI", phrase.removeprefix("HSI ")
            is_true = phrase.lower() in bullets[abbr].lower()
            assert {c.text: c.is_correct for c in choices} == {
                "True": is_true,
                "False": not is_true,
            }, question.key
        elif question.key.startswith("what-does:"):
            abbr = question.prompt.removeprefix(
                "According to the release, what does "
            ).removesuffix(" do?")
            for choice in choices:
                assert choice.is_correct == (choice.text.lower() in bullets[abbr].lower()), (
                    question.key
                )
            assert sum(c.is_correct for c in choices) == 1
        else:  # "Which component …?" and "Select every component …"
            phrase = (
                question.prompt.split("according to the release, ")[-1]
                .removeprefix("According to the release, which DHS component ")
                .rstrip("?.")
            )
            truth = owners_by_release(bullets, phrase)
            assert {labels[c.text] for c in choices if c.is_correct} == truth, question.key
            if question.kind == "single":
                assert len(truth) == 1
        checked += 1
    assert checked == Question.objects.filter(quiz__slug="component-roles").count() >= 20


def test_single_choice_fact_questions_have_exactly_one_right_answer(content):
    for question in Question.objects.filter(quiz__slug="release-facts"):
        assert question.choices.filter(is_correct=True).count() == 1


def test_builder_refuses_a_question_whose_distractor_is_also_true():
    spec = builder.QuestionSpec(
        key="what-does:cbp",
        kind="single",
        prompt="What does CBP do?",
        explanation="",
        passage_key="cbp",
        choices=(
            builder.ChoiceSpec("Interdicts traffickers", True, role="interdicts"),
            builder.ChoiceSpec("Protects victims", False, role="protects-victims"),
        ),
        component="cbp",
    )
    pairs = {("cbp", "interdicts"), ("cbp", "protects-victims"), ("ice-hsi", "protects-victims")}
    with pytest.raises(builder.AmbiguousQuestion):
        builder.check_unambiguous(spec, pairs)


def test_builder_never_asks_which_single_component_has_a_shared_role():
    components = [builder.ComponentInfo("a", "A", "Alpha"), builder.ComponentInfo("b", "B", "Beta")]
    claims = [
        builder.RoleClaim("a", "own-a", "does a", "pa", "Alpha does a and shares."),
        builder.RoleClaim("a", "shared", "shares", "pa", "Alpha does a and shares."),
        builder.RoleClaim("b", "own-b", "does b", "pb", "Beta does b and shares."),
        builder.RoleClaim("b", "shared", "shares", "pb", "Beta does b and shares."),
    ]
    specs = builder.component_role_questions(components, claims)
    keys = [s.key for s in specs]
    assert "which-component:shared" not in keys
    assert "select-all:shared" in keys


def test_builder_is_deterministic():
    components = [builder.ComponentInfo("a", "A", "Alpha"), builder.ComponentInfo("b", "B", "Beta")]
    claims = [
        builder.RoleClaim("a", "own-a", "does a", "pa", "Alpha does a."),
        builder.RoleClaim("b", "own-b", "does b", "pb", "Beta does b."),
    ]
    first = builder.component_role_questions(components, claims)
    second = builder.component_role_questions(list(components), list(claims))
    assert first == second
    assert [s.fingerprint for s in first] == [s.fingerprint for s in second]


def test_builder_rejects_a_component_without_roles():
    components = [builder.ComponentInfo("a", "A", "Alpha"), builder.ComponentInfo("b", "B", "Beta")]
    claims = [builder.RoleClaim("a", "own-a", "does a", "pa", "Alpha does a.")]
    with pytest.raises(builder.InvalidContent, match="'b' has no roles"):
        builder.component_role_questions(components, claims)


def test_build_questions_twice_duplicates_nothing(content):
    counts = (
        Question.objects.count(),
        Release.objects.count(),
        Passage.objects.count(),
        ComponentRole.objects.count(),
    )
    call_command("build_questions", verbosity=0)
    assert (
        Question.objects.count(),
        Release.objects.count(),
        Passage.objects.count(),
        ComponentRole.objects.count(),
    ) == counts
    assert Question.objects.filter(is_active=False).count() == 0


def test_both_quizzes_are_built(content):
    assert Question.objects.filter(quiz__slug="component-roles", is_active=True).count() >= 20
    release_quiz = Question.objects.filter(quiz__slug="release-facts", is_active=True)
    assert release_quiz.count() >= 5
    prompts = " ".join(release_quiz.values_list("prompt", flat=True))
    for topic in [
        "Federal Strategic Action Plan",
        "jointly developed",
        "victim services network",
        "Prevention Month",
        "coordinate and unite",
    ]:
        assert topic.lower() in prompts.lower(), topic


def write_edited_fixture(tmp_path, edit) -> Path:
    source = Path(settings.BASE_DIR) / "fixtures" / "components.json"
    data = json.loads(source.read_text())
    edit(data)
    target = tmp_path / "components.json"
    target.write_text(json.dumps(data))
    return target


def test_fixture_edit_updates_questions_and_past_attempts_keep_what_they_asked(
    content, trainee, tmp_path
):
    asked = Question.objects.get(key="what-does:cbp", is_active=True)
    response = ResponseFactory(attempt__user=trainee, attempt__quiz=asked.quiz, question=asked)

    def rename_cbp(data):
        for row in data:
            if row["model"] == "quiz.component" and row["fields"]["slug"] == "cbp":
                row["fields"]["abbreviation"] = "Border Protection"

    call_command("loaddata", str(write_edited_fixture(tmp_path, rename_cbp)), verbosity=0)
    build_all_questions()

    current = Question.objects.get(key="what-does:cbp", is_active=True)
    assert current.prompt == "According to the release, what does Border Protection do?"
    assert Response.objects.get(pk=response.pk).question.prompt == (
        "According to the release, what does CBP do?"
    )
    assert not Question.objects.get(pk=asked.pk).is_active


@pytest.mark.parametrize(
    ("model", "key", "fields"),
    [
        pytest.param(
            Role,
            "interdicts-traffickers",
            {"phrase": "inspects cargo"},
            id="role-words-not-in-its-passage",
        ),
        pytest.param(
            Fact,
            "prevention-month",
            {"quote": "February is the month."},
            id="fact-quote-not-in-its-passage",
        ),
    ],
)
def test_build_questions_stops_on_an_unquoted_role_or_fact_and_changes_nothing(
    content, model, key, fields
):
    before = list(Question.objects.order_by("pk").values_list("pk", "is_active"))
    model.objects.filter(key=key).update(**fields)
    with pytest.raises(builder.InvalidContent, match=key):
        build_all_questions()
    assert list(Question.objects.order_by("pk").values_list("pk", "is_active")) == before


def test_build_questions_command_reports_bad_content_as_an_error(content, monkeypatch):
    def broken(*args, **kwargs):
        raise builder.InvalidContent("Component 'x' has no roles.")

    monkeypatch.setattr("quiz.content.loading.build_all_questions", broken)
    with pytest.raises(CommandError, match="has no roles"):
        call_command("build_questions", verbosity=0)


def test_fixtures_use_natural_keys_not_hand_numbered_ids():
    for path in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"):
        for row in json.loads(path.read_text()):
            assert "pk" not in row, (path.name, row["model"])


def test_rebuilding_keeps_the_quiz_settings_admins_chose(content):
    Quiz.objects.filter(slug="component-roles").update(
        pass_mark=90, is_published=False, max_attempts=3, time_limit_minutes=20
    )
    call_command("build_questions", verbosity=0)
    quiz = Quiz.objects.get(slug="component-roles")
    assert (quiz.pass_mark, quiz.is_published, quiz.max_attempts, quiz.time_limit_minutes) == (
        90,
        False,
        3,
        20,
    )
