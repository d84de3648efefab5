"""A trainee's quiz list starts with their assignments: quiz, due date, status, the way in."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from quiz.models import Quiz
from tests.conftest import logged_in
from tests.factories import AssignmentFactory, TrainingGroupFactory, attempt_at, make_user

from .conftest import DUE_ON


def page_at(client, now):
    with time_machine.travel(now, tick=False):
        return client.get(reverse("quiz:list"))


def cards(response):
    return [
        (item.assignment.quiz.title, item.standing.status.value)
        for item in response.context["assignments"]
    ]


def test_assignments_come_first_with_due_date_status_and_a_way_in(office):
    dee = office.group.members.get(username="dee")
    response = page_at(logged_in(dee), datetime(2026, 12, 2, tzinfo=UTC))
    page = response.content.decode()
    assert cards(response) == [("Component roles", "not_started")]
    # One card per quiz, the assigned one first and marked so.
    listed = re.findall(
        r'<section class="card h-100( is-assigned)?" [^>]*data-quiz="([^"]+)"', page
    )
    assert listed[0] == (" is-assigned", office.quiz.slug)
    assert [slug for _mark, slug in listed].count(office.quiz.slug) == 1
    assert len(listed) == Quiz.objects.filter(is_published=True).count()
    assert page.count("Assigned to you</span>") == 1
    assert "Hello, " in page
    assert (
        'Due by <time datetime="2026-12-03T23:59:00+00:00">'
        "3 December 2026, 23:59 Coordinated Universal Time</time>."
    ) in page
    assert f'action="{reverse("quiz:start", args=[office.quiz.slug])}"' in page


def test_an_open_attempt_is_resumed_and_the_due_date_passing_makes_it_overdue(office):
    ben = office.group.members.get(username="ben")
    response = page_at(logged_in(ben), datetime(2026, 12, 3, 23, tzinfo=UTC))
    assert cards(response) == [("Component roles", "in_progress")]
    attempt = ben.attempts.get()
    assert reverse("quiz:take", args=[attempt.pk]) in response.content.decode()
    response = page_at(logged_in(ben), datetime(2026, 12, 4, tzinfo=UTC))
    assert cards(response) == [("Component roles", "overdue")]
    assert "Was due by <time" in response.content.decode()
    assert "3 December 2026, 23:59 Coordinated Universal Time" in response.content.decode()


def test_overdue_assignments_are_listed_before_the_rest(office):
    ana = office.group.members.get(username="ana")
    later = AssignmentFactory(
        group=TrainingGroupFactory(members=[ana]), due_on=datetime(2026, 11, 1).date()
    )
    later.quiz.title = "Release facts"
    later.quiz.save()
    response = page_at(logged_in(ana), datetime(2026, 12, 2, tzinfo=UTC))
    assert cards(response) == [("Release facts", "overdue"), ("Component roles", "passed")]


def test_a_trainee_without_assignments_sees_the_plain_list(db, trainee_client):
    response = trainee_client.get(reverse("quiz:list"))
    assert response.context["assignments"] == []
    assert "Assigned to you" not in response.content.decode()
    assert "is-assigned" not in response.content.decode()


def test_an_unpublished_quiz_is_not_listed_as_assigned(office):
    Quiz.objects.filter(pk=office.quiz_id).update(is_published=False)
    dee = office.group.members.get(username="dee")
    assert page_at(logged_in(dee), datetime(2026, 12, 2, tzinfo=UTC)).context["assignments"] == []


@pytest.mark.parametrize("assignments", [1, 6])
def test_the_lists_query_count_does_not_grow_with_assignments(
    db, django_assert_num_queries, assignments
):
    trainee = make_user("many")
    group = TrainingGroupFactory(members=[trainee])
    for _ in range(assignments):
        assignment = AssignmentFactory(group=group, due_on=DUE_ON)
        attempt_at(
            trainee, assignment.quiz, started_at=datetime(2026, 11, 1, tzinfo=UTC), passed=True
        )
    client = logged_in(trainee)
    # user, quizzes with the trainee's scores, assignments, the trainee's record per quiz
    with django_assert_num_queries(4):
        response = client.get(reverse("quiz:list"))
    assert len(response.context["assignments"]) == assignments
