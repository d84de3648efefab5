"""Every time in one format, in the reader's zone, the zone named in words for that very
moment (quiz/moments.py)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from quiz.moments import clock_time, day, iso, moment

NEW_YORK = ZoneInfo("America/New_York")
WINTER = datetime(2026, 12, 8, 19, 5, tzinfo=UTC)  # 14:05 in New York, standard time
SUMMER = datetime(2026, 7, 8, 18, 5, tzinfo=UTC)  # 14:05 in New York, daylight time


def test_a_winter_and_a_summer_moment_in_new_york():
    assert moment(WINTER, NEW_YORK) == "8 December 2026, 14:05 Eastern Standard Time"
    assert moment(SUMMER, NEW_YORK) == "8 July 2026, 14:05 Eastern Daylight Time"


def test_the_zone_is_the_one_the_request_activated():
    with timezone.override(NEW_YORK):
        assert moment(WINTER) == "8 December 2026, 14:05 Eastern Standard Time"
        assert clock_time(SUMMER) == "14:05 Eastern Daylight Time"
    # Without one, settings.TIME_ZONE, also in words.
    assert moment(WINTER) == "8 December 2026, 19:05 Coordinated Universal Time"


def test_the_day_turns_with_the_zone():
    late = datetime(2026, 12, 9, 2, 30, tzinfo=UTC)  # still December 8 in New York
    assert moment(late, NEW_YORK) == "8 December 2026, 21:30 Eastern Standard Time"
    assert day(late, NEW_YORK) == "8 December 2026"
    assert day(late) == "9 December 2026"
    assert day(date(2026, 12, 8)) == "8 December 2026"  # a date is a date in any zone


@pytest.mark.parametrize(
    ("zone", "name"),
    [
        ("Europe/London", "Greenwich Mean Time"),
        ("Asia/Tokyo", "Japan Standard Time"),
        # Names CLDR keeps under an older spelling (Asia/Calcutta, Europe/Kiev): Babel
        # 2.18 wrote these as "GMT+05:30" (python-babel/babel#1260), hence the pin.
        ("Asia/Kolkata", "India Standard Time"),
        ("Asia/Calcutta", "India Standard Time"),  # what Chrome reports
        ("Europe/Kyiv", "Eastern European Standard Time"),
        ("America/Indiana/Indianapolis", "Eastern Standard Time"),
        # No CLDR name for the zone: its place, never its IANA name.
        ("Europe/Istanbul", "Türkiye Time"),
        # A fixed offset is named by its offset.
        ("Etc/GMT+5", "GMT-05:00"),
    ],
)
def test_every_zone_is_named_in_words(zone, name):
    assert clock_time(WINTER, ZoneInfo(zone)).endswith(f" {name}")


def test_a_time_element_gets_the_moment_to_the_second_with_its_offset():
    precise = WINTER.replace(microsecond=123456)  # HTML takes three digits at most
    assert iso(precise, NEW_YORK) == "2026-12-08T14:05:00-05:00"
    assert iso(precise) == "2026-12-08T19:05:00+00:00"


def test_no_time_is_written_as_nothing():
    assert moment(None) == clock_time(None) == day(None) == iso(None) == ""


def test_the_filters_write_the_same():
    template = Template(
        "{% load moments %}{{ at|moment }}|{{ at|clock_time }}|{{ at|day }}|{{ due|due_by:zone }}"
    )
    with timezone.override(NEW_YORK):
        text = template.render(Context({"at": WINTER, "due": date(2026, 12, 3), "zone": "UTC"}))
    assert text.split("|") == [
        "8 December 2026, 14:05 Eastern Standard Time",
        "14:05 Eastern Standard Time",
        "8 December 2026",
        # Due by the end of December 3 in UTC: 18:59 that day in New York.
        '<time datetime="2026-12-03T18:59:00-05:00">'
        "3 December 2026, 18:59 Eastern Standard Time</time>",
    ]
