"""Who follows what went to the LMSs and the LRS: managers and coordinators see the lists
(a coordinator, their own people's: tests/xapi/test_sending.py); reviewers see none of it;
registering a platform stays with superusers."""

import pytest

from tests.conftest import logged_in
from tests.factories import staff_in

pytestmark = pytest.mark.django_db

LISTS = ["/admin/quiz/launch/", "/admin/quiz/grade/", "/admin/quiz/statement/"]


@pytest.mark.parametrize("group", ["Training manager", "Training coordinator"])
@pytest.mark.parametrize("url", LISTS)
def test_managers_and_coordinators_see_what_went_to_the_lms_and_the_lrs(url, group):
    assert logged_in(staff_in(group, "boss")).get(url).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_reviewer_does_not(url):
    assert logged_in(staff_in("Training reviewer", "rev")).get(url).status_code == 403


def test_registering_a_platform_is_for_superusers_only():
    client = logged_in(staff_in("Training manager", "boss"))

    assert client.get("/admin/lti_tool/ltiregistration/").status_code == 403
