"""The builder: every fact quotable from the release, questions grouped by objective, no
ambiguous question, deterministic and idempotent, and a fixture edit makes new versions."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quiz.content import builder, shapes
from quiz.content.sync import build_all_questions, specs_for
from quiz.models import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    Objective,
    Passage,
    Question,
    Quiz,
    Release,
    Response,
    Role,
)
from tests.factories import ResponseFactory

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The release as archived, kept beside the fixtures so the tests need nothing outside the repo.
RELEASE_FILE = FIXTURES / "source" / "dhs-2014-01-14-working-together.txt"
ABBREVIATIONS = {"ICE HSI", "CBP", "USCIS", "FLETC"}


def release_text() -> str:
    """The release as published, white space folded, bullets dropped."""
    text = RELEASE_FILE.read_text(encoding="utf-8").replace("\u2022", " ")
    return " ".join(text.split())


def folded(text: str) -> str:
    return " ".join(text.split())


def active(slug: str):
    return Question.objects.filter(quiz__slug=slug, is_active=True)


# --- The content is the release's ------------------------------------------------


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
        assert cr.component.name in cr.passage.text, (cr.component.slug, cr.role.key)
        assert folded(cr.passage.text) in text


def test_every_fact_quote_is_verbatim_in_its_passage(content):
    facts = Fact.objects.select_related("passage")
    assert facts.count() == 17
    for fact in facts:
        assert fact.quote in fact.passage.text, fact.key


def test_every_explanation_quotes_the_release(content):
    text = release_text()
    for question in Question.objects.all():
        for quote in question.explanation.split("\n\n"):
            assert folded(quote) in text, question.key


def test_four_components_and_blue_campaign_is_not_one_of_them(content):
    components = Component.objects.filter(kind=Component.Kind.COMPONENT)
    assert set(components.values_list("abbreviation", flat=True)) == ABBREVIATIONS
    blue = Component.objects.get(slug="blue-campaign")
    assert blue.kind == Component.Kind.INITIATIVE
    assert blue.roles.get().phrase == "coordinates and unites these initiatives"
    assert not active("component-roles").filter(key__contains="unites-initiatives").exists()


# --- The bank ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "objectives", "questions"),
    [("component-roles", 7, 25), ("release-facts", 5, 14)],
)
def test_both_quizzes_are_built_with_their_objectives_and_questions(
    content, slug, objectives, questions
):
    quiz = content[slug]
    bank = active(slug).select_related("objective")
    assert Objective.objects.filter(quiz=quiz).count() == objectives
    assert bank.count() == questions
    assert {q.objective.quiz_id for q in bank} == {quiz.pk}  # none without an objective
    for objective in Objective.objects.filter(quiz=quiz):
        assert bank.filter(objective=objective).exists(), objective.key


def test_release_facts_quiz_asks_each_fact_of_its_objectives(content):
    bank = active("release-facts").select_related("objective")
    asked = {(q.objective.key, q.key) for q in bank}
    expected = {
        (objective.key, f"fact:{fact.key}")
        for objective in Objective.objects.filter(quiz__slug="release-facts")
        for fact in objective.facts.all()
    }
    assert asked == expected
    prompts = " ".join(bank.values_list("prompt", flat=True)).lower()
    for topic in [
        "Federal Strategic Action Plan",
        "jointly developed",
        "victim services network",
        "Prevention Month",
        "coordinated and united",
    ]:
        assert topic.lower() in prompts, topic


def test_every_component_and_role_is_asked(content):
    bank = active("component-roles")
    keys = set(bank.values_list("key", flat=True))
    assert set(bank.values_list("kind", flat=True)) == {
        "matching",
        "single",
        "multiple",
        "true_false",
    }
    component_roles = ComponentRole.objects.filter(
        component__kind=Component.Kind.COMPONENT
    ).select_related("component", "role")
    assert component_roles.count() == 9
    for cr in component_roles:
        which = bank.get(key=f"which:{cr.role.key}")
        assert cr.role.statement in which.prompt
        assert f"statement:{cr.component.slug}:{cr.role.key}" in keys
    for component in Component.objects.filter(kind=Component.Kind.COMPONENT):
        assert f"credited-to:{component.slug}" in keys
        assert bank.filter(components=component).exists(), component.slug
    relief = bank.get(key="matching:relief")
    assert {i.label: i.correct_choice.text for i in relief.match_items.all()} == {
        "ICE HSI": "Short-term immigration relief for foreign victims",
        "USCIS": "Long-term immigration relief through the T and U visas",
    }
    assert relief.choices.count() == 3  # one more option than lines: a decoy


def test_protects_victims_is_asked_as_multiple_select_with_ice_hsi_and_cbp(content):
    question = active("component-roles").get(key="which:protects-victims")
    assert question.kind == "multiple"
    assert "Select all that apply." in question.prompt
    assert {c.text for c in question.choices.filter(is_correct=True)} == {"ICE HSI", "CBP"}
    assert {c.text for c in question.choices.filter(is_correct=False)} == {"USCIS", "FLETC"}
    assert {c.slug for c in question.components.all()} == {"ice-hsi", "cbp"}


def test_choices_name_components_by_abbreviation_only(content):
    names = list(Component.objects.values_list("name", flat=True))
    # The facts the component quiz also asks are written out, and checked by the truth rules.
    built = active("component-roles").exclude(key__startswith="fact:")
    for question in built.prefetch_related("choices", "match_items"):
        shown = [c.text for c in question.choices.all()] + [
            i.label for i in question.match_items.all()
        ]
        for name in names:
            assert all(name not in text for text in [question.prompt, *shown]), question.key
        if question.key.startswith("which:"):
            assert set(shown) == ABBREVIATIONS, question.key


def test_statements_about_roles_are_all_true(content):
    """The release never says what a component does not do, so no false statement is asked."""
    statements = active("component-roles").filter(key__startswith="statement:")
    assert statements.count() == 9
    for question in statements:
        assert question.kind == "true_false"
        assert [c.text for c in question.choices.filter(is_correct=True)] == ["True"]


def test_stored_choice_order_does_not_give_the_answer_away(content):
    positions = {
        question.choices.get(is_correct=True).position
        for question in active("component-roles").filter(key__startswith="which:", kind="single")
    }
    assert len(positions) > 1


def bullets_by_abbreviation() -> dict[str, str]:
    """Each component's bullet, read from the release itself: the line naming it."""
    lines = RELEASE_FILE.read_text(encoding="utf-8").splitlines()
    return {
        c.abbreviation: next(line for line in lines if c.name in line)
        for c in Component.objects.filter(kind=Component.Kind.COMPONENT)
    }


def test_no_generated_question_is_ambiguous_under_the_release(content):
    """For every question, the answers marked right are exactly the ones the release makes true.

    Truth comes from the release text, not from the fixtures' component-role pairs: a
    component has a role when the role's words are in the bullet that names the component.
    Which role a question asks is read from its words: a role's statement in a stem, its
    label in a choice.
    """
    bullets = bullets_by_abbreviation()
    roles = list(Role.objects.all())
    by_label = {r.label: r for r in roles}

    def release_says(abbreviation: str, role: Role) -> bool:
        return role.phrase.lower() in bullets[abbreviation].lower()

    checked = 0
    # The facts the component quiz also asks are written out, and checked by the truth rules.
    built = active("component-roles").exclude(key__startswith="fact:")
    for question in built.prefetch_related("choices", "match_items"):
        choices = list(question.choices.all())
        right = {c.text for c in choices if c.is_correct}
        if question.kind == "matching":
            for item in question.match_items.all():
                fits = [c for c in choices if release_says(item.label, by_label[c.text])]
                assert fits == [item.correct_choice], (question.key, item.label)
        elif question.kind == "true_false":
            (abbreviation, role), *others = [
                (a, r) for a in bullets for r in roles if f" {a} {r.statement}." in question.prompt
            ]
            assert not others, question.key
            expected = "True" if release_says(abbreviation, role) else "False"
            assert right == {expected}, question.key
        elif question.key.startswith("credited-to:"):
            abbreviation = re.search(r"credit to (.+)\?$", question.prompt).group(1)
            owned = {c.text for c in choices if release_says(abbreviation, by_label[c.text])}
            assert right == owned and len(right) == 1, question.key
        else:  # "which part(s) of DHS ...?"
            (role,) = [r for r in roles if r.statement in question.prompt]
            owners = {a for a in bullets if release_says(a, role)}
            assert right == owners, question.key
            assert question.kind == ("single" if len(owners) == 1 else "multiple"), question.key
        checked += 1
    assert checked == 22


def test_every_single_choice_or_true_false_question_has_exactly_one_right_answer(content):
    for question in Question.objects.filter(is_active=True, kind__in=["single", "true_false"]):
        assert question.choices.filter(is_correct=True).count() == 1, question.key


# --- The builder on its own -------------------------------------------------------


def claim(component: str, role: str) -> shapes.RoleClaim:
    return shapes.RoleClaim(
        component,
        role,
        phrase=f"does {role}",
        statement=f"did {role}",
        label=f"Doing {role}",
        passage_key=f"p-{component}",
        passage_text=f"{component.upper()} does {role}.",
    )


COMPONENTS = [shapes.ComponentInfo("a", "A", "Alpha"), shapes.ComponentInfo("b", "B", "Beta")]
SHARED = [claim("a", "own-a"), claim("a", "shared"), claim("b", "own-b"), claim("b", "shared")]
OBJECTIVES = [
    shapes.ObjectiveInfo("own", "Tell apart what A and B do.", roles=("own-a", "own-b")),
    shapes.ObjectiveInfo("shared", "Name both that share.", roles=("shared",)),
]


def test_builder_groups_questions_by_objective():
    specs = builder.quiz_questions(OBJECTIVES, COMPONENTS, SHARED)
    assert {s.key: s.objective for s in specs} == {
        "which:own-a": "own",
        "statement:a:own-a": "own",
        "credited-to:a": "own",
        "which:own-b": "own",
        "statement:b:own-b": "own",
        "credited-to:b": "own",
        "matching:own": "own",
        "which:shared": "shared",
        "statement:a:shared": "shared",
        "statement:b:shared": "shared",
    }


def test_builder_refuses_a_question_whose_distractor_is_also_true():
    spec = shapes.QuestionSpec(
        key="credited-to:cbp",
        kind="single",
        prompt="Which of these does the release credit to CBP?",
        explanation="",
        passage_key="cbp",
        choices=(
            shapes.ChoiceSpec("Interdicting traffickers", True, role="interdicts"),
            shapes.ChoiceSpec("Protecting victims", False, role="protects-victims"),
        ),
        component="cbp",
    )
    pairs = {("cbp", "interdicts"), ("cbp", "protects-victims"), ("ice-hsi", "protects-victims")}
    with pytest.raises(shapes.AmbiguousQuestion):
        builder.check_unambiguous(spec, pairs)


def test_builder_never_asks_a_single_answer_question_for_a_shared_role():
    specs = builder.quiz_questions(OBJECTIVES, COMPONENTS, SHARED)
    which = next(s for s in specs if s.key == "which:shared")
    assert which.kind == "multiple"
    assert {c.text for c in which.choices if c.is_correct} == {"A", "B"}
    for spec in specs:
        if spec.kind == "single":
            asked = {c.role or spec.role for c in spec.choices if c.is_correct}
            assert "shared" not in asked, spec.key


def test_builder_is_deterministic():
    first = builder.quiz_questions(OBJECTIVES, COMPONENTS, SHARED)
    second = builder.quiz_questions(list(OBJECTIVES), list(COMPONENTS), list(SHARED))
    assert first == second
    assert [s.fingerprint for s in first] == [s.fingerprint for s in second]
    assert [[c.text for c in s.choices] for s in first] == [
        [c.text for c in s.choices] for s in second
    ]


def test_builder_is_deterministic_on_the_fixtures(content):
    for quiz in content.values():
        first, second = specs_for(quiz), specs_for(quiz)
        assert first == second
        assert [s.fingerprint for s in first] == list(
            Question.objects.filter(quiz=quiz, is_active=True)
            .order_by("position")
            .values_list("fingerprint", flat=True)
        )


def test_builder_refuses_a_component_without_roles():
    objectives = [shapes.ObjectiveInfo("own", "What A does.", roles=("own-a",))]
    with pytest.raises(shapes.InvalidContent, match="'b' has no roles"):
        builder.quiz_questions(objectives, COMPONENTS, [claim("a", "own-a")])


def test_builder_refuses_a_component_with_no_role_of_its_own():
    claims = [claim("a", "own-a"), claim("a", "shared"), claim("b", "shared")]
    with pytest.raises(shapes.InvalidContent, match="'b' has no role of its own"):
        builder.quiz_questions(OBJECTIVES[1:], COMPONENTS, claims)


def test_builder_refuses_an_objective_about_a_role_nobody_has():
    objectives = [shapes.ObjectiveInfo("ghost", "Nobody.", roles=("ghost",))]
    with pytest.raises(shapes.InvalidContent, match="'ghost' belongs to no component"):
        builder.quiz_questions(objectives, COMPONENTS, SHARED)


def test_builder_refuses_a_fact_with_fewer_than_two_wrong_answers():
    fact = shapes.FactInfo(
        "month",
        "single",
        "Which month?",
        "January",
        (("April", "The release says January."),),
        "p",
        "January is the month.",
        "January is the month.",
    )
    objectives = [shapes.ObjectiveInfo("month", "Name the month.", facts=("month",))]
    with pytest.raises(shapes.InvalidContent, match="two or more distinct wrong answers"):
        builder.quiz_questions(objectives, facts=[fact])


# --- Building from the fixtures ---------------------------------------------------


def build(**options) -> str:
    out = io.StringIO()
    call_command("build_questions", stdout=out, **options)
    return out.getvalue()


def test_build_questions_twice_duplicates_nothing(content):
    counts = (
        Question.objects.count(),
        Release.objects.count(),
        Passage.objects.count(),
        ComponentRole.objects.count(),
        Objective.objects.count(),
    )
    report = build()
    assert (
        Question.objects.count(),
        Release.objects.count(),
        Passage.objects.count(),
        ComponentRole.objects.count(),
        Objective.objects.count(),
    ) == counts
    assert Question.objects.filter(is_active=False).count() == 0
    assert "component-roles: 25 kept, 0 added, 0 retired" in report
    assert "release-facts: 14 kept, 0 added, 0 retired" in report


def fixture_copy(tmp_path, edit) -> Path:
    """The content fixtures copied to a directory, with `edit(name, rows)` applied to each."""
    directory = tmp_path / "fixtures"
    directory.mkdir()
    for name in ["release", "components", "quizzes"]:
        rows = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        edit(name, rows)
        (directory / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    return directory


def rename_cbp(abbreviation: str):
    def edit(name, rows):
        for row in rows:
            if row["model"] == "quiz.component" and row["fields"]["slug"] == "cbp":
                row["fields"]["abbreviation"] = abbreviation

    return edit


def what_it_shows(question: Question) -> str:
    parts = [question.prompt, question.explanation]
    parts += [f"{c.text} {c.feedback}" for c in question.choices.all()]
    parts += [i.label for i in question.match_items.all()]
    return " ".join(parts)


def test_fixture_edit_retires_and_adds_versions_and_past_attempts_keep_what_they_asked(
    content, trainee, tmp_path
):
    before = {q.pk: q for q in active("component-roles")}
    mentions_cbp = {pk for pk, q in before.items() if re.search(r"\bCBP\b", what_it_shows(q))}
    asked = active("component-roles").get(key="which:interdicts-traffickers")
    assert asked.pk in mentions_cbp
    asked_choices = sorted(asked.choices.values_list("text", "is_correct"))
    response = ResponseFactory(attempt__user=trainee, attempt__quiz=asked.quiz, question=asked)

    report = build(fixture_dir=fixture_copy(tmp_path, rename_cbp("U.S. CBP")))

    changed, kept = len(mentions_cbp), len(before) - len(mentions_cbp)
    assert 0 < changed < len(before)
    assert f"component-roles: {kept} kept, {changed} added, {changed} retired" in report
    assert "release-facts: 14 kept, 0 added, 0 retired" in report
    for pk in before:  # a question is replaced exactly when what it shows changed
        assert Question.objects.get(pk=pk).is_active == (pk not in mentions_cbp)
    assert set(active("component-roles").values_list("key", flat=True)) == {
        q.key for q in before.values()
    }
    current = active("component-roles").get(key="which:interdicts-traffickers")
    assert current.pk != asked.pk
    assert current.choices.get(is_correct=True).text == "U.S. CBP"

    past = Response.objects.get(pk=response.pk).question
    assert past.pk == asked.pk and not past.is_active
    assert (past.prompt, past.explanation) == (asked.prompt, asked.explanation)
    assert sorted(past.choices.values_list("text", "is_correct")) == asked_choices
    assert Choice.objects.filter(question=past, text="CBP", is_correct=True).exists()


def test_fixture_edit_that_breaks_a_rule_is_refused_and_changes_nothing(content, tmp_path):
    """ "DHS CBP" would repeat the stem's "DHS" in the right answer only: a giveaway."""
    before = list(Question.objects.order_by("pk").values_list("pk", "is_active", "fingerprint"))
    with pytest.raises(CommandError, match=r"nothing changed: .*'DHS CBP' shares \['dhs'\]"):
        build(fixture_dir=fixture_copy(tmp_path, rename_cbp("DHS CBP")))
    assert Component.objects.get(slug="cbp").abbreviation == "CBP"
    assert (
        list(Question.objects.order_by("pk").values_list("pk", "is_active", "fingerprint"))
        == before
    )


def test_fixture_edit_dropping_an_objective_retires_its_questions(content, tmp_path):
    def drop_training(name, rows):
        rows[:] = [
            row
            for row in rows
            if not (row["model"] == "quiz.objective" and row["fields"]["key"] == "training")
        ]

    directory = fixture_copy(tmp_path, drop_training)
    build(fixture_dir=directory)
    assert not Objective.objects.filter(quiz__slug="component-roles", key="training").exists()
    assert active("component-roles").count() < 25
    assert not active("component-roles").filter(objective=None).exists()
    assert not active("component-roles").filter(key__endswith="develops-training").exists()
    assert Question.objects.filter(key="which:develops-training", is_active=False).exists()


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
    with pytest.raises(shapes.InvalidContent, match=key):
        build_all_questions()
    assert list(Question.objects.order_by("pk").values_list("pk", "is_active")) == before


def test_build_questions_command_reports_bad_content_as_an_error(content, monkeypatch):
    def broken(*args, **kwargs):
        raise shapes.InvalidContent("Component 'x' has no roles.")

    monkeypatch.setattr("quiz.content.loading.build_all_questions", broken)
    with pytest.raises(CommandError, match="has no roles"):
        call_command("build_questions", verbosity=0)


def test_fixtures_use_natural_keys_not_hand_numbered_ids():
    for path in FIXTURES.glob("*.json"):
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
