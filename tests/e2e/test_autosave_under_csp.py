"""Autosave works under the app's real Content-Security-Policy, with no violation."""

import pytest

from quiz.models import Selection
from tests.e2e.conftest import start_quiz

pytestmark = pytest.mark.e2e


def test_an_answer_is_saved_as_it_changes_with_the_csp_enforced(trainee_page):
    page, _user = trainee_page("csp-trainee", enforce_csp=True)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    attempt = start_quiz(page)
    first_radio = page.locator('#quiz-form input[type="radio"]').first
    with page.expect_response(lambda r: r.url.endswith(f"/attempts/{attempt.pk}/save/")) as saved:
        first_radio.check()
    assert saved.value.status == 200
    assert Selection.objects.filter(response__attempt=attempt).count() == 1

    reloaded = page.reload()
    policy = reloaded.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.locator('#quiz-form input[type="radio"]').first.is_checked()
    assert violations == []
