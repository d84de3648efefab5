"""The take page is joined from question pieces kept per content version
(quiz/taking/fragments.py); a score never depends on them."""

import hashlib
import io
import json
import re
import shutil
from copy import copy
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from quiz.models import Choice, MatchItem, Passage, Question
from quiz.taking import fragments
from quiz.taking.services import start_attempt
from quiz.taking.sheet import attempt_sheet
from tests.factories import ChoiceFactory, add_question, answer_form, empty_quiz, make_quiz

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def take_page(client, attempt) -> str:
    response = client.get(f"/attempts/{attempt.pk}/")
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())  # a new token on every page


def version_of(question: Question) -> str:
    return Question.objects.values_list("content_version", flat=True).get(pk=question.pk)


def saved_with(row, **fields):
    """Set `fields` on a fetched row and save it whole, as an edit in the admin does."""
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def test_a_page_from_kept_pieces_is_the_page_rendered_afresh(trainee, trainee_client):
    attempt = start_attempt(user=trainee, quiz=make_quiz(8))  # every kind, matching included
    fragments.forget_all()
    cold = take_page(trainee_client, attempt)
    warm = take_page(trainee_client, attempt)
    assert warm == cold
    assert cold.count("<fieldset") == 8 and cold.count("<select") == 2 * 4


def test_saved_answers_are_marked_in_the_kept_pieces(trainee, trainee_client):
    quiz = make_quiz(4)
    attempt = start_attempt(user=trainee, quiz=quiz)
    single = quiz.questions.get(kind="single")
    matching = quiz.questions.get(kind="matching")
    choice = single.choices.order_by("position").last()
    item = matching.match_items.order_by("position").first()
    option = matching.choices.order_by("position").last()
    data = {f"q{single.pk}": str(choice.pk), f"q{matching.pk}-m{item.pk}": str(option.pk)}
    assert trainee_client.post(f"/attempts/{attempt.pk}/save/", data).status_code == 302
    html = take_page(trainee_client, attempt)
    assert re.search(rf'id="q{single.pk}-c{choice.pk}" value="{choice.pk}" checked>', html)
    assert html.count(" checked>") == 1
    select = re.search(rf'<select [^>]*name="q{matching.pk}-m{item.pk}".*?</select>', html, re.S)
    assert f'<option value="{option.pk}" selected>' in select.group(0)
    assert html.count(" selected>") == 1


def test_pieces_of_right_and_wrong_choices_differ_only_in_id_and_text():
    question, choices = add_question(empty_quiz(), 1, "single", ["Right", "Wrong"], {"Right"})
    content = fragments.build_contents([question.pk])[question.pk]
    right, wrong = choices["Right"], choices["Wrong"]

    def neutral(choice, marked: bool) -> str:
        html = content.choice_html[choice.pk][marked]
        for own in (f"-c{choice.pk}", f'value="{choice.pk}"', choice.text):
            assert own in html
            html = html.replace(own, "OWN")
        return html

    for marked in (False, True):
        assert neutral(right, marked) == neutral(wrong, marked)


def rebuild_from_edited_fixtures(tmp_path, edit, source_edit=None) -> str:
    """Run build_questions on a copy of the content fixtures, `edit(rows)` applied to each:
    content changes this way, never in the admin, where it is read-only. source_edit(text)
    changes the release's published text too, and the fixtures record its new SHA-256."""
    directory = tmp_path / "fixtures"
    directory.mkdir()
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures" / "source", directory / "source")
    if source_edit:
        path = next((directory / "source").glob("*.txt"))
        path.write_text(source_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        edit = also(
            edit,
            lambda rows: [
                row["fields"].update(source_sha256=digest)
                for row in rows
                if row["model"] == "quiz.release"
            ],
        )
    for name in ["release", "components", "quizzes"]:
        source = Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"
        rows = json.loads(source.read_text(encoding="utf-8"))
        edit(rows)
        (directory / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    out = io.StringIO()
    call_command("build_questions", fixture_dir=directory, stdout=out)
    return out.getvalue()


def also(first, second):
    def both(rows):
        first(rows)
        second(rows)

    return both


def november_for_october(rows):
    for row in rows:
        if row["model"] == "quiz.fact":
            for wrong in row["fields"]["distractors"]:
                wrong["text"] = wrong["text"].replace("October", "November")


def test_a_choice_changed_in_the_fixtures_shows_on_the_next_attempts_page(
    content, whole_bank, trainee, trainee_client, other_trainee, tmp_path
):
    quiz = content["release-facts"]
    fragments.forget_all()
    earlier = start_attempt(user=trainee, quiz=quiz)
    page = take_page(trainee_client, earlier)  # every question's pieces are kept now
    assert "November" not in page and "October" in page

    report = rebuild_from_edited_fixtures(tmp_path, november_for_october)
    assert "release-facts: 24 kept, 4 added, 4 retired" in report  # the month's four

    client = Client()
    client.force_login(other_trainee)
    later = start_attempt(user=other_trainee, quiz=quiz)
    fresh = take_page(client, later)
    assert fresh.count("<fieldset") == page.count("<fieldset") == 28
    questions = fresh[fresh.index("<fieldset") :]
    assert "November" in questions and "October" not in questions  # no kept old piece
    # The earlier attempt goes on showing the versions it asked.
    assert take_page(trainee_client, earlier) == page


def test_a_passage_reloaded_by_build_questions_renews_the_questions_that_cite_it(content, tmp_path):
    question = Question.objects.get(key="fact:prevention-month", is_active=True)
    before = version_of(question)
    kept = fragments.question_contents({question.pk: before})[question.pk]
    new_text = kept.question.passage.text.replace("an important step", "a step")
    assert new_text != kept.question.passage.text

    def reword_passage(rows):
        for row in rows:
            if row["model"] == "quiz.passage" and row["fields"]["key"] == "prevention-month":
                row["fields"]["text"] = new_text

    rebuild_from_edited_fixtures(
        tmp_path, reword_passage, lambda text: text.replace("an important step", "a step")
    )

    # The question is kept (its quote, and so what it asks, did not change) ...
    assert Question.objects.get(pk=question.pk).is_active
    # ... but its pieces hold its passage, so it has a new version, read afresh.
    after = version_of(question)
    assert after != before
    renewed = fragments.question_contents({question.pk: after})[question.pk]
    assert renewed.question.passage.text == new_text


def test_every_change_to_what_a_question_shows_renews_its_version():
    quiz = make_quiz(4)
    matching = quiz.questions.get(kind="matching")
    single = quiz.questions.get(kind="single")
    seen = {version_of(matching)}
    single_before = version_of(single)

    def renewed(question) -> bool:
        version = version_of(question)
        is_new = version not in seen
        seen.add(version)
        return is_new

    saved_with(Question.objects.get(pk=matching.pk), prompt="Reworded?")
    assert renewed(matching)
    saved_with(Choice.objects.filter(question=matching).first(), text="Reworded")
    assert renewed(matching)
    added = ChoiceFactory(question=matching, position=9, text="New")
    assert renewed(matching)
    added.delete()
    assert renewed(matching)
    item = saved_with(MatchItem.objects.filter(question=matching).first(), label="Reworded")
    assert renewed(matching)
    item.delete()
    assert renewed(matching)
    saved_with(Passage.objects.get(pk=matching.passage_id), text="Reworded.")
    assert renewed(matching)
    assert version_of(single) != single_before  # the passage is theirs too


def test_a_save_of_chosen_fields_renews_the_version_too():
    question = make_quiz(1).questions.get()
    before = version_of(question)
    question.prompt = "Reworded?"
    question.save(update_fields=["prompt"])
    assert version_of(question) != before
    assert Question.objects.get(pk=question.pk).prompt == "Reworded?"


def test_the_key_of_kept_pieces_names_the_language():
    question, _choices = add_question(empty_quiz(), 1, "single", ["Right", "Wrong"], {"Right"})
    version = version_of(question)
    assert fragments.content_key(question.pk, version) == (question.pk, version, "en-us")
    with translation.override("es"):
        assert fragments.content_key(question.pk, version)[2] == "es"


def poison_kept_pieces() -> int:
    """Make every kept question claim other right answers: flipped choices, items matched
    to their neighbour's option. Returns how many were poisoned."""
    for key, kept in list(fragments._kept.items()):
        choices = tuple(copy(choice) for choice in kept.choices)
        for choice in choices:
            choice.is_correct = not choice.is_correct
        items = tuple(copy(item) for item in kept.items)
        for item, neighbour in zip(items, items[1:] + items[:1], strict=True):
            item.correct_choice_id = neighbour.correct_choice_id if len(items) > 1 else None
        fragments._kept[key] = replace(kept, choices=choices, items=items)
    return len(fragments._kept)


def claimed_by_the_pieces(attempt) -> dict:
    """A form that picks what the (poisoned) kept pieces call right."""
    data = {}
    for sq in attempt_sheet(attempt):
        for item in sq.items:
            data[sq.item_field_name(item)] = str(item.correct_choice_id)
        if not sq.items:
            data[sq.field_name] = [str(c.pk) for c in sq.choices if c.is_correct][:1]
    return data


def test_a_poisoned_kept_piece_never_changes_a_score(trainee, trainee_client):
    fragments.forget_all()
    attempt = start_attempt(user=trainee, quiz=make_quiz(8))
    take_page(trainee_client, attempt)  # the worker now keeps every question's pieces
    assert poison_kept_pieces() == 8

    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt))

    attempt.refresh_from_db()
    assert (attempt.percent, attempt.passed) == (100, True)
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "(wrong)" not in result


def test_answers_a_poisoned_piece_calls_right_earn_nothing(other_trainee):
    client = Client()
    client.force_login(other_trainee)
    fragments.forget_all()
    attempt = start_attempt(user=other_trainee, quiz=make_quiz(8))
    take_page(client, attempt)
    assert poison_kept_pieces() == 8

    client.post(f"/attempts/{attempt.pk}/", {**claimed_by_the_pieces(attempt), "finish": 1})

    attempt.refresh_from_db()
    assert attempt.score == 0
