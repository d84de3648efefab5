"""Every admin page issue 22 added opens for those who may use it, and only for them."""

import pytest

from quiz.models import Extension
from tests.conftest import logged_in
from tests.factories import staff_in


def pages(office) -> list[str]:
    extension = Extension.objects.create(
        assignment=office, user=office.group.members.get(username="dee"), due_on="2027-01-31"
    )
    return [
        "/admin/quiz/extension/",
        "/admin/quiz/extension/add/",
        f"/admin/quiz/extension/{extension.pk}/change/",
        "/admin/quiz/membership/",
        "/admin/quiz/mail/",
        f"/admin/quiz/assignment/{office.pk}/change/",
        f"/admin/quiz/traininggroup/{office.group_id}/change/",
        "/admin/quiz/traininggroup/add/",
        f"/admin/quiz/assignment/{office.pk}/report/export.xlsx",
    ]


@pytest.mark.parametrize("who", ["superuser", "manager", "coordinator"])
def test_the_new_pages_open_for_superusers_managers_and_the_groups_coordinator(office, who):
    user = {
        "superuser": lambda: staff_in("Training manager", "root"),
        "manager": lambda: staff_in("Training manager", "boss"),
        "coordinator": lambda: staff_in("Training coordinator", "lead"),
    }[who]()
    if who == "superuser":
        user.is_superuser = True
        user.save()
    if who == "coordinator":
        office.group.coordinators.add(user)
    client = logged_in(user)
    for url in pages(office):
        assert client.get(url).status_code == 200, url
    if who != "coordinator":
        assert client.get("/admin/auditlog/logentry/").status_code == 200


def test_a_reviewer_reads_no_mail_extension_or_audit_trail(office, reviewer_client):
    for url in ("/admin/quiz/mail/", "/admin/quiz/extension/", "/admin/auditlog/logentry/"):
        assert reviewer_client.get(url).status_code == 403, url
