"""The score certifies knowledge: a trainee who never reads the release fails.

Through the real pages, over many seeded attempts of every quiz: a test-wise trainee who
answers from item-writing cues alone passes at most 5% of first attempts, a copier who
answers retakes from earlier result pages at most 10% of retakes, and random answering
passes under 0.5% (tests/content/trainees.py has both trainees).
"""

import random
import re
from datetime import timedelta

import pytest

from quiz import clock
from quiz.models import Attempt, Quiz
from quiz.taking import services
from tests.conftest import logged_in
from tests.factories import trainee_named

from .trainees import form_for, questions_of, right_answers

FIRST_ATTEMPTS = 150
COPIERS = 40
RETAKES = 3
ATTEMPT_URL = re.compile(r'<form [^>]*action="(/attempts/\d+/)"')


@pytest.fixture
def seeded_draws(monkeypatch):
    """Attempts draw and shuffle by seeds from one seeded generator: the same run every
    time, and a different attempt every start."""
    draws = random.Random(2014)
    monkeypatch.setattr(services.secrets, "randbelow", lambda n: draws.randrange(n))


def take(client, slug: str, rng: random.Random, memory: dict | None = None) -> tuple[Attempt, str]:
    """Start the quiz, answer every question as the trainee would, submit; the attempt and
    its result page."""
    page = client.post(f"/quizzes/{slug}/start/").content.decode()
    url = ATTEMPT_URL.search(page).group(1)
    response = client.post(url, form_for(questions_of(page), rng, memory))
    assert response.status_code == 302, response.content.decode()[:2000]
    attempt = Attempt.objects.get(pk=int(url.strip("/").split("/")[-1]))
    return attempt, client.get(response["Location"] + "?show=all").content.decode()


def quizzes() -> list[str]:
    return list(Quiz.objects.filter(is_published=True).values_list("slug", flat=True))


def test_a_test_wise_trainee_fails_nearly_every_first_attempt(content, seeded_draws):
    rng = random.Random(1)
    passed = {}
    for slug in quizzes():
        passed[slug] = 0
        for n in range(FIRST_ATTEMPTS):
            client = logged_in(trainee_named(f"cues-{slug}-{n}"))
            attempt, _result = take(client, slug, rng)
            passed[slug] += attempt.passed
    print(f"The test-wise trainee passed, of {FIRST_ATTEMPTS} first attempts: {passed}")
    assert all(n / FIRST_ATTEMPTS <= 0.05 for n in passed.values()), passed


def test_a_copier_fails_nearly_every_retake(content, seeded_draws, time_machine):
    rng = random.Random(2)
    time_machine.move_to(clock.now(), tick=False)
    passed = {}
    for slug in quizzes():
        passed[slug] = 0
        for n in range(COPIERS):
            client = logged_in(trainee_named(f"copier-{slug}-{n}"))
            _attempt, result = take(client, slug, rng)
            memory = right_answers(result)
            for _retake in range(RETAKES):
                time_machine.shift(timedelta(days=1))  # whatever the quiz's waiting rules
                attempt, result = take(client, slug, rng, memory)
                passed[slug] += attempt.passed
                memory |= right_answers(result)
    print(f"The copier passed, of {COPIERS * RETAKES} retakes: {passed}")
    assert all(n / (COPIERS * RETAKES) <= 0.10 for n in passed.values()), passed
