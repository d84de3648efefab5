"""A training group's page, and putting trainees in groups from the trainees list: for
groups of any size, with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quiz.models import TrainingGroup
from tests.factories import AssignmentFactory, TrainingGroupFactory, make_user

CHANGELIST = reverse("admin:quiz_trainee_changelist")


def group_page(client, group):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:quiz_traininggroup_change", args=[group.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_group_page_counts_members_and_lists_assignments_with_their_reports(
    office, manager_client
):
    page, _queries = group_page(manager_client, office.group)
    assert "4 members" in page
    assert reverse("admin:quiz_assignment_report", args=[office.pk]) in page
    assert f"{reverse('admin:quiz_assignment_add')}?group={office.group_id}" in page
    assert 'name="members"' not in page  # thousands of members are not a form field


def test_the_group_pages_query_count_does_not_grow_with_members_or_assignments(
    office, manager_client
):
    _page, before = group_page(manager_client, office.group)
    office.group.members.add(*(make_user(f"more{n}") for n in range(30)))
    for _ in range(5):
        AssignmentFactory(group=office.group)
    page, after = group_page(manager_client, office.group)
    assert "34 members" in page
    assert after == before


def tick(client, action, usernames, **extra):
    from django.contrib.auth.models import User

    ids = [
        str(pk) for pk in User.objects.filter(username__in=usernames).values_list("pk", flat=True)
    ]
    return client.post(CHANGELIST, {"action": action, "_selected_action": ids, **extra})


def test_ticked_trainees_are_added_to_a_group_after_choosing_it(office, manager_client):
    night = TrainingGroupFactory(name="Night shift")
    page = tick(manager_client, "add_to_group", ["ana", "ben"])
    assert page.status_code == 200
    assert "2 trainees ticked" in page.content.decode()
    assert night.members.count() == 0  # nothing changes before the group is chosen
    done = tick(manager_client, "add_to_group", ["ana", "ben"], apply="1", group=night.pk)
    assert done.status_code == 302
    assert set(night.members.values_list("username", flat=True)) == {"ana", "ben"}


def test_ticked_trainees_are_taken_out_of_a_group(office, manager_client):
    tick(manager_client, "remove_from_group", ["cy"], apply="1", group=office.group_id)
    assert set(office.group.members.values_list("username", flat=True)) == {"ana", "ben", "dee"}


def test_all_trainees_a_filter_keeps_can_be_added_at_once(office, manager_client):
    night = TrainingGroupFactory(name="Night shift")
    response = manager_client.post(
        CHANGELIST + f"?training_groups__id__exact={office.group_id}",
        {
            "action": "add_to_group",
            "select_across": "1",
            "_selected_action": [str(office.group.members.first().pk)],
            "apply": "1",
            "group": night.pk,
        },
    )
    assert response.status_code == 302
    assert night.members.count() == 4


def test_choosing_no_group_asks_again_and_changes_nothing(office, manager_client):
    response = tick(manager_client, "add_to_group", ["ana"], apply="1", group="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert TrainingGroup.objects.get(pk=office.group_id).members.count() == 4


@pytest.mark.parametrize("action", ["add_to_group", "remove_from_group"])
def test_a_reviewer_cannot_change_who_is_in_a_group(office, reviewer_client, action):
    tick(reviewer_client, action, ["ana"], apply="1", group=office.group_id)
    assert office.group.members.count() == 4
    assert action not in reviewer_client.get(CHANGELIST).content.decode()


def test_the_group_list_counts_each_groups_members_and_assignments(office, manager_client):
    AssignmentFactory(group=office.group)
    TrainingGroupFactory(name="Empty")
    response = manager_client.get(reverse("admin:quiz_traininggroup_changelist"))
    counts = {
        g.name: (g.member_total, g.assignment_total) for g in response.context["cl"].result_list
    }
    assert counts == {"Field Office 3": (4, 2), "Empty": (0, 0)}
