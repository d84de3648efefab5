"""The trainee's own time zone, for every request: the one their browser names.

static/js/time-zone.js keeps a cookie, `tz`, with the browser's IANA zone name
("America/New_York"); each request shows its times in that zone (quiz/moments.py). A name
that is not a zone is ignored, as is no cookie: the times are then in settings.TIME_ZONE.
Only how times read changes: deadlines, due dates and days are the server's, worked out
in UTC or the assignment's own zone, whatever zone a request shows.
"""

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils import timezone

COOKIE = "tz"
LONGEST_NAME = 64  # the longest IANA name has 32 characters


@functools.cache
def known_zones() -> frozenset[str]:
    """Every zone name this machine's time zone database has (read once: it walks a tree)."""
    return frozenset(available_timezones())


def zone_named(name: str | None) -> ZoneInfo | None:
    """The zone of that IANA name, or None for no name or anything else."""
    if not name or len(name) > LONGEST_NAME or name not in known_zones():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # listed, but its file unreadable
        return None


class TimeZoneMiddleware:
    """Shows the request's times in the zone of its `tz` cookie, or in settings.TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zone_named(request.COOKIES.get(COOKIE)) or timezone.get_default_timezone()
        # Only for this request: the next one on this thread starts from the default.
        with timezone.override(zone):
            return self.get_response(request)
