"""Bad input in any address: a NUL byte is a 400 wherever it is, and a bad id or filter
value in an admin address is a message or an empty field, never a 500. Walks every model
the admin has, so a new one is covered without a new test."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import TrainingGroupFactory


@pytest.fixture
def root_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("root", "root@example.org", None))
    return client


def changelists() -> list[tuple[str, list[str]]]:
    """Each admin list's address, with the fields its filters take from the address."""
    lists = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        names = [name for name in model_admin.list_filter if isinstance(name, str)]
        lists.append((url, names))
    return lists


def nul_addresses() -> list[str]:
    addresses = []
    for url, filters in changelists():
        addresses += [f"{url}?q=a%00b", f"{url}?o=%00", f"{url}%00/change/"]
        addresses += [f"{url}?{name}=%00" for name in filters]
        addresses += [f"{url}?{name}__exact=%00" for name in filters]
    return addresses


def test_a_nul_byte_in_any_admin_address_is_a_400(root_client):
    answers = {url: root_client.get(url).status_code for url in nul_addresses()}
    assert {url: code for url, code in answers.items() if code != 400} == {}


def test_a_nul_byte_in_a_form_or_a_public_address_is_a_400(db):
    client = Client(raise_request_exception=False)
    logging_in = client.post("/accounts/login/", {"username": "ana\x00", "password": "x"})
    assert logging_in.status_code == 400
    assert client.get("/certificates/?code=%00").status_code == 400
    assert client.get("/quizzes/%00/lesson/").status_code in {400, 404}


def test_bad_ids_and_filter_values_in_any_admin_address_are_never_a_500(root_client):
    failures = []
    for url, filters in changelists():
        addresses = [f"{url}abc/change/", f"{url}99999999999999999999/change/", f"{url}?p=abc"]
        addresses += [f"{url}?{name}__id__exact=abc" for name in filters]
        addresses += [f"{url}?{name}__exact=99999999999999999999" for name in filters]
        failures += [a for a in addresses if root_client.get(a).status_code >= 500]
    assert failures == []


@pytest.mark.parametrize("group", ["abc", "99999999999999999999", "0"])
def test_an_assignment_form_given_a_group_that_is_no_group_opens_with_the_field_empty(
    root_client, group
):
    response = root_client.get(f"/admin/quiz/assignment/add/?group={group}")
    assert response.status_code == 200
    assert response.context["adminform"].form.initial.get("group") is None


def test_an_assignment_form_given_a_real_group_opens_with_it_chosen(root_client):
    office = TrainingGroupFactory(name="Field Office 3")
    response = root_client.get(f"/admin/quiz/assignment/add/?group={office.pk}")
    assert response.context["adminform"].form.initial["group"] == str(office.pk)
