"""Passwords found in the breached list are refused, and checking one loads no list."""

import tracemalloc

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from quiz.accounts.passwords import is_breached

# In the breached list but not in Django's 20,000 common passwords, so only the new
# validator can refuse them.
BREACHED_ONLY = ["correcthorse", "welcome12345", "P@ssw0rd1234", "trustno1trustno1", "aaaaaaaaaaaa"]


def test_the_examples_are_missing_from_djangos_common_list():
    common = CommonPasswordValidator().passwords
    assert not any(password.lower() in common for password in BREACHED_ONLY)


@pytest.mark.parametrize("password", BREACHED_ONLY)
def test_sign_up_refuses_a_breached_password_and_keeps_the_other_fields(db, password):
    data = {"username": "bob", "email": "bob@example.org"}
    response = Client().post(
        "/accounts/signup/", data | {"password1": password, "password2": password}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This password has appeared in a data breach" in html
    assert 'value="bob"' in html and 'value="bob@example.org"' in html
    assert not User.objects.filter(username="bob").exists()


def test_every_password_change_is_checked_against_the_list(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("monkey123456")

    assert [error.code for error in refused.value.error_list] == ["password_breached"]


@pytest.mark.parametrize(
    "password", ["correct-horse-battery-staple", "dhs-training-2026", "x" * 200, "é" * 12]
)
def test_a_password_missing_from_the_list_passes(password):
    assert not is_breached(password)


def test_passwords_shorter_than_the_list_are_left_to_the_length_rule():
    # The package calls every short password bad (with a warning); the length rule
    # already gives the right message for those.
    assert not is_breached("qwerty123")


def test_a_check_does_not_load_the_list_into_memory():
    is_breached("warm-up-import-1")  # the first call imports the module
    tracemalloc.start()
    try:
        for n in range(200):
            is_breached(f"not-in-any-list-{n:04d}")
        assert is_breached("welcome12345")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # The list is 53 MB of sorted files; one check maps a single file of about 80 KB.
    assert peak < 256 * 1024
