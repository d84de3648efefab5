"""Due dates per member: a trainee who joins after the due date has the assignment's
"due within N days of joining", and any trainee may be given an extension. The report,
its export, the trainee's own list and the reminders all use the member's own date."""

from datetime import UTC, date, datetime

import time_machine
from django.contrib.auth.models import User

from quiz.models import Extension, Membership, Reminder
from quiz.organisations import services
from quiz.organisations.selectors import completion_report, member_due_on
from tests.conftest import logged_in
from tests.factories import make_user, staff_in

from .conftest import DUE_ON

LATER = datetime(2026, 12, 20, 9, tzinfo=UTC)  # after the office's due date, December 3


def status_of(assignment, username: str, now=LATER) -> str:
    report = completion_report(assignment, now=now, search=username)
    (member,) = report.members
    return member.status.value, member.standing.due_on


def join_on(group, username: str, when: datetime) -> User:
    user = make_user(username)
    with time_machine.travel(when, tick=False):
        group.members.add(user)
    return user


def test_the_members_due_date_is_the_latest_of_the_assignments_their_window_and_extension(office):
    office.due_within_days = 30
    joined = datetime(2026, 12, 10, 15, tzinfo=UTC)
    assert member_due_on(office, joined) == date(2027, 1, 9)
    assert member_due_on(office, datetime(2026, 10, 1, tzinfo=UTC)) == DUE_ON
    assert member_due_on(office, joined, date(2027, 2, 1)) == date(2027, 2, 1)
    assert member_due_on(office, joined, date(2026, 12, 1)) == date(2027, 1, 9)  # never earlier
    office.due_within_days = None
    assert member_due_on(office, joined) == DUE_ON


def test_a_member_who_joins_after_the_due_date_is_due_within_the_window_not_overdue(office):
    newcomer = join_on(office.group, "newcomer", datetime(2026, 12, 15, 9, tzinfo=UTC))
    assert status_of(office, "newcomer") == ("overdue", DUE_ON)  # no window: overdue at once
    office.due_within_days = 30
    office.save()
    assert status_of(office, "newcomer") == ("not_started", date(2027, 1, 14))
    assert Membership.objects.get(user=newcomer).joined_at == datetime(2026, 12, 15, 9, tzinfo=UTC)


def test_an_extension_moves_one_members_due_date_in_the_report_and_their_quiz_list(office):
    dee = User.objects.get(username="dee")
    assert status_of(office, "dee")[0] == "overdue"
    Extension.objects.create(assignment=office, user=dee, due_on=date(2027, 1, 31))
    assert status_of(office, "dee") == ("not_started", date(2027, 1, 31))
    with time_machine.travel(LATER, tick=False):
        page = logged_in(dee).get("/quizzes/").content.decode()
    assert "31 January 2027" in page
    assert status_of(office, "ben")[0] == "overdue"  # nobody else moved


def test_reminders_follow_the_members_own_due_date(office):
    dee = User.objects.get(username="dee")
    Extension.objects.create(assignment=office, user=dee, due_on=date(2027, 1, 31))
    with time_machine.travel(LATER, tick=False):
        services.record_due_reminders()
    overdue = set(Reminder.objects.filter(stage="overdue").values_list("user__username", flat=True))
    assert overdue == {"ben", "cy"}
    with time_machine.travel(datetime(2027, 1, 29, 9, tzinfo=UTC), tick=False):
        services.record_due_reminders()
    (soon,) = Reminder.objects.filter(user=dee)
    assert (soon.stage, soon.due_on) == ("due_soon", date(2027, 1, 31))


def test_a_coordinator_grants_an_extension_to_their_member_only(office, manager_client):
    dee = User.objects.get(username="dee")
    form = {"assignment": office.pk, "user": dee.pk, "due_on": "2027-01-31", "reason": "Leave"}
    assert manager_client.post("/admin/quiz/extension/add/", form).status_code == 302
    outsider = make_user("outsider")
    form = {**form, "user": outsider.pk}
    response = manager_client.post("/admin/quiz/extension/add/", form)
    assert "outsider is not a member of Field Office 3." in response.content.decode()
    assert Extension.objects.count() == 1


def test_a_coordinator_of_another_group_cannot_extend_this_one(office):
    stranger = logged_in(staff_in("Training coordinator", "stranger"))
    dee = User.objects.get(username="dee")
    form = {"assignment": office.pk, "user": dee.pk, "due_on": "2027-01-31", "reason": ""}
    response = stranger.post("/admin/quiz/extension/add/", form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Extension.objects.exists()
