"""A trainee's pages give every time in the trainee's own zone (the `tz` cookie that
static/js/time-zone.js sets), one format, the zone named in words: never "UTC", never an
IANA name. The server's deadlines do not move with it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from quiz.models import Certificate
from tests.conftest import logged_in
from tests.factories import (
    AssignmentFactory,
    TrainingGroupFactory,
    make_quiz,
    submitted_attempt,
    trainee_named,
)

# 03:00 UTC on March 2 is 22:00 on March 1 in New York (standard time).
SUBMITTED = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def attempt(db, time_machine):
    time_machine.move_to(SUBMITTED + timedelta(hours=1), tick=False)
    quiz = make_quiz(4, slug="four", pass_mark=50)
    ana = trainee_named("ana")
    attempt = submitted_attempt(
        ana, quiz, points=dict.fromkeys(quiz.questions.all(), 1), submitted_at=SUBMITTED
    )
    attempt.timed_out, attempt.deadline = True, SUBMITTED - timedelta(minutes=1)
    attempt.save()
    Certificate.objects.create(attempt=attempt, code="n" * 22, name="ana", issued_at=SUBMITTED)
    return attempt


def in_new_york(user):
    client = logged_in(user)
    client.cookies["tz"] = "America/New_York"
    return client


def text_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_result_gives_submitted_and_deadline_in_the_trainees_zone(attempt):
    page = text_of(in_new_york(attempt.user), reverse("quiz:result", args=[attempt.pk]))
    assert (
        'Submitted <time datetime="2026-03-01T22:00:00-05:00">'
        "1 March 2026, 22:00 Eastern Standard Time</time>."
    ) in page
    assert (
        'saved by <time datetime="2026-03-01T21:59:00-05:00">'
        "1 March 2026, 21:59 Eastern Standard Time</time> (the end of its time limit)"
    ) in page
    assert "UTC" not in page and "America/New_York" not in page


def test_the_history_gives_started_and_submitted_in_the_trainees_zone(attempt):
    page = text_of(in_new_york(attempt.user), reverse("quiz:history"))
    started = "1 March 2026, 21:50 Eastern Standard Time"  # ten minutes before submitting
    submitted = "1 March 2026, 22:00 Eastern Standard Time"
    assert f'<td data-label="Started"><time datetime="2026-03-01T21:50:00-05:00">{started}' in page
    assert f'<time datetime="2026-03-01T22:00:00-05:00">{submitted}</time>' in page
    assert f'<span class="visually-hidden"> for Quiz four, {submitted}</span>' in page
    assert "UTC" not in page


def test_the_certificate_is_dated_by_the_trainees_day(attempt):
    client = in_new_york(attempt.user)
    page = text_of(client, reverse("quiz:certificate", args=[attempt.pk]))
    assert '<time datetime="2026-03-01">1 March 2026</time>' in page
    # In UTC it was already March 2.
    utc = text_of(logged_in(attempt.user), reverse("quiz:certificate", args=[attempt.pk]))
    assert '<time datetime="2026-03-02">2 March 2026</time>' in utc


def test_without_the_cookie_the_times_are_utc_in_words(attempt):
    page = text_of(logged_in(attempt.user), reverse("quiz:result", args=[attempt.pk]))
    assert "2 March 2026, 03:00 Coordinated Universal Time" in page


def test_the_due_date_says_when_that_day_ends_in_the_trainees_zone(db, time_machine):
    """Due by the end of March 10 in New York, read in Los Angeles: 20:59 there."""
    time_machine.move_to(datetime(2026, 3, 3, 12, tzinfo=UTC), tick=False)
    ben = trainee_named("ben")
    AssignmentFactory(
        group=TrainingGroupFactory(members=[ben]),
        quiz=make_quiz(2, slug="assigned"),
        due_on=date(2026, 3, 10),
        time_zone="America/New_York",
    )
    client = logged_in(ben)
    client.cookies["tz"] = "America/Los_Angeles"
    page = text_of(client, reverse("quiz:list"))
    assert (
        'Due by <time datetime="2026-03-10T20:59:00-07:00">'
        "10 March 2026, 20:59 Pacific Daylight Time</time>."
    ) in page
    assert "America/New_York" not in page and "(America" not in page
