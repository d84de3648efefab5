"""The one clock: what "now" and "today" are, for the whole app.

The app reads the time here and nowhere else (tests/test_clock.py holds it to that), so a
test that sets the clock sets it for every part at once. The tests set it with
time-machine, which moves Python's own clock; `make test-shifted` runs the suite once more
with it years ahead, so a test that only passes near the day it was written fails at once.
"""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """This moment, aware, in UTC."""
    return timezone.now()


def day_of(moment: datetime) -> date:
    """The day a moment falls on in settings.TIME_ZONE, whatever zone a request activated."""
    return timezone.localdate(moment, timezone.get_default_timezone())


def today() -> date:
    """Today in settings.TIME_ZONE."""
    return day_of(now())
