"""build_questions refuses a bank that is not true to the release or that a trainee could
answer without it, naming the record and the rule, and changes nothing. Each test breaks
one rule in a copy of the real fixtures (with the release's source text beside them)."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from .test_content_validation import edit, everything, record

R = "dhs-2014-01-14-working-together"


def refused(directory, *words: str) -> str:
    before = everything()
    with pytest.raises(CommandError) as error:
        call_command("build_questions", fixture_dir=directory, verbosity=0)
    message = str(error.value)
    assert "nothing changed" in message
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    assert everything() == before
    return message


def change_fact(directory, key: str, **fields) -> None:
    edit(
        directory,
        "release",
        lambda rows: record(rows, "quiz.fact", key=key)["fields"].update(fields),
    )


def change_role(directory, key: str, **fields) -> None:
    edit(
        directory,
        "components",
        lambda rows: record(rows, "quiz.role", key=key)["fields"].update(fields),
    )


def add_fact_to(directory, objective: str, key: str, **fields) -> None:
    """A copy of the objective's first fact under a new key, changed, asked by it too."""

    def add(rows):
        first = next(r for r in rows if r["model"] == "quiz.fact")
        rows.append({"model": "quiz.fact", "fields": {**first["fields"], "key": key, **fields}})

    edit(directory, "release", add)
    edit(
        directory,
        "quizzes",
        lambda rows: record(rows, "quiz.objective", key=objective)["fields"]["facts"].append(
            [R, key]
        ),
    )


def test_the_real_fixtures_pass_every_rule(content):
    call_command("build_questions", verbosity=0)  # raises if a rule is broken


# --- The release as published ---------------------------------------------------------


def test_a_passage_changed_in_the_fixtures_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "release",
        lambda rows: record(rows, "quiz.passage", key="cbp")["fields"].update(
            text="U.S. Customs and Border Protection interdicts traffickers and protects victims."
        ),
    )
    refused(fixture_dir, "passage 'cbp'", "not in the source word for word")


def test_a_month_changed_everywhere_in_the_fixtures_is_refused(content, fixture_dir):
    path = fixture_dir / "release.json"
    path.write_text(path.read_text().replace("January", "April"))
    refused(fixture_dir, "not in the source word for word")


def test_a_release_date_changed_in_the_fixtures_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "release",
        lambda rows: record(rows, "quiz.release", slug=R)["fields"].update(
            published_on="2014-01-15"
        ),
    )
    refused(fixture_dir, f"Release '{R}'", "another day than 2014-01-15")


def test_a_title_the_source_does_not_bear_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "release",
        lambda rows: record(rows, "quiz.release", slug=R)["fields"].update(
            title="Working Together to Stop Human Trafficking"
        ),
    )
    refused(fixture_dir, "its title", "is not the source's")


def test_a_source_file_changed_beside_the_fixtures_is_refused(content, fixture_dir):
    source = next((fixture_dir / "source").glob("*.txt"))
    source.write_text(source.read_text().replace("January is", "April is"))
    message = refused(fixture_dir, "SHA-256", "never a changed copy")
    assert hashlib.sha256(source.read_bytes()).hexdigest() in message


def test_an_objective_dropped_so_a_credit_of_the_release_is_not_asked_is_refused(
    content, fixture_dir
):
    edit(
        fixture_dir,
        "quizzes",
        lambda rows: rows.remove(record(rows, "quiz.objective", key="arrests")),
    )
    refused(fixture_dir, "'arrests-traffickers'", "no objective asks about it")


# --- Records against the release ------------------------------------------------------


def test_a_role_citing_another_components_passage_is_refused(content, fixture_dir):
    # CBP "arrests traffickers", citing HSI's bullet.
    edit(
        fixture_dir,
        "components",
        lambda rows: rows.append(
            {
                "model": "quiz.componentrole",
                "fields": {
                    "component": ["cbp"],
                    "role": ["arrests-traffickers"],
                    "passage": [R, "ice-hsi"],
                },
            }
        ),
    )
    refused(fixture_dir, "'arrests-traffickers' of 'cbp'", "not CBP's own")


def test_a_role_label_with_words_the_release_does_not_say_is_refused(content, fixture_dir):
    change_role(fixture_dir, "interdicts-traffickers", label="Interdicting smugglers")
    refused(fixture_dir, "'interdicts-traffickers'", "smuggler")


def test_a_scenario_that_does_not_ask_what_the_release_credits_is_refused(content, fixture_dir):
    change_role(
        fixture_dir,
        "arrests-traffickers",
        scenarios=["A trafficker must be arrested. Which part of DHS does that?"],
    )
    refused(fixture_dir, "'arrests-traffickers'", "release credits")


def test_a_fact_answer_the_release_does_not_give_is_refused(content, fixture_dir):
    change_fact(fixture_dir, "prevention-month", answer="February")
    refused(fixture_dir, "'prevention-month'", "answer", "februar")


def test_a_key_that_is_a_paraphrase_the_quote_does_not_contain_is_refused(content, fixture_dir):
    # Every word is the release's somewhere, but the quote says nothing of victims.
    change_fact(fixture_dir, "blue-campaign", answer="Blue Campaign for victims")
    refused(fixture_dir, "'blue-campaign'", "says what its quote does not")


def test_a_wrong_answer_the_release_states_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "training-partners",
        distractors=[
            {
                "text": "The Office of Health Affairs and the Federal Emergency Management Agency",
                "why": "x",
            },
            {"text": "The Department of State and the Office of Foreign Missions", "why": "x"},
        ],
    )
    refused(fixture_dir, "'training-partners'", "is what the release says")


def test_a_wrong_answer_equal_to_the_key_but_for_case_order_and_punctuation_is_refused(
    content, fixture_dir
):
    change_fact(
        fixture_dir,
        "values",
        distractors=[
            {"text": "equality and freedom", "why": "x"},
            {"text": "Faith and family", "why": "x"},
        ],
    )
    refused(fixture_dir, "'values'", "is what the release says")


def test_an_explanation_quoting_another_passage_is_refused(content, fixture_dir):
    change_fact(fixture_dir, "prevention-month", passage=[R, "blue-campaign"])
    refused(fixture_dir, "'prevention-month'", "not in passage 'blue-campaign'")


def test_a_stem_that_does_not_ask_what_the_release_says_is_refused(content, fixture_dir):
    change_fact(fixture_dir, "values", prompt="Which American values does the plan reaffirm?")
    refused(fixture_dir, "'values'", "ask what the release says")


def test_a_broken_distractor_record_is_refused_not_a_traceback(content, fixture_dir):
    change_fact(fixture_dir, "values", distractors=["Faith and family", "Duty and honor"])
    refused(fixture_dir, "quiz.fact", "distractors")


# --- True/false statements, if any are written ---------------------------------------


def true_false(prompt: str, answer: str, **fields) -> dict:
    return {
        "kind": "true_false",
        "prompt": prompt,
        "answer": answer,
        "distractors": [],
        "why": "The release says January.",
        **fields,
    }


def test_a_single_true_or_false_statement_in_a_pool_is_refused(content, fixture_dir):
    month = "January is National Human Trafficking and Slavery Prevention Month."
    add_fact_to(
        fixture_dir,
        "prevention-month",
        "month-statement",
        **true_false(
            f"According to the release, {month}",
            "True",
            claim=month,
            quote=month,
            passage=[R, "prevention-month"],
        ),
    )
    refused(fixture_dir, "'prevention-month'", "1 of its 1 true/false questions are True")


def test_a_false_statement_marked_by_a_restrictive_word_is_refused(content, fixture_dir):
    prompt = "According to the release, the White House alone hosted the Survivor Forum."
    add_fact_to(
        fixture_dir,
        "partners",
        "hosts-alone",
        **true_false(
            prompt,
            "False",
            false_term="the White House alone",
            true_term="the White House, DOJ, HHS and DHS",
            claim="The White House, DOJ, HHS and DHS hosted the Survivor Forum.",
        ),
    )
    refused(fixture_dir, "restrictive word")


def test_a_false_statement_that_all_victims_entails_is_refused(content, fixture_dir):
    prompt = (
        "According to the release, the plan includes steps to create a victim services network "
        "that is responsive to the needs of foreign victims."
    )
    add_fact_to(
        fixture_dir,
        "network",
        "network-foreign",
        **true_false(
            prompt,
            "False",
            false_term="foreign victims",
            true_term="all victims",
            claim="The plan includes steps to create a victim services network responsive to "
            "the needs of all victims.",
            quote="responsive to the needs of all victims",
            passage=[R, "plan-developed"],
        ),
    )
    refused(fixture_dir, "'network-foreign'", "what it says of all it says of each")


# --- Item-writing rules ---------------------------------------------------------------


def test_a_stem_that_echoes_the_key_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "blue-campaign",
        prompt="According to the release, under which campaign does DHS unite its initiatives?",
    )
    refused(fixture_dir, "'fact:blue-campaign'", "shares", "campaign", "clang")


def test_a_role_asked_in_words_of_its_owners_full_name_is_refused(content, fixture_dir):
    # "Investigating" is in Homeland Security Investigations: the stem points at HSI.
    change_role(fixture_dir, "investigates-incidents", asked_as="investigating incidents")
    refused(fixture_dir, "'which:investigates-incidents'", "['investig']", "names behind")


def test_a_key_three_times_longer_than_its_distractors_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "values",
        distractors=[
            {"text": "Duty", "why": "x"},
            {"text": "Faith", "why": "x"},
            {"text": "Honor", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:values'", "characters", "length of choices")


def test_a_key_that_is_the_only_longest_choice_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "values",
        answer="Freedom and equality",
        distractors=[
            {"text": "Faith and family", "why": "x"},
            {"text": "Duty and honor", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:values'", "only longest")


def test_a_key_the_others_converge_on_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "values",
        distractors=[
            {"text": "Freedom and prosperity", "why": "x"},
            {"text": "Liberty and equality", "why": "x"},
            {"text": "Freedom and duty", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:values'", "convergence")


def test_a_key_that_is_the_odd_one_out_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "prevention-month",
        distractors=[
            {"text": "In May", "why": "x"},
            {"text": "Late July", "why": "x"},
            {"text": "Mid October", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:prevention-month'", "odd one out")


def test_markup_in_a_choice_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "prevention-month",
        distractors=[
            {"text": "<b>April</b>", "why": "x"},
            {"text": "July", "why": "x"},
            {"text": "October", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:prevention-month'", "markup")


def test_the_same_question_twice_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "prevention-month-event",
        prompt="According to the release, which month is National Human Trafficking and "
        "Slavery Prevention Month?",
    )
    refused(fixture_dir, "'fact:prevention-month'", "word for word")


def test_a_quiz_that_random_answering_passes_too_often_is_refused(content, fixture_dir):
    def keep_two(rows):
        objectives = [r for r in rows if r["model"] == "quiz.objective"]
        for extra in [r for r in objectives if r["fields"]["quiz"] == ["release-facts"]][2:]:
            rows.remove(extra)

    edit(fixture_dir, "quizzes", keep_two)
    refused(fixture_dir, "'release-facts'", "answering at random passes")


def test_two_objectives_whose_questions_answer_each_other_are_refused(content, fixture_dir):
    # A stem of the network objective that names the month another objective asks.
    change_fact(
        fixture_dir,
        "network-quality-name",
        prompt="According to the release, which quality will the victim services network have, "
        "as announced for January, National Human Trafficking and Slavery Prevention Month?",
    )
    refused(fixture_dir, "drawn together")


def test_an_objective_naming_a_role_in_no_fixture_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "quizzes",
        lambda rows: record(rows, "quiz.objective", key="arrests")["fields"]["roles"].append(
            ["no-such-role"]
        ),
    )
    refused(fixture_dir, "quizzes.json", "roles=['no-such-role']", "in no fixture")


def test_fixtures_are_written_as_json_records(fixture_dir):
    assert json.loads((fixture_dir / "release.json").read_text())
