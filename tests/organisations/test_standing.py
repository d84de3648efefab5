"""Where a trainee stands on an assignment, at the due date's edges, across time zones
and through renewals."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quiz.organisations.standing import Status, add_months, end_of_day, standing

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
TOKYO = ZoneInfo("Asia/Tokyo")
FRIDAY = date(2026, 12, 4)


def status_at(
    now, *, zone=UTC, due_on=FRIDAY, months=None, passed_at=None, started_at=None, failed_at=None
):
    return standing(
        due_on=due_on,
        zone=zone,
        renew_every_months=months,
        last_passed_at=passed_at,
        last_started_at=started_at,
        last_failed_at=failed_at,
        now=now,
    ).status


def test_due_until_the_last_instant_of_the_due_date_then_overdue():
    end = end_of_day(FRIDAY, UTC)
    assert end == datetime(2026, 12, 5, tzinfo=UTC)
    assert status_at(end - timedelta(microseconds=1)) == Status.NOT_STARTED
    assert status_at(end) == Status.OVERDUE


def test_the_due_date_ends_where_the_assignment_is():
    # Saturday 03:00 UTC is still Friday 19:00 in Los Angeles, and Saturday 12:00 in Tokyo.
    saturday_3am_utc = datetime(2026, 12, 5, 3, tzinfo=UTC)
    assert status_at(saturday_3am_utc, zone=LOS_ANGELES) == Status.NOT_STARTED
    assert status_at(saturday_3am_utc, zone=TOKYO) == Status.OVERDUE
    # Friday 15:00 UTC is already Saturday in Tokyo.
    assert status_at(datetime(2026, 12, 4, 15, tzinfo=UTC), zone=TOKYO) == Status.OVERDUE
    assert status_at(datetime(2026, 12, 4, 14, 59, tzinfo=UTC), zone=TOKYO) == Status.NOT_STARTED
    # Los Angeles's Friday ends at 08:00 UTC on Saturday.
    assert status_at(datetime(2026, 12, 5, 8, tzinfo=UTC), zone=LOS_ANGELES) == Status.OVERDUE


def test_an_attempt_without_a_pass_is_in_progress_until_the_due_date_passes():
    started = datetime(2026, 12, 1, tzinfo=UTC)
    assert status_at(datetime(2026, 12, 2, tzinfo=UTC), started_at=started) == Status.IN_PROGRESS
    assert status_at(datetime(2026, 12, 5, tzinfo=UTC), started_at=started) == Status.OVERDUE


def test_a_failed_attempt_is_failed_until_another_starts_or_the_due_date_passes():
    started, failed = datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 9, 20, tzinfo=UTC)
    wednesday = datetime(2026, 12, 2, tzinfo=UTC)
    assert status_at(wednesday, started_at=started, failed_at=failed) == Status.FAILED
    again = datetime(2026, 12, 1, 10, tzinfo=UTC)  # a new attempt, still open
    assert status_at(wednesday, started_at=again, failed_at=failed) == Status.IN_PROGRESS
    saturday = datetime(2026, 12, 5, tzinfo=UTC)
    assert status_at(saturday, started_at=started, failed_at=failed) == Status.OVERDUE


def test_a_failure_before_a_pass_does_not_count_against_it():
    failed, passed = datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    assert status_at(now, passed_at=passed, started_at=passed, failed_at=failed) == Status.PASSED
    # A renewed assignment: after the pass lapses, a new failure is a failure again.
    later = datetime(2027, 1, 10, tzinfo=UTC)
    failed_again = datetime(2027, 1, 9, 9, 20, tzinfo=UTC)
    assert (
        status_at(
            later,
            due_on=date(2027, 2, 1),
            months=1,
            passed_at=passed,
            started_at=failed_again - timedelta(minutes=20),
            failed_at=failed_again,
        )
        == Status.FAILED
    )


def test_a_pass_counts_whenever_it_came_when_the_assignment_does_not_renew():
    late = datetime(2027, 1, 10, tzinfo=UTC)
    assert status_at(datetime(2027, 6, 1, tzinfo=UTC), passed_at=late) == Status.PASSED
    early = datetime(2020, 1, 1, tzinfo=UTC)
    assert status_at(datetime(2030, 1, 1, tzinfo=UTC), passed_at=early) == Status.PASSED


def test_a_renewed_pass_counts_to_the_end_of_the_day_n_months_later():
    passed = datetime(2026, 11, 20, 12, tzinfo=UTC)
    valid_until = end_of_day(date(2027, 11, 20), UTC)
    result = standing(
        due_on=FRIDAY,
        zone=UTC,
        renew_every_months=12,
        last_passed_at=passed,
        last_started_at=passed,
        now=valid_until - timedelta(seconds=1),
    )
    assert result.status == Status.PASSED
    assert result.due_on == date(2027, 11, 20)
    assert status_at(valid_until, months=12, passed_at=passed, started_at=passed) == Status.OVERDUE


def test_after_a_pass_expires_a_new_attempt_is_in_progress_and_an_old_one_is_not():
    passed = datetime(2025, 1, 10, tzinfo=UTC)
    due_on = date(2026, 6, 30)  # the assignment is due later than the renewal
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert (
        status_at(now, due_on=due_on, months=12, passed_at=passed, started_at=passed)
        == Status.NOT_STARTED
    )
    retry = datetime(2026, 2, 20, tzinfo=UTC)
    assert (
        status_at(now, due_on=due_on, months=12, passed_at=passed, started_at=retry)
        == Status.IN_PROGRESS
    )


def test_the_day_of_a_pass_is_the_day_where_the_assignment_is():
    # 04:30 UTC on February 1 is still January 31 in New York: valid to February 28.
    zone = ZoneInfo("America/New_York")
    passed = datetime(2026, 2, 1, 4, 30, tzinfo=UTC)
    result = standing(
        due_on=date(2026, 1, 1),
        zone=zone,
        renew_every_months=1,
        last_passed_at=passed,
        last_started_at=passed,
        now=datetime(2026, 2, 20, tzinfo=UTC),
    )
    assert result == type(result)(Status.PASSED, date(2026, 2, 28))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 5, 5), 24, date(2028, 5, 5)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
