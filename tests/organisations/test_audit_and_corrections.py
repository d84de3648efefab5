"""Who changed what, when, from which value to which (django-auditlog): a group's members,
an assignment's due date, a trainee's address and whether they may log in. And the
corrections a manager makes on a trainee's page."""

from auditlog.models import LogEntry
from django.contrib.auth.models import User

from tests.factories import make_user


def entries_for(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


def updates_of(obj, field: str) -> list[LogEntry]:
    """The changes of one field after the object was made."""
    return [
        e
        for e in entries_for(obj)
        if e.action == LogEntry.Action.UPDATE and field in e.changes_dict
    ]


def test_a_due_date_change_is_recorded_with_who_and_the_old_and_new_value(
    office, manager, manager_client
):
    form = {
        "group": office.group_id,
        "quiz": office.quiz_id,
        "due_on": "2026-12-10",
        "time_zone": "UTC",
        "renew_every_months": "",
    }
    response = manager_client.post(f"/admin/quiz/assignment/{office.pk}/change/", form)
    assert response.status_code == 302
    (entry,) = updates_of(office, "due_on")
    assert entry.actor == manager
    assert entry.changes_dict["due_on"] == ["2026-12-03", "2026-12-10"]
    page = manager_client.get(f"/admin/quiz/assignment/{office.pk}/change/").content.decode()
    assert "due_on: 2026-12-03 → 2026-12-10" in page and "manager" in page


def test_membership_changes_are_recorded_on_the_group_and_shown_on_its_page(
    office, manager, manager_client
):
    newcomer = make_user("newcomer")
    manager_client.post(
        "/admin/quiz/trainee/",
        {
            "action": "add_to_group",
            "_selected_action": [newcomer.pk],
            "apply": "1",
            "group": office.group_id,
        },
    )
    added = [e for e in entries_for(office.group) if "members" in e.changes_dict]
    assert added[-1].actor == manager
    assert added[-1].changes_dict["members"]["operation"] == "add"
    assert added[-1].changes_dict["members"]["objects"] == ["newcomer"]
    page = manager_client.get(f"/admin/quiz/traininggroup/{office.group_id}/change/")
    assert "members: added newcomer" in page.content.decode()


def test_a_manager_corrects_a_trainees_address_and_the_trail_keeps_the_old_one(
    office, manager, manager_client
):
    ana = User.objects.get(username="ana")
    response = manager_client.post(
        f"/admin/quiz/trainee/{ana.pk}/change/",
        {"email": "ana.lima@example.org", "is_active": "on"},
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.email == "ana.lima@example.org"
    (entry,) = updates_of(ana, "email")
    assert entry.changes_dict["email"] == ["ana@example.org", "ana.lima@example.org"]
    assert entry.actor == manager


def test_an_address_another_account_has_is_refused_on_the_form(office, manager_client):
    ana = User.objects.get(username="ana")
    response = manager_client.post(
        f"/admin/quiz/trainee/{ana.pk}/change/", {"email": "BEN@example.org", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Another account has this address." in response.content.decode()
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


def test_marking_a_leaver_stops_their_login_and_is_recorded(office, manager, manager_client):
    cy = User.objects.get(username="cy")
    manager_client.post(
        "/admin/quiz/trainee/", {"action": "mark_left", "_selected_action": [cy.pk]}
    )
    cy.refresh_from_db()
    assert cy.is_active is False
    (entry,) = updates_of(cy, "is_active")
    assert entry.changes_dict["is_active"] == ["True", "False"] and entry.actor == manager
    manager_client.post(
        "/admin/quiz/trainee/", {"action": "mark_back", "_selected_action": [cy.pk]}
    )
    cy.refresh_from_db()
    assert cy.is_active is True


def test_a_member_of_staff_cannot_be_changed_or_marked_as_left_from_the_trainees_admin(
    office, manager, manager_client
):
    boss = User.objects.create_superuser("boss", "boss@example.org", None)
    office.group.members.add(boss)
    response = manager_client.post(
        f"/admin/quiz/trainee/{boss.pk}/change/", {"email": "x@example.org", "is_active": ""}
    )
    assert response.status_code == 403
    manager_client.post(
        "/admin/quiz/trainee/", {"action": "mark_left", "_selected_action": [boss.pk]}
    )
    boss.refresh_from_db()
    assert boss.is_active and boss.email == "boss@example.org"


def test_a_reviewer_reads_a_trainee_but_corrects_nothing(office, reviewer_client):
    ana = User.objects.get(username="ana")
    response = reviewer_client.post(
        f"/admin/quiz/trainee/{ana.pk}/change/", {"email": "z@example.org", "is_active": ""}
    )
    assert response.status_code == 403
    ana.refresh_from_db()
    assert ana.email == "ana@example.org" and ana.is_active


def test_a_trainees_own_address_change_is_recorded_with_them_as_who_made_it(db):
    from django.core import signing
    from django.test import Client

    from quiz.accounts.services import EMAIL_CHANGE_SALT

    ana = make_user("ana")
    client = Client()
    client.force_login(ana)
    token = signing.dumps(
        {"user": ana.pk, "from": "ana@example.org", "to": "ana.new@example.org"},
        salt=EMAIL_CHANGE_SALT,
    )
    assert client.get(f"/accounts/email/confirm/{token}/").status_code == 302
    (entry,) = updates_of(ana, "email")
    assert entry.changes_dict["email"] == ["ana@example.org", "ana.new@example.org"]
    assert entry.actor == ana
