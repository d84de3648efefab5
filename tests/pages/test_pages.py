"""The accessibility statement and the privacy page: public, and the privacy page names
everything stored about a person, with how long it lasts taken from the settings that make
it last so."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PAGES = {"pages:accessibility": "Accessibility statement", "pages:privacy": "Privacy"}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_public(db, name):
    response = Client().get(reverse(name))

    assert response.status_code == 200
    assert f"<h1>{PAGES[name]}" in response.content.decode()


def test_the_statement_names_its_standard_its_checks_its_limits_and_whom_to_tell(db):
    html = Client().get(reverse("pages:accessibility")).content.decode()

    for words in [
        "WCAG) 2.1 at level AA",
        "axe-core",
        "375",
        "1280",
        "JavaScript turned off",
        "not a tagged PDF",
        "tell your training coordinator",
        '<time datetime="2026-12-06">',
    ]:
        assert " ".join(words.split()) in " ".join(html.split()), words


# What the privacy page calls each model that holds something about a person: its own
# rows (the user, sessions, failed logins) or rows that point at those.
MENTIONED = {
    "auth.user": "Your account",
    "quiz.attempt": "Your quiz attempts",
    "quiz.response": "the answers you chose",
    "quiz.selection": "the answers you chose",
    "quiz.certificate": "Your certificates",
    "quiz.traininggroup": "the training groups you are in",
    "quiz.assignment": "the quizzes assigned to them",
    "quiz.reminder": "a record of each reminder mail",
    "quiz.mail": "a record of each mail it sends you",
    "quiz.membership": "the training groups you are in and since when",
    "quiz.extension": "any extension of your due date",
    "quiz.practice": "Your answers to the lesson's checks, the pre-check and the refreshers",
    "quiz.gain": "what you knew of each objective before the lesson and after it",
    "quiz.refresher": "records each refresher it mails you",
    "quiz.refresheroptout": "if you ask for no more, that you did",
    "lti_tool.ltiuser": "what the platform sends about you",
    "lti_tool.lticontext": "the course, your role in it",
    "lti_tool.ltimembership": "the course, your role in it",
    "lti_tool.ltiresourcelink": "the link you came by",
    "lti_tool.ltilineitem": "where your score goes in the course",
    "quiz.launch": "where your score goes in the course",
    "quiz.grade": "a record of each score it sends",
    "quiz.scormlearner": "the learner id your platform gives it",
    "quiz.scormpackage": "the SCORM packages staff make, with who made each",
    "quiz.statement": "an xAPI statement for each quiz you start",
    "auditlog.logentry": "A log of changes made by the people who run the training",
    "admin.logentry": "The administration log",
    "sessions.session": "a session record on the server",
    "axes.accessattempt": "Failed logins",
    "axes.accessattemptexpiration": "Failed logins",
}
# Models that would hold personal data but are turned off here, and the setting that
# keeps them empty.
TURNED_OFF = {
    "axes.accesslog": ("AXES_DISABLE_ACCESS_LOG", True),
    "axes.accessfailurelog": ("AXES_ENABLE_ACCESS_FAILURE_LOG", False),
}
# Rows about a person that point at nobody: found by name, not by their relations.
HOLD_THEIR_OWN = {"sessions.session", "axes.accessattempt", "axes.accesslog"}
HOLD_THEIR_OWN |= {"axes.accessfailurelog"}


def models_about_people() -> set[str]:
    """The user model, the models above that name a person themselves, and every model
    with a relation (however indirect) to any of them."""
    found = {get_user_model()._meta.label_lower} | HOLD_THEIR_OWN
    models = [m for m in apps.get_models() if not m._meta.proxy]
    while True:
        more = {
            model._meta.label_lower
            for model in models
            for field in model._meta.get_fields()
            if field.is_relation
            and not field.auto_created
            and field.related_model is not None
            and field.related_model._meta.label_lower in found
        }
        if more <= found:
            return found
        found |= more


def test_the_privacy_page_names_every_model_that_holds_personal_data(db):
    html = " ".join(Client().get(reverse("pages:privacy")).content.decode().split())

    about_people = models_about_people()
    unnamed = about_people - set(MENTIONED) - set(TURNED_OFF)
    assert not unnamed, f"say on templates/pages/privacy.html what {unnamed} keep, then here"
    for label, words in MENTIONED.items():
        assert label in about_people, f"{label} holds nothing about a person any more"
        assert words in html, label
    for label, (setting, value) in TURNED_OFF.items():
        assert getattr(settings, setting) == value, f"{label} is on: name it on the page"


def test_the_privacy_page_says_how_long_things_last_as_the_settings_make_them(db, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600

    html = " ".join(Client().get(reverse("pages:privacy")).content.decode().split())

    assert "once 30 minutes have passed" in html
    assert "it expires after 7 days" in html
    assert "for 7 days" in html  # the session cookie
    assert "links that confirm an email address after 3 days" in html
    assert "password reset links after 3 days" in html


def test_request_counts_last_at_most_the_hour_the_privacy_page_says():
    assert all(rate.endswith(("/s", "/m", "/h")) for rate in settings.RATE_LIMITS.values())
