"""The secret key can be rotated without logging everyone out (DJANGO_SECRET_KEY_FALLBACKS)."""

from django.test import Client

from tests.factories import make_user

NEW_KEY = "a-new-secret-key-" + "n" * 40


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)  # its session is signed with the key of the moment
    return client


def is_logged_in(client) -> bool:
    return client.get("/quizzes/").status_code == 200


def test_rotating_the_secret_key_keeps_trainees_logged_in_while_the_old_key_is_a_fallback(
    trainee, settings
):
    back_during_rotation = logged_in(trainee)
    gone_until_later = logged_in(make_user("away"))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = NEW_KEY

    # Still logged in; Django re-signs the session with the new key on this visit.
    assert is_logged_in(back_during_rotation)

    settings.SECRET_KEY_FALLBACKS = []  # the old key retired
    assert is_logged_in(back_during_rotation)
    assert not is_logged_in(gone_until_later)  # signed only with the retired key
