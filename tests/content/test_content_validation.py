"""Bad content stops build_questions with a message naming the record, and changes nothing.

Each test copies the real fixtures into tmp_path, breaks one record, and runs the command
on that directory after the good content has been built.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quiz.models import Component, ComponentRole, Fact, Passage, Question, Quiz, Role

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def everything() -> dict:
    """The content and the questions as they stand, to compare before and after."""
    return {
        "questions": list(
            Question.objects.order_by("pk").values_list("pk", "key", "fingerprint", "is_active")
        ),
        "roles": list(Role.objects.order_by("pk").values_list("key", "phrase", "position")),
        "components": list(Component.objects.order_by("pk").values_list("slug", "name", "kind")),
        "claims": list(ComponentRole.objects.order_by("pk").values_list("pk", "passage_id")),
        "facts": list(Fact.objects.order_by("pk").values_list("key", "kind", "quote")),
        "passages": list(Passage.objects.order_by("pk").values_list("key", "text")),
        "quizzes": list(Quiz.objects.order_by("pk").values_list("slug", "title")),
    }


def edit(directory: Path, name: str, change) -> None:
    path = directory / f"{name}.json"
    rows = json.loads(path.read_text())
    change(rows)
    path.write_text(json.dumps(rows))


def record(rows, model: str, **match) -> dict:
    return next(
        row
        for row in rows
        if row["model"] == model and all(row["fields"][k] == v for k, v in match.items())
    )


def add_record(directory: Path, name: str, model: str, /, **fields) -> None:
    """Append a `model` record with `fields` to `name`.json."""
    # Positional-only, so that a record may have a field called name (a component has).
    edit(directory, name, lambda rows: rows.append({"model": model, "fields": fields}))


def refused(directory: Path, message: str) -> str:
    """build_questions fails with `message` and leaves the content and questions as they were."""
    before = everything()
    with pytest.raises(CommandError) as raised:
        call_command("build_questions", fixture_dir=directory, verbosity=0)
    text = str(raised.value)
    assert text.startswith("Questions not built, nothing changed:")
    assert message in text, text
    assert everything() == before
    return text


def test_the_good_fixtures_copied_elsewhere_build_without_complaint(content, fixture_dir):
    """The refusals below come from the one broken record, not from the copy."""
    before = everything()
    call_command("build_questions", fixture_dir=fixture_dir, verbosity=0)
    assert everything() == before


def test_a_duplicate_natural_key_is_refused_naming_both_records(content, fixture_dir):
    def duplicate_role(rows):
        copy = json.loads(json.dumps(record(rows, "quiz.role", key="interdicts-traffickers")))
        copy["fields"]["phrase"] = "inspects cargo"
        rows.append(copy)

    edit(fixture_dir, "components", duplicate_role)
    refused(
        fixture_dir,
        "components.json, record 25: quiz.role key='interdicts-traffickers' is a duplicate "
        "of components.json, record 10",
    )


def record_number(directory: Path, name: str, model: str, **match) -> int:
    """A record's number in `name`.json as the messages count them, from 1."""
    rows = json.loads((directory / f"{name}.json").read_text())
    return rows.index(record(rows, model, **match)) + 1


def test_a_duplicate_natural_key_across_files_is_refused(content, fixture_dir):
    cbp = record_number(fixture_dir, "release", "quiz.passage", key="cbp")
    # quizzes.json holds the quizzes and their objectives; the copy goes after them.
    added = len(json.loads((fixture_dir / "quizzes.json").read_text())) + 1
    add_record(
        fixture_dir,
        "quizzes",
        "quiz.passage",
        release=["dhs-2014-01-14-working-together"],
        key="cbp",
        position=40,
        kind="bullet",
        text="Another text for the same passage.",
    )
    refused(
        fixture_dir,
        f"quizzes.json, record {added}: quiz.passage release=('dhs-2014-01-14-working-together',)"
        f", key='cbp' is a duplicate of release.json, record {cbp}; each natural key may appear "
        "once.",
    )


def test_a_duplicate_objective_of_a_quiz_is_refused_naming_both_records(content, fixture_dir):
    first = record_number(fixture_dir, "quizzes", "quiz.objective", key="arrests")
    added = len(json.loads((fixture_dir / "quizzes.json").read_text())) + 1

    def duplicate_objective(rows):
        copy = json.loads(json.dumps(record(rows, "quiz.objective", key="arrests")))
        copy["fields"]["text"] = "Say who arrests traffickers."
        rows.append(copy)

    edit(fixture_dir, "quizzes", duplicate_objective)
    refused(
        fixture_dir,
        f"quizzes.json, record {added}: quiz.objective quiz=('component-roles',), key='arrests' "
        f"is a duplicate of quizzes.json, record {first}",
    )


def test_an_objective_with_no_role_or_fact_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "quizzes",
        lambda rows: record(rows, "quiz.objective", key="values")["fields"].update(facts=[]),
    )
    refused(fixture_dir, "Objective 'values': no role or fact to ask about.")


def test_a_component_without_roles_is_refused(content, fixture_dir):
    add_record(
        fixture_dir,
        "components",
        "quiz.component",
        slug="tsa",
        abbreviation="TSA",
        name="Transportation Security Administration",
        kind="component",
        position=6,
    )
    refused(fixture_dir, "Component 'tsa' has no roles.")


@pytest.mark.parametrize(
    ("name", "model", "match", "fields", "message"),
    [
        pytest.param(
            "components",
            "quiz.role",
            {"key": "arrests-traffickers"},
            {"phrase": "arrests smugglers at sea"},
            "Role 'arrests-traffickers' of 'ice-hsi': its words are not in passage",
            id="role-words-not-in-its-passage",
        ),
        pytest.param(
            "release",
            "quiz.fact",
            {"key": "prevention-month"},
            {"quote": "February is National Human Trafficking and Slavery Prevention Month."},
            "Fact 'prevention-month': its quote is not in passage 'prevention-month'",
            id="fact-quote-not-in-its-passage",
        ),
        # An empty phrase is "in" every passage, so only the model's own validation catches it.
        pytest.param(
            "components",
            "quiz.role",
            {"key": "protects-victims"},
            {"phrase": ""},
            "quiz.role ('protects-victims',): phrase: This field cannot be blank.",
            id="blank-role-phrase-by-model-validation",
        ),
        pytest.param(
            "release",
            "quiz.fact",
            {"key": "values"},
            {"kind": "essay"},
            "quiz.fact ('dhs-2014-01-14-working-together', 'values'): kind: Value 'essay' "
            "is not a valid choice.",
            id="unknown-fact-kind",
        ),
        pytest.param(
            "components",
            "quiz.componentrole",
            {"component": ["uscis"]},
            {"passage": ["dhs-2014-01-14-working-together", "no-such-passage"]},
            "components.json, record 22: quiz.componentrole passage=['dhs-2014-01-14-working-"
            "together', 'no-such-passage'] names a quiz.passage that is in no fixture.",
            id="reference-to-a-missing-passage",
        ),
    ],
)
def test_a_record_with_a_bad_field_is_refused(
    content, fixture_dir, name, model, match, fields, message
):
    edit(fixture_dir, name, lambda rows: record(rows, model, **match)["fields"].update(fields))
    refused(fixture_dir, message)


def test_a_fixture_that_is_not_json_is_refused(content, fixture_dir):
    (fixture_dir / "quizzes.json").write_text('[{"model": "quiz.quiz", ')
    refused(fixture_dir, "quizzes.json: cannot be read as JSON")


def test_a_missing_fixture_file_is_named(content, tmp_path):
    with pytest.raises(CommandError, match=r"No release\.json in"):
        call_command("build_questions", fixture_dir=tmp_path, verbosity=0)
