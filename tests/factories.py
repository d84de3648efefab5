"""Test data, built with factory_boy, and the quiz forms a trainee would send.

Every test quiz shares one stand-in release and passage; the helpers below the factories
build the shapes the tests ask for most (a quiz of every kind, a submitted attempt).
"""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory, Password

from quiz import clock
from quiz.kinds.base import field_name, item_field_name
from quiz.models import (
    Assignment,
    Attempt,
    Choice,
    MatchItem,
    Passage,
    Question,
    Quiz,
    Release,
    Response,
    Selection,
    TrainingGroup,
)

PASSWORD = "correct-horse-battery-staple"
KINDS = ["single", "multiple", "true_false", "matching"]


# --- Factories --------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A trainee; password=None gives one who can only be logged in with force_login."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"trainee{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = Password(PASSWORD)


class TrainingGroupFactory(DjangoModelFactory):
    class Meta:
        model = TrainingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")

    @factory.post_generation
    def members(self, create, members, **kwargs):
        if create and members:
            self.members.add(*members)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    group = factory.SubFactory(TrainingGroupFactory)
    quiz = factory.SubFactory("tests.factories.QuizFactory")
    due_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=30))
    time_zone = "UTC"


def staff_in(group_name: str, username: str) -> User:
    """Staff in one of the groups the migrations make ("Training reviewer", "Training
    manager"), logged in with force_login."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = Release
        django_get_or_create = ["slug"]

    slug = "test-release"
    title = "Test release"
    publisher = "Test"
    published_on = "2014-01-14"
    url = "https://example.org/"
    source_file = "source/test-release.txt"  # never read: no test quiz is built from it
    source_sha256 = "0" * 64


class PassageFactory(DjangoModelFactory):
    class Meta:
        model = Passage
        django_get_or_create = ["release", "key"]

    release = factory.SubFactory(ReleaseFactory)
    key = "p1"
    position = 1
    kind = Passage.Kind.PARAGRAPH
    text = "Text."


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.LazyAttribute(lambda quiz: f"Quiz {quiz.slug}")
    release = factory.SubFactory(ReleaseFactory)
    # No attempt policy unless a test sets one (tests/taking/test_attempt_policy.py).
    attempts_per_day = None
    wait_minutes = 0


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n)
    key = factory.LazyAttribute(lambda question: f"q{question.position}")
    fingerprint = "x"
    kind = "single"
    prompt = factory.LazyAttribute(lambda question: f"Question {question.position}?")
    explanation = "Quote."
    passage = factory.SubFactory(PassageFactory)


class ChoiceFactory(DjangoModelFactory):
    """A wrong choice, unless is_correct says otherwise."""

    class Meta:
        model = Choice

    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False
    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)


class MatchItemFactory(DjangoModelFactory):
    class Meta:
        model = MatchItem

    question = factory.SubFactory(QuestionFactory, kind="matching")
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Item {n}")
    correct_choice = factory.SubFactory(ChoiceFactory, question=factory.SelfAttribute("..question"))


class AttemptFactory(DjangoModelFactory):
    """A submitted attempt; its score fields are the caller's (see submitted_attempt)."""

    class Meta:
        model = Attempt

    user = factory.SubFactory(UserFactory, password=None)
    quiz = factory.SubFactory(QuizFactory)
    status = Attempt.Status.SUBMITTED
    seed = 1
    max_score = Decimal(1)


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)


class SelectionFactory(DjangoModelFactory):
    class Meta:
        model = Selection

    response = factory.SubFactory(ResponseFactory)
    choice = factory.SubFactory(ChoiceFactory)
    item = None


# --- Shapes the tests use ---------------------------------------------------------


def make_user(username: str) -> User:
    return UserFactory(username=username)


def trainee_named(username: str, **fields) -> User:
    """A trainee without a password (tests log in with force_login): no slow hashing."""
    return UserFactory(username=username, password=None, **fields)


def empty_quiz(slug: str = "reviewed", *, pass_mark: int = 60) -> Quiz:
    return QuizFactory(slug=slug, pass_mark=pass_mark)


def add_question(quiz: Quiz, position: int, kind: str, texts: list[str], right: set[str]):
    """A question with choices `texts`, those in `right` marked correct."""
    question = QuestionFactory(quiz=quiz, position=position, kind=kind)
    choices = {
        text: ChoiceFactory(question=question, position=i, text=text, is_correct=text in right)
        for i, text in enumerate(texts, start=1)
    }
    return question, choices


def add_matching(quiz: Quiz, position: int, pairs: dict[str, str]):
    """A matching question: each item label to its option; options in the given order."""
    question, choices = add_question(quiz, position, "matching", list(pairs.values()), set())
    items = {
        label: MatchItemFactory(
            question=question, position=i, label=label, correct_choice=choices[option]
        )
        for i, (label, option) in enumerate(pairs.items(), start=1)
    }
    return question, choices, items


def make_quiz(question_count: int, *, slug: str = "synthetic", pass_mark: int = 80) -> Quiz:
    """A quiz of `question_count` questions cycling through every kind (matching included)."""
    quiz = QuizFactory(slug=slug, pass_mark=pass_mark)
    for n in range(question_count):
        kind = KINDS[n % len(KINDS)]
        texts = ["True", "False"] if kind == "true_false" else ["A", "B", "C", "D"]
        right = {"single": {"A"}, "multiple": {"A", "B"}, "true_false": {"False"}}.get(kind, set())
        if kind == "matching":
            add_matching(quiz, n, {f"Item {i}": text for i, text in enumerate(texts)})
        else:
            add_question(quiz, n, kind, texts, right)
    return quiz


def small_quiz() -> Quiz:
    """A single-choice question and a two-line matching question, pass mark 50."""
    quiz = empty_quiz(pass_mark=50)
    add_question(quiz, 1, "single", ["Right", "Wrong"], {"Right"})
    add_matching(quiz, 2, {"ICE HSI": "investigates", "CBP": "interdicts"})
    return quiz


def quiz_about_components(slug: str = "by-hand") -> Quiz:
    """Four questions about the release's components (loaded by the `content` fixture):
    CBP's alone, USCIS's alone, HSI and CBP's (select-all), and a matching question with a
    line for HSI and one for USCIS, whose options are "Short-term relief" and "Long-term
    relief"."""
    from quiz.models import Component

    quiz = empty_quiz(slug, pass_mark=80)
    parts = {c.slug: c for c in Component.objects.all()}
    cbp, _ = add_question(quiz, 1, "single", ["CBP", "HSI"], {"CBP"})
    cbp.components.add(parts["cbp"])
    uscis, _ = add_question(quiz, 2, "single", ["USCIS", "FLETC"], {"USCIS"})
    uscis.components.add(parts["uscis"])
    both, _ = add_question(quiz, 3, "multiple", ["HSI", "CBP", "USCIS"], {"HSI", "CBP"})
    both.components.add(parts["ice-hsi"], parts["cbp"])
    relief = {"HSI": "Short-term relief", "USCIS": "Long-term relief"}
    _matching, _choices, items = add_matching(quiz, 4, relief)
    items["HSI"].component, items["USCIS"].component = parts["ice-hsi"], parts["uscis"]
    for line in items.values():
        line.save()
    return quiz


def submitted_attempt(
    user,
    quiz: Quiz,
    *,
    points: dict[Question, Decimal | str | int],
    picks: dict[Question, list] | None = None,
    submitted_at: datetime | None = None,
    seconds: int = 600,
) -> Attempt:
    """A submitted attempt with the given points per question and picked choices.

    picks[question] lists Choice objects, or (MatchItem, Choice) pairs for matching.
    Score, percent and passed are worked out here from `points`, as submit does.
    """
    submitted_at = submitted_at or datetime(2025, 3, 1, 12, tzinfo=UTC)
    score = sum((Decimal(str(p)) for p in points.values()), Decimal(0))
    max_score = Decimal(len(points))
    percent = (score * 100 / max_score).quantize(Decimal("0.01"))
    attempt = AttemptFactory(
        user=user,
        quiz=quiz,
        max_score=max_score,
        score=score,
        percent=percent,
        passed=percent >= quiz.pass_mark,
        started_at=submitted_at - timedelta(seconds=seconds),
        submitted_at=submitted_at,
    )
    for position, (question, value) in enumerate(points.items(), start=1):
        response = ResponseFactory(
            attempt=attempt, question=question, position=position, points=Decimal(str(value))
        )
        for pick in (picks or {}).get(question, []):
            item, choice = pick if isinstance(pick, tuple) else (None, pick)
            SelectionFactory(response=response, item=item, choice=choice)
    return attempt


# --- Forms ------------------------------------------------------------------------


def answer_form(attempt: Attempt, *, right: bool = True, skip: int = 0) -> dict:
    """POST data answering every question right (or wrong), leaving the first `skip` out.

    The right answers are read from the choice and matching-item rows themselves, never
    through the grading code these forms test.
    """
    responses = attempt.responses.order_by("position").select_related("question")[skip:]
    return answer_data([response.question for response in responses], right=right)


def answer_data(questions, *, right: bool = True) -> dict:
    """POST data answering these questions right (or wrong), as answer_form does."""
    data = {}
    for question in questions:
        choices = list(question.choices.order_by("position", "pk"))
        items = list(question.match_items.order_by("position", "pk"))
        for item in items:
            wrong = next(c.pk for c in choices if c.pk != item.correct_choice_id)
            data[item_field_name(question.pk, item.pk)] = str(
                item.correct_choice_id if right else wrong
            )
        if not items:
            correct = [str(c.pk) for c in choices if c.is_correct]
            wrong = [str(c.pk) for c in choices if not c.is_correct][:1]
            data[field_name(question.pk)] = correct if right else wrong
    return data


def take_url_of(response) -> str:
    """The address a take page's form posts to: the attempt's own."""
    return re.search(r'<form [^>]*action="(/attempts/\d+/)"', response.content.decode()).group(1)


def attempt_at(user, quiz: Quiz, *, started_at: datetime, passed: bool | None = None) -> Attempt:
    """An attempt started then: still open when passed is None, else submitted ten minutes
    later, with a certificate if it passed (as submit gives one)."""
    from quiz.models import Certificate

    submitted = passed is not None
    attempt = AttemptFactory(
        user=user,
        quiz=quiz,
        started_at=started_at,
        status=Attempt.Status.SUBMITTED if submitted else Attempt.Status.IN_PROGRESS,
        passed=passed,
        percent=(Decimal(100) if passed else Decimal(40)) if submitted else None,
        score=(Decimal(1) if passed else Decimal(0)) if submitted else None,
        submitted_at=started_at + timedelta(minutes=10) if submitted else None,
    )
    if passed:
        Certificate.objects.create(
            attempt=attempt,
            code=f"code-{attempt.pk}",
            name=user.get_full_name() or user.username,
            issued_at=attempt.submitted_at,
        )
    return attempt
