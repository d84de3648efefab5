"""Names and Role Provisioning: a course's roster, read from the platform, fills a
training group with its active learners."""

import pytest
from lti_tool.models import LtiContext

from quiz.lti import services
from quiz.models import TrainingGroup
from tests.conftest import logged_in
from tests.factories import staff_in

from .platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


def member(user_id, roles=(LEARNER,), status="Active", **names):
    return {"user_id": user_id, "roles": list(roles), "status": status, **names}


def test_a_courses_roster_fills_a_training_group_with_its_active_learners(
    content, registered, platform, browser
):
    platform.launch(browser, quiz="component-roles", sub="learner-1")
    platform.roster = [
        member("learner-1", given_name="Dana", family_name="Reyes"),
        member("learner-2", given_name="Ari", family_name="Cole", email="ari@agency.example"),
        member("teacher-1", roles=(INSTRUCTOR,)),
        member("learner-3", status="Inactive"),
    ]

    course = LtiContext.objects.get()
    group = services.fill_group_from_roster(context=course)

    assert group.name == f"Anti-trafficking basics (LMS course {course.pk})"
    names = sorted(m.user.get_full_name() for m in group.memberships.select_related("user"))
    assert names == ["Ari Cole", "Dana Reyes"]
    launched = group.memberships.get(user__first_name="Dana").user
    assert launched.lti_launches.exists()  # the same trainee as their launch


def test_filling_the_group_again_adds_only_who_is_new(content, registered, platform, browser):
    platform.launch(browser, quiz="component-roles")
    context = LtiContext.objects.get()
    platform.roster = [member("learner-1")]
    services.fill_group_from_roster(context=context)
    platform.roster = [member("learner-1"), member("learner-9")]

    group = services.fill_group_from_roster(context=context)

    assert group.memberships.count() == 2
    assert TrainingGroup.objects.count() == 1


def test_the_admin_action_fills_the_group_and_says_how_many(
    content, registered, platform, browser, superuser_client
):
    platform.launch(browser, quiz="component-roles")
    platform.roster = [member("learner-1"), member("learner-2")]
    context = LtiContext.objects.get()

    response = superuser_client.post(
        "/admin/lti_tool/lticontext/",
        {"action": "fill_groups", "_selected_action": [context.pk]},
        follow=True,
    )

    assert "now has 2 trainees, from the course roster" in response.content.decode()


@pytest.mark.parametrize(
    ("group", "allowed"), [("Training manager", True), ("Training coordinator", False)]
)
def test_managers_fill_groups_from_rosters_and_coordinators_do_not(db, group, allowed):
    client = logged_in(staff_in(group, "staff"))

    assert client.get("/admin/lti_tool/lticontext/").status_code == (200 if allowed else 403)


def test_a_roster_the_platform_will_not_give_is_said_in_the_admin(
    content, registered, platform, browser, superuser_client
):
    platform.launch(browser, quiz="component-roles")
    platform.tool_keys = {"keys": []}  # the platform no longer trusts the tool's key
    context = LtiContext.objects.get()

    response = superuser_client.post(
        "/admin/lti_tool/lticontext/",
        {"action": "fill_groups", "_selected_action": [context.pk]},
        follow=True,
    )

    assert "could not be read" in response.content.decode()
    assert not TrainingGroup.objects.exists()
