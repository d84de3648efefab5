"""build_questions refuses a bank that is not true to the release, naming the record and
the rule, and changes nothing. Each test breaks one rule in a copy of the real fixtures."""

import pytest
from django.core.management import CommandError, call_command

from .test_content_validation import edit, everything, record

R = "dhs-2014-01-14-working-together"


def refused(directory, *words: str) -> None:
    before = everything()
    with pytest.raises(CommandError) as error:
        call_command("build_questions", fixture_dir=directory, verbosity=0)
    message = str(error.value)
    assert "nothing changed" in message
    for word in words:
        assert word in message
    assert everything() == before


def change_fact(directory, key: str, **fields) -> None:
    edit(
        directory,
        "release",
        lambda rows: record(rows, "quiz.fact", key=key)["fields"].update(fields),
    )


def test_the_real_fixtures_pass_every_rule(content):
    call_command("build_questions", verbosity=0)  # raises if a rule is broken


def test_a_role_citing_another_components_passage_is_refused(content, fixture_dir):
    # CBP "arrests traffickers", citing ICE HSI's bullet.
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


def test_a_role_statement_with_words_the_release_does_not_say_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "components",
        lambda rows: record(rows, "quiz.role", key="interdicts-traffickers")["fields"].update(
            statement="interdicted smugglers"
        ),
    )
    refused(fixture_dir, "'interdicts-traffickers'", "smuggler")


def test_a_fact_answer_the_release_does_not_give_is_refused(content, fixture_dir):
    change_fact(fixture_dir, "prevention-month", answer="February")
    refused(fixture_dir, "'prevention-month'", "answer", "februar")


def test_a_true_statement_in_words_the_release_does_not_say_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "blue-campaign-statement",
        prompt="According to the 2014 release, DHS funded the DHS Blue Campaign.",
    )
    refused(fixture_dir, "'blue-campaign-statement'", "true statement", "fund")


def test_a_wrong_answer_the_release_makes_true_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "plan-partners",
        distractors=[
            {"text": "DHS, DOJ, and HHS", "why": "x"},
            {"text": "DHS, DOJ, HHS, and FLETC", "why": "x"},
        ],
    )
    refused(fixture_dir, "'plan-partners'", "'DHS, DOJ, and HHS' is what the release says")


def test_a_wrong_answer_equal_to_the_key_but_for_case_order_and_punctuation_is_refused(
    content, fixture_dir
):
    change_fact(
        fixture_dir,
        "plan-partners",
        distractors=[
            {"text": "HHS, DOJ, DHS and the white house", "why": "x"},
            {"text": "DHS, DOJ, HHS, and FLETC", "why": "x"},
        ],
    )
    refused(fixture_dir, "'plan-partners'", "again", "word order")


def test_a_false_statement_the_release_does_not_contradict_is_refused(content, fixture_dir):
    # False only because the release is silent: it never says what FLETC does not do.
    change_fact(
        fixture_dir,
        "prevention-month-not-april",
        prompt="According to the 2014 release, FLETC investigates incidents of human trafficking.",
        false_term="",
        true_term="",
    )
    refused(fixture_dir, "'prevention-month-not-april'", "contradicts")


def test_a_false_statement_whose_true_term_is_not_in_its_quote_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "prevention-month-not-april",
        prompt="According to the 2014 release, April is National Human Trafficking and "
        "Slavery Prevention Month.",
        false_term="April",
        true_term="March",
    )
    refused(fixture_dir, "'prevention-month-not-april'", "does not contradict")


def test_a_stem_that_repeats_a_word_of_the_key_alone_is_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "blue-campaign",
        prompt="According to the 2014 release, under which campaign did DHS unite its initiatives?",
    )
    refused(fixture_dir, "'fact:blue-campaign'", "shares", "campaign")


def test_choices_of_very_different_lengths_are_refused(content, fixture_dir):
    change_fact(
        fixture_dir,
        "prevention-month",
        distractors=[
            {"text": "Apr", "why": "x"},
            {"text": "The month the fiscal year of the federal government starts", "why": "x"},
        ],
    )
    refused(fixture_dir, "'fact:prevention-month'", "characters")


def test_two_objectives_whose_questions_answer_each_other_are_refused(content, fixture_dir):
    # Move the "who jointly developed" question to another objective: it shows the four
    # partners, which the "DHS on its own" statement asks about.
    def move(rows):
        partners = record(rows, "quiz.objective", key="plan-partners")["fields"]
        scope = record(rows, "quiz.objective", key="plan-scope")["fields"]
        partners["facts"].remove([R, "plan-partners"])
        scope["facts"].append([R, "plan-partners"])

    edit(fixture_dir, "quizzes", move)
    refused(fixture_dir, "'plan-scope'", "'plan-partners'", "drawn together")


def test_an_objective_naming_a_role_in_no_fixture_is_refused(content, fixture_dir):
    edit(
        fixture_dir,
        "quizzes",
        lambda rows: record(rows, "quiz.objective", key="arrests")["fields"]["roles"].append(
            ["no-such-role"]
        ),
    )
    refused(fixture_dir, "quizzes.json", "roles=['no-such-role']", "in no fixture")
