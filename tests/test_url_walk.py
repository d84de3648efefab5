"""Every URL pattern of the project, walked as another trainee and as an anonymous user.

The patterns come from the URLconf itself, so a URL added later is walked too; a URL
whose parameter the walk cannot fill makes the test fail until someone says what the
parameter names (and so whose it is).
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quiz.models import Attempt

from .factories import answer_form, make_user

# Pages anybody may open: the way in, and pages that show nothing of anyone.
PUBLIC = {
    "quiz:favicon",  # a redirect to the app's mark
    "quiz:home",
    "learning:lesson",  # readable before signing up; an unpublished quiz's lesson is a 404
    "quiz:find_certificate",  # the public check page's form; a code's page 404s a guess
    "pages:accessibility",  # the accessibility statement
    "pages:privacy",  # what is stored about a person, and who sees it
    "signup",
    "signup_done",
    "confirm_email",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "admin:logout",
    # LTI's doors for a learning platform: each answers a bad or missing launch with the
    # refusal page (tests/lti/), and the key set is public by design.
    "lti:login",
    "lti:launch",
    "lti:jwks",
    "lti:pick",  # a 403 without the session a teacher's deep-linking launch gives
}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


@dataclass
class Route:
    name: str  # "namespace:name", or the route itself when it has none
    namespace: str
    template: str
    parameters: list[str]


def routes(patterns=None, prefix="", namespace="") -> list[Route]:
    """Every pattern of the URLconf, with its full route and its parameter names."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            found += routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else route
            parameters = [a or b for a, b in PARAMETER.findall(route)]
            found.append(Route(name, namespace, route, parameters))
    return found


@pytest.fixture
def owner_data(content):
    """Trainee A: one attempt in progress, one submitted."""
    owner = make_user("owner-a7f3")
    client = Client()
    client.force_login(owner)
    client.post("/quizzes/release-facts/start/")
    submitted = Attempt.objects.get(user=owner)
    client.post(f"/attempts/{submitted.pk}/", answer_form(submitted))
    client.post("/quizzes/component-roles/start/")
    in_progress = Attempt.objects.get(user=owner, status="in_progress")
    return owner, in_progress, submitted


def values_for(attempt: Attempt) -> dict[str, str]:
    """What fills each parameter: the owner's attempt wherever an object is named."""
    return {
        "pk": str(attempt.pk),  # quiz:take, quiz:save, quiz:result
        "object_id": str(attempt.pk),  # admin change/delete/history pages
        "slug": "component-roles",  # a published quiz: every trainee may start their own
        "id": str(attempt.user.pk),  # admin: a user's password page
        "app_label": "quiz",
        "content_type_id": str(ContentType.objects.get_for_model(Attempt).pk),
        "url": "nothing-here/",
        "code": "guessed-certificate-code",  # certificate verification (issue 6): a guess 404s
        "quiz_id": str(attempt.quiz.pk),  # admin item-analysis report: staff only
        "uidb64": urlsafe_base64_encode(force_bytes(attempt.user.pk)),
        "token": "guessed-token",  # also a refresher's or an unsubscribe link: a guess 404s
        "key": "arrests",  # a lesson block's check: each trainee answers their own
    }


def concrete(route: Route, values: dict[str, str]) -> str:
    unknown = [p for p in route.parameters if p not in values]
    assert not unknown, (
        f"{route.name} ({route.template}) has parameters {unknown} the walk cannot fill: "
        "add them to values_for, with a value that names another trainee's object."
    )
    path = PARAMETER.sub(lambda m: values[m[1] or m[2]], route.template)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def leaks(response, owner, attempts) -> list[str]:
    """Anything of the owner's in a response that is not theirs to see.

    A login redirect's ?next= repeats the path that was asked for, so it is left out.
    """
    text = response.content.decode(errors="replace") if not response.streaming else ""
    text += response.get("Location", "").split("?")[0]
    marks = [owner.username, owner.email] + [f"/attempts/{a.pk}/" for a in attempts]
    return [mark for mark in marks if mark in text]


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)


def owners_code(owner, method: str, path: str) -> int:
    client = Client()
    client.force_login(owner)
    return getattr(client, method)(path).status_code


def walk(attempt, owner, attempts, intruder=None) -> list[str]:
    """Request every route by GET and POST, as `intruder` or anonymous; what went wrong."""
    problems = []
    for route in routes():
        path = concrete(route, values_for(attempt))
        # The path really is this route's (Django drops a nested regex's leading "^").
        assert resolve(path).route.replace("^", "") == route.template.replace("^", "")
        client = Client()
        if intruder:
            client.force_login(intruder)
        for method in ("get", "post"):  # POST last: it may log the client out
            response = getattr(client, method)(path)
            code = response.status_code
            found = leaks(response, owner, attempts)
            line = f"{method.upper()} {path} ({route.name}) -> {code}"
            if code >= 500:
                problems.append(f"{line}: server error")
            elif found:
                problems.append(f"{line}: shows {found}")
            elif route.name in PUBLIC:
                continue
            elif intruder is None and not (code == 404 or is_login_redirect(response)):
                # A 405 says only that the method is wrong, as it does to the owner.
                if not (code == 405 and owners_code(owner, method, path) == 405):
                    problems.append(f"{line}: neither 404 nor a login redirect")
            elif intruder and route.namespace == "admin":
                if not (code == 404 or is_login_redirect(response)):
                    problems.append(f"{line}: a trainee got into the admin")
            elif intruder and "pk" in route.parameters and code != 404:
                # A 405 says only that the method is wrong, as it does to the owner.
                if not (code == 405 and owners_code(owner, method, path) == 405):
                    problems.append(f"{line}: another trainee's attempt did not answer 404")
    return problems


@pytest.mark.parametrize("which", ["in_progress", "submitted"])
def test_anonymous_user_gets_404_or_the_login_page_everywhere(which, owner_data):
    owner, in_progress, submitted = owner_data
    attempt = in_progress if which == "in_progress" else submitted
    before = list(Attempt.objects.order_by("pk").values())

    problems = walk(attempt, owner, [in_progress, submitted])

    assert problems == []
    assert list(Attempt.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("which", ["in_progress", "submitted"])
def test_another_trainee_gets_404_for_every_url_naming_the_owners_attempt(which, owner_data):
    owner, in_progress, submitted = owner_data
    attempt = in_progress if which == "in_progress" else submitted
    intruder = make_user("mallory")
    owners_before = list(Attempt.objects.filter(user=owner).order_by("pk").values())

    problems = walk(attempt, owner, [in_progress, submitted], intruder=intruder)

    assert problems == []
    assert list(Attempt.objects.filter(user=owner).order_by("pk").values()) == owners_before


def test_the_walk_covers_the_trainee_pages_and_the_admin():
    """The walk really sees the app's URLs (a broken walk would pass with none)."""
    names = {route.name for route in routes()}
    assert {"quiz:take", "quiz:save", "quiz:result", "quiz:start", "quiz:history"} <= names
    assert {"admin:quiz_attempt_change", "admin:index", "password_reset_confirm"} <= names
    assert len(names) > 60
