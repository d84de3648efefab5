"""The quiz list as a trainee sees it: greeted by name, each quiz once, short Start labels."""

import re

from django.urls import reverse

from quiz.models import Quiz
from quiz.organisations.selectors import TraineeAssignment
from quiz.taking.listings import listings_of
from tests.conftest import logged_in
from tests.factories import AssignmentFactory, TrainingGroupFactory, make_quiz, make_user


def test_the_trainee_is_greeted_by_full_name_and_the_menu_does_not_repeat_the_username(db):
    jane = make_user("jdoe")
    jane.first_name, jane.last_name = "Jane", "Doe"
    jane.save()

    page = logged_in(jane).get(reverse("quiz:list")).content.decode()

    assert "Hello, Jane Doe." in page
    assert "jdoe" not in page
    assert re.search(r'<button type="submit" class="btn btn-link nav-link">Log out</button>', page)


def test_a_trainee_without_a_full_name_is_greeted_by_username(db):
    page = logged_in(make_user("kim")).get(reverse("quiz:list")).content.decode()
    assert "Hello, kim." in page


def test_start_buttons_say_start_and_name_the_quiz_for_screen_readers_only(db):
    quiz = make_quiz(3, slug="short")

    page = logged_in(make_user("kim")).get(reverse("quiz:list")).content.decode()

    label = f'Start<span class="visually-hidden"> {quiz.title}</span></button>'
    assert label in page
    assert f"Start {quiz.title}" not in page


def test_a_quiz_assigned_by_two_groups_is_listed_once_with_both(db):
    trainee = make_user("kim")
    assigned = make_quiz(3, slug="assigned")
    make_quiz(3, slug="other")
    for name in ("Field office", "Port of entry"):
        AssignmentFactory(quiz=assigned, group=TrainingGroupFactory(name=name, members=[trainee]))

    page = logged_in(trainee).get(reverse("quiz:list")).content.decode()

    cards = re.findall(r'<section class="card h-100( is-assigned)?" [^>]*data-quiz="([^"]+)"', page)
    assert cards == [(" is-assigned", "assigned"), ("", "other")]
    assert "For Field office." in page and "For Port of entry." in page


def test_listings_put_assigned_quizzes_first_in_the_assignments_order():
    first, second, third = (Quiz(pk=n, slug=f"q{n}") for n in (1, 2, 3))
    due_soon = TraineeAssignment(assignment=AssignmentStub(quiz_id=3), standing=None)
    due_later = TraineeAssignment(assignment=AssignmentStub(quiz_id=2), standing=None)
    unpublished = TraineeAssignment(assignment=AssignmentStub(quiz_id=9), standing=None)

    listings = listings_of([first, second, third], [due_soon, due_later, unpublished])

    assert [(lst.quiz.slug, len(lst.assignments)) for lst in listings] == [
        ("q3", 1),
        ("q2", 1),
        ("q1", 0),
    ]


class AssignmentStub:
    def __init__(self, quiz_id):
        self.quiz_id = quiz_id
