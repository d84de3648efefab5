"""Due dates within a range no date arithmetic can overflow: the admin says so on the form,
and the database refuses one written past it."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from quiz.models import Assignment, Reminder
from tests.factories import AssignmentFactory, QuizFactory, TrainingGroupFactory


def add_assignment(client, due_on: str):
    group, quiz = TrainingGroupFactory(), QuizFactory()
    form = {"group": group.pk, "quiz": quiz.pk, "due_on": due_on, "time_zone": "UTC"}
    return client.post("/admin/quiz/assignment/add/", form)


@pytest.mark.parametrize(
    "due_on, message",
    [
        ("9999-12-31", "A due date is in 2100 or earlier."),
        ("1900-01-01", "A due date is in 2000 or later."),
    ],
)
def test_a_due_date_out_of_range_is_refused_on_the_form_with_a_clear_message(
    manager_client, due_on, message
):
    response = add_assignment(manager_client, due_on)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_last_day_of_the_range_is_taken_and_every_page_that_shows_it_answers(
    manager_client, superuser_client
):
    assert add_assignment(manager_client, "2100-12-31").status_code == 302
    assignment = Assignment.objects.get()
    assignment.renew_every_months = 120
    assignment.save()
    member = assignment.group.members.create(username="far", email="far@example.org")
    report = f"/admin/quiz/assignment/{assignment.pk}/report/"
    assert manager_client.get(report).status_code == 200
    assert manager_client.get(report + "export/").status_code == 200
    assert superuser_client.get(f"/admin/quiz/trainee/{member.pk}/change/").status_code == 200
    trainee = Client()
    trainee.force_login(member)
    assert trainee.get("/quizzes/").status_code == 200
    call_command("send_reminders", stdout=io.StringIO())  # due far ahead: nothing to send
    assert not Reminder.objects.exists()


def test_the_database_refuses_a_due_date_written_past_the_range(db):
    assignment = AssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(due_on="9999-12-31")
