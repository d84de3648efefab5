"""Builders of test data and of quiz forms, shared by the test modules."""

import re

from django.contrib.auth.models import User

from quiz.kinds.base import item_field_name
from quiz.models import Attempt, Choice, MatchItem, Passage, Question, Quiz, Release
from quiz.taking.sheet import keyed_sheet

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD)


def release_and_passage() -> tuple[Release, Passage]:
    """A stand-in release with one passage, shared by every test quiz."""
    release, _ = Release.objects.get_or_create(
        slug="test-release",
        defaults={
            "title": "Test release",
            "publisher": "Test",
            "published_on": "2014-01-14",
            "url": "https://example.org/",
        },
    )
    passage, _ = Passage.objects.get_or_create(
        release=release, key="p1", defaults={"position": 1, "kind": "paragraph", "text": "Text."}
    )
    return release, passage


def make_quiz(question_count: int, *, slug: str = "synthetic", pass_mark: int = 80) -> Quiz:
    """A quiz of `question_count` questions cycling through every kind (matching included)."""
    release, passage = release_and_passage()
    quiz = Quiz.objects.create(
        slug=slug,
        title=f"Quiz {slug}",
        release=release,
        source=Quiz.Source.RELEASE_FACTS,
        pass_mark=pass_mark,
    )
    kinds = ["single", "multiple", "true_false", "matching"]
    for n in range(question_count):
        kind = kinds[n % len(kinds)]
        question = Question.objects.create(
            quiz=quiz,
            key=f"q{n}",
            fingerprint="x",
            kind=kind,
            prompt=f"Question {n}?",
            explanation="Quote.",
            passage=passage,
            position=n,
        )
        texts = ["True", "False"] if kind == "true_false" else ["A", "B", "C", "D"]
        correct = {"single": {0}, "multiple": {0, 1}, "true_false": {1}, "matching": set()}[kind]
        choices = Choice.objects.bulk_create(
            Choice(question=question, position=i, text=t, is_correct=i in correct)
            for i, t in enumerate(texts)
        )
        if kind == "matching":
            MatchItem.objects.bulk_create(
                MatchItem(question=question, position=i, label=f"Item {i}", correct_choice=c)
                for i, c in enumerate(choices)
            )
    return quiz


def wrong_picks(sq) -> set:
    """For each line of the question (its items, or the question itself), a wrong choice."""
    picks = set()
    for item in sq.key.items or [None]:
        right = {sq.key.items[item]} if item else sq.key.correct
        picks.add((item, next(c.pk for c in sq.choices if c.pk not in right)))
    return picks


def form_fields(sq, picks) -> dict:
    """The POST fields that give these picks, as the take page's inputs would."""
    data = {}
    for item, choice in sorted(picks, key=lambda pick: (pick[0] or 0, pick[1])):
        name = item_field_name(sq.question.pk, item) if item else sq.field_name
        data.setdefault(name, []).append(str(choice))
    return data


def answer_form(attempt: Attempt, *, right: bool = True, skip: int = 0) -> dict:
    """POST data answering every question right (or wrong), leaving the first `skip` out."""
    data = {}
    for sq in keyed_sheet(attempt)[skip:]:
        data.update(form_fields(sq, sq.kind.right_picks(sq.key) if right else wrong_picks(sq)))
    return data


def take_url_of(response) -> str:
    """The address a take page's form posts to: the attempt's own."""
    return re.search(r'<form [^>]*action="(/attempts/\d+/)"', response.content.decode()).group(1)
