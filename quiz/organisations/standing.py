"""Where a trainee stands on an assignment: the rules, as pure functions of dates.

An assignment is due by the end of its due date in its own time zone, so a trainee in
Los Angeles is not overdue while it is still Friday there. A pass counts for good, or,
if the assignment renews every N months, until the end of the day N months after the
day of the pass (in the assignment's time zone): then the trainee is due again, by that
day or the assignment's due date, whichever is later.
"""

import calendar
import enum
import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _


class Status(enum.StrEnum):
    """In the order the report lists them: who needs chasing first."""

    OVERDUE = "overdue"
    FAILED = "failed"  # their last attempt failed, and none is open since
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def rank(self) -> int:
        return STATUS_RANKS[self]


STATUS_RANKS = {status: rank for rank, status in enumerate(Status)}
STATUS_LABELS = {
    Status.OVERDUE: _("overdue"),
    Status.FAILED: _("failed"),
    Status.NOT_STARTED: _("not started"),
    Status.IN_PROGRESS: _("in progress"),
    Status.PASSED: _("passed"),
}


@dataclass(frozen=True)
class Standing:
    """A trainee's status on an assignment, and the day they are (or were, or will be) due."""

    status: Status
    due_on: date


@functools.lru_cache(maxsize=4096)  # a report asks for the same due date per member
def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The instant the day ends in that time zone: the start of the next day there."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def last_minute_of(day: date, zone: ZoneInfo) -> datetime:
    """The day's last minute in that time zone (23:59 there): what "due by" names, since a
    reader takes "by 23:59" to include that minute, as the rules do, and "by 00:00" of the
    next day could read as a day more."""
    return end_of_day(day, zone) - timedelta(minutes=1)


def add_months(day: date, months: int) -> date:
    """The same day of the month, months later; the month's last day if it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renewal_due_on(passed_at: datetime, months: int, zone: ZoneInfo) -> date:
    """The day a pass stops counting: N months after the day of the pass, where it was."""
    return add_months(passed_at.astimezone(zone).date(), months)


def standing(
    *,
    due_on: date,
    zone: ZoneInfo,
    renew_every_months: int | None,
    last_passed_at: datetime | None,
    last_started_at: datetime | None,
    now: datetime,
    last_failed_at: datetime | None = None,
) -> Standing:
    """A trainee's standing from their last pass and last attempt at the assigned quiz."""
    if last_passed_at is not None:
        if not renew_every_months:
            return Standing(Status.PASSED, due_on)
        renewal = renewal_due_on(last_passed_at, renew_every_months, zone)
        if now < end_of_day(renewal, zone):
            return Standing(Status.PASSED, renewal)
        due_on = max(due_on, renewal)
    if now >= end_of_day(due_on, zone):
        return Standing(Status.OVERDUE, due_on)
    started_since_pass = last_started_at is not None and (
        last_passed_at is None or last_started_at > last_passed_at
    )
    if not started_since_pass:
        return Standing(Status.NOT_STARTED, due_on)
    # Failed when the last attempt started is one that failed: nothing is open since.
    failed_since_pass = last_failed_at is not None and (
        last_passed_at is None or last_failed_at > last_passed_at
    )
    if failed_since_pass and last_started_at <= last_failed_at:
        return Standing(Status.FAILED, due_on)
    return Standing(Status.IN_PROGRESS, due_on)
