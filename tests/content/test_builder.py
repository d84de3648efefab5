"""The builder: every fact quotable from the release, questions grouped by objective, no
ambiguous question, deterministic and idempotent, and a fixture edit makes new versions."""

import io
import json
import re
import shutil
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
ABBREVIATIONS = {"HSI", "CBP", "USCIS", "FLETC"}


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
    assert facts.count() == 36
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
    [("component-roles", 10, 40), ("release-facts", 7, 28)],
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
        # Enough for three retakes that never ask a question again.
        assert bank.filter(objective=objective).count() >= 4, objective.key


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
        "jointly with the White House",
        "victim services network",
        "Prevention Month",
        "coordinate and unite",
    ]:
        assert topic.lower() in prompts, topic


def test_every_component_and_role_is_asked_as_itself_and_in_its_scenarios(content):
    bank = active("component-roles")
    assert set(bank.values_list("kind", flat=True)) == {"single", "multiple"}
    component_roles = ComponentRole.objects.filter(
        component__kind=Component.Kind.COMPONENT
    ).select_related("component", "role")
    assert component_roles.count() == 9
    for cr in component_roles:
        role = cr.role
        pool = bank.filter(key__startswith=f"which:{role.key}")
        assert [q.prompt for q in pool.order_by("position")] == [
            f"Which of these does the 2014 release credit with {role.asked_as}?",
            *role.scenarios,
        ]
        assert len(role.scenarios) >= 2, role.key
    for component in Component.objects.filter(kind=Component.Kind.COMPONENT):
        assert bank.filter(components=component).exists(), component.slug


def test_protects_victims_is_asked_as_multiple_select_with_hsi_and_cbp(content):
    for question in active("component-roles").filter(key__startswith="which:protects-victims"):
        assert question.kind == "multiple"
        assert {c.text for c in question.choices.filter(is_correct=True)} == {"HSI", "CBP"}
        assert {c.text for c in question.choices.filter(is_correct=False)} == {"USCIS", "FLETC"}
        assert {c.slug for c in question.components.all()} == {"ice-hsi", "cbp"}


def test_role_questions_offer_every_part_of_dhs_by_abbreviation_only(content):
    names = list(Component.objects.values_list("name", flat=True))
    for question in active("component-roles").filter(key__startswith="which:"):
        shown = [c.text for c in question.choices.all()]
        assert set(shown) == ABBREVIATIONS, question.key
        for name in names:
            assert all(name not in text for text in [question.prompt, *shown]), question.key


def test_no_stem_names_a_part_of_dhs_or_its_full_name_where_choices_name_them(content):
    """A stem that said "Border" or "Training" would point at CBP or FLETC."""
    echoes = {"investigat", "border", "protect", "training", "citizenship", "center"}
    for question in active("component-roles").filter(key__startswith="which:"):
        said = {w for w in re.findall(r"[a-z]+", question.prompt.lower())}
        assert not {w for w in said if any(w.startswith(e) for e in echoes)}, question.key


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
    """For every role question, the answers marked right are exactly the parts of DHS whose
    bullet in the release says the role. Truth comes from the release text, not from the
    fixtures' component-role pairs."""
    bullets = bullets_by_abbreviation()
    checked = 0
    for question in active("component-roles").filter(key__startswith="which:"):
        role = Role.objects.get(key=question.key.split(":")[1])
        owners = {a for a, line in bullets.items() if role.phrase.lower() in line.lower()}
        right = set(question.choices.filter(is_correct=True).values_list("text", flat=True))
        assert right == owners, question.key
        assert question.kind == ("single" if len(owners) == 1 else "multiple"), question.key
        checked += 1
    assert checked == 32


def test_every_single_choice_question_has_exactly_one_right_answer(content):
    for question in Question.objects.filter(is_active=True, kind="single"):
        assert question.choices.filter(is_correct=True).count() == 1, question.key


# --- The builder on its own -------------------------------------------------------


def claim(component: str, role: str) -> shapes.RoleClaim:
    return shapes.RoleClaim(
        component,
        role,
        phrase=f"does {role}",
        label=f"Doing {role}",
        asked_as=f"doing {role}",
        scenarios=(f"Someone must do {role}. Which of these does the release credit with it?",),
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
        "which:own-a:1": "own",
        "which:own-b": "own",
        "which:own-b:1": "own",
        "which:shared": "shared",
        "which:shared:1": "shared",
    }


def test_builder_refuses_a_question_whose_distractor_is_also_true():
    spec = shapes.QuestionSpec(
        key="which:interdicts",
        kind="single",
        prompt="Which of these does the release credit with interdicting traffickers?",
        explanation="",
        passage_key="cbp",
        choices=(
            shapes.ChoiceSpec("CBP", True, component="cbp"),
            shapes.ChoiceSpec("HSI", False, component="ice-hsi"),
        ),
        role="interdicts",
    )
    pairs = {("cbp", "interdicts"), ("ice-hsi", "interdicts")}
    with pytest.raises(shapes.AmbiguousQuestion):
        builder.check_unambiguous(spec, pairs)


def test_builder_never_asks_a_single_answer_question_for_a_shared_role():
    specs = builder.quiz_questions(OBJECTIVES, COMPONENTS, SHARED)
    for which in [s for s in specs if s.role == "shared"]:
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


def test_builder_refuses_a_role_without_the_words_it_is_asked_in():
    claims = [claim("a", "own-a"), claim("b", "own-b")]
    claims[0] = shapes.RoleClaim(**{**claims[0].__dict__, "asked_as": ""})
    with pytest.raises(shapes.InvalidContent, match="'own-a': it needs the words"):
        builder.quiz_questions(OBJECTIVES[:1], COMPONENTS, claims)


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
    assert "component-roles: 40 kept, 0 added, 0 retired" in report
    assert "release-facts: 28 kept, 0 added, 0 retired" in report


def fixture_copy(tmp_path, edit) -> Path:
    """The content fixtures copied to a directory, with `edit(name, rows)` applied to each."""
    directory = tmp_path / "fixtures"
    directory.mkdir()
    for name in ["release", "components", "quizzes"]:
        rows = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        edit(name, rows)
        (directory / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    shutil.copytree(FIXTURES / "source", directory / "source")
    return directory


def rename_cbp(abbreviation: str):
    def edit(name, rows):
        for row in rows:
            if row["model"] == "quiz.component" and row["fields"]["slug"] == "cbp":
                row["fields"]["abbreviation"] = abbreviation

    return edit


def ask_interdicting_as(words: str):
    def edit(name, rows):
        for row in rows:
            if row["model"] == "quiz.role" and row["fields"]["key"] == "interdicts-traffickers":
                row["fields"]["asked_as"] = words

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
    asked = active("component-roles").get(key="which:interdicts-traffickers")
    asked_choices = sorted(asked.choices.values_list("text", "is_correct"))
    response = ResponseFactory(attempt__user=trainee, attempt__quiz=asked.quiz, question=asked)

    edit = ask_interdicting_as("stopping traffickers on their way in")
    report = build(fixture_dir=fixture_copy(tmp_path, edit))

    # Only the question that asks in those words shows something new: it alone is replaced.
    assert f"component-roles: {len(before) - 1} kept, 1 added, 1 retired" in report
    assert "release-facts: 28 kept, 0 added, 0 retired" in report
    for pk in before:
        assert Question.objects.get(pk=pk).is_active == (pk != asked.pk)
    assert set(active("component-roles").values_list("key", flat=True)) == {
        q.key for q in before.values()
    }
    current = active("component-roles").get(key="which:interdicts-traffickers")
    assert current.pk != asked.pk
    assert current.prompt == (
        "Which of these does the 2014 release credit with stopping traffickers on their way in?"
    )

    past = Response.objects.get(pk=response.pk).question
    assert past.pk == asked.pk and not past.is_active
    assert (past.prompt, past.explanation) == (asked.prompt, asked.explanation)
    assert sorted(past.choices.values_list("text", "is_correct")) == asked_choices
    assert Choice.objects.filter(question=past, text="CBP", is_correct=True).exists()


def test_fixture_edit_that_breaks_a_rule_is_refused_and_changes_nothing(content, tmp_path):
    """ "DHS CBP" would stand out by its length among HSI, USCIS and FLETC: a giveaway."""
    before = list(Question.objects.order_by("pk").values_list("pk", "is_active", "fingerprint"))
    with pytest.raises(
        CommandError, match=r"nothing changed: .*is the only (longest|shortest) choice"
    ):
        build(fixture_dir=fixture_copy(tmp_path, rename_cbp("DHS CBP")))
    assert Component.objects.get(slug="cbp").abbreviation == "CBP"
    assert (
        list(Question.objects.order_by("pk").values_list("pk", "is_active", "fingerprint"))
        == before
    )


def drop_objective(key: str):
    def edit(name, rows):
        rows[:] = [
            row
            for row in rows
            if not (row["model"] == "quiz.objective" and row["fields"]["key"] == key)
        ]

    return edit


def test_fixture_edit_dropping_an_objective_retires_its_questions(content, tmp_path):
    build(fixture_dir=fixture_copy(tmp_path, drop_objective("training-audience")))
    assert not Objective.objects.filter(quiz__slug="component-roles", key="training-audience")
    assert active("component-roles").count() == 40 - 4
    assert not active("component-roles").filter(objective=None).exists()
    assert not active("component-roles").filter(key__startswith="fact:training-for").exists()
    assert Question.objects.filter(key="fact:training-for", is_active=False).exists()


def test_dropping_the_objective_that_asks_a_credit_of_the_release_is_refused(content, tmp_path):
    with pytest.raises(CommandError, match="'develops-training'.*no objective asks about it"):
        build(fixture_dir=fixture_copy(tmp_path, drop_objective("training")))
    assert Objective.objects.filter(quiz__slug="component-roles", key="training").exists()


@pytest.mark.parametrize(
    ("model", "key", "fields", "named"),
    [
        pytest.param(
            Role,
            "interdicts-traffickers",
            {"phrase": "inspects cargo"},
            "Role 'interdicts-traffickers' of 'cbp': its words are not in passage",
            id="role-words-not-in-its-passage",
        ),
        pytest.param(
            Fact,
            "prevention-month",
            {"quote": "February is the month."},
            "prevention-month",
            id="fact-quote-not-in-its-passage",
        ),
    ],
)
def test_build_questions_stops_on_an_unquoted_role_or_fact_and_changes_nothing(
    content, model, key, fields, named
):
    before = list(Question.objects.order_by("pk").values_list("pk", "is_active"))
    model.objects.filter(key=key).update(**fields)
    with pytest.raises(shapes.InvalidContent, match=named):
        build_all_questions(FIXTURES, {"component-roles", "release-facts"})
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
    chosen = {
        "pass_mark": 90,
        "is_published": False,
        "max_attempts": 3,
        "time_limit_minutes": 20,
        "attempts_per_day": 2,
        "wait_minutes": 60,
    }
    Quiz.objects.filter(slug="component-roles").update(**chosen)
    call_command("build_questions", verbosity=0)
    quiz = Quiz.objects.get(slug="component-roles")
    assert {name: getattr(quiz, name) for name in chosen} == chosen
