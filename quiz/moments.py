"""How every page and mail writes a time: one format, in the reader's time zone, with the
zone named in words ("8 December 2026, 14:05 Eastern Standard Time").

The zone is the one a request activated (quiz/zones.py: the trainee's own, from their
browser), or the one given: a mail knows the assignment's zone, not the trainee's. The
name says standard or daylight time for that very moment, so a reader never has to know
an offset or an IANA name ("America/New_York") to know when.

The names come from Babel, which carries the Unicode CLDR's names for every zone and
keeps them current with each CLDR release (zones merge, rename, drop daylight time); a
table written here would be wrong the first time one did. Babel is pinned at 2.17: in
2.18 a zone CLDR knows under an older name (Asia/Kolkata, Europe/Kyiv,
America/Indiana/Indianapolis) reads as an offset, "GMT+05:30" (python-babel/babel#1260).
"""

from datetime import date, datetime, tzinfo

from babel.dates import get_timezone_gmt, get_timezone_location, get_timezone_name
from django.utils import dateformat, timezone

LOCALE = "en"  # the site's one language, as its month names (Django's) are
DAY = "j F Y"  # 8 December 2026
TIME = "H:i"  # 14:05, a 24-hour clock: no a.m./p.m. to misread

# A zone's name for one moment depends only on the zone and its offset and daylight
# saving then; a history page asks for the same few many times.
NAMES: dict[tuple, str] = {}


def zone_in_words(local: datetime) -> str:
    """The long name of the zone at that moment: "Eastern Daylight Time" in July.

    Where CLDR has no name for the zone (Istanbul, Casablanca), its place: "Türkiye
    Time"; for the fixed offsets (Etc/GMT+5) the offset: "GMT-05:00".
    """
    key = (local.tzinfo, local.utcoffset(), local.dst())
    if key not in NAMES:
        name = get_timezone_name(local, width="long", locale=LOCALE)
        offset = get_timezone_gmt(local, width="long", locale=LOCALE)
        zone = getattr(local.tzinfo, "key", "")
        if name == offset and zone and not zone.startswith("Etc/"):
            name = get_timezone_location(local.tzinfo, locale=LOCALE)
        NAMES[key] = name
    return NAMES[key]


def in_zone(value: datetime, zone: tzinfo | None = None) -> datetime:
    """The moment in the zone given, else in the zone the request activated."""
    return value.astimezone(zone or timezone.get_current_timezone())


def moment(value: datetime | None, zone: tzinfo | None = None) -> str:
    """As "8 December 2026, 14:05 Eastern Standard Time"; nothing for no time."""
    if value is None:
        return ""
    local = in_zone(value, zone)
    return f"{dateformat.format(local, DAY)}, {time_there(local)}"


def clock_time(value: datetime | None, zone: tzinfo | None = None) -> str:
    """As "14:05 Eastern Standard Time": the time alone, for a deadline within the hour."""
    if value is None:
        return ""
    return time_there(in_zone(value, zone))


def time_there(local: datetime) -> str:
    """The time on the clocks of the moment's own zone, and that zone in words."""
    return f"{dateformat.format(local, TIME)} {zone_in_words(local)}"


def iso(value: datetime | None, zone: tzinfo | None = None) -> str:
    """The moment for a <time datetime="...">: to the second, with its zone's offset (HTML
    takes at most three digits of a second, so never Python's microseconds)."""
    if value is None:
        return ""
    return in_zone(value, zone).isoformat(timespec="seconds")


def day(value: date | datetime | None, zone: tzinfo | None = None) -> str:
    """As "8 December 2026": a date alone, as the moments write it (a time by its day in
    the zone, a date as it is)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_zone(value, zone)
    return dateformat.format(value, DAY)
