"""Each request shows its times in the trainee's own zone, named by the `tz` cookie that
static/js/time-zone.js keeps (quiz/zones.py); anything else falls back to UTC."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from quiz.zones import COOKIE, TimeZoneMiddleware, known_zones, zone_named


def zone_seen(cookie: str | None) -> str:
    """The zone a view runs in, for a request with that cookie (or none)."""
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[COOKIE] = cookie
    TimeZoneMiddleware(view)(request)
    return seen[0]


def test_the_middleware_is_installed():
    assert "quiz.zones.TimeZoneMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata", "Europe/Kyiv", "UTC"])
def test_a_zone_named_in_the_cookie_is_the_requests(zone):
    assert zone_seen(zone) == zone


@pytest.mark.parametrize(
    "cookie",
    [
        None,
        "",
        "Mars/Olympus_Mons",
        "america/new_york",  # names are exact
        "../../../etc/passwd",
        "/usr/share/zoneinfo/UTC",
        "America/New_York\x00",
        "A" * 5000,
        "-05:00",
    ],
)
def test_anything_else_falls_back_to_utc(cookie):
    assert settings.TIME_ZONE == "UTC"
    assert zone_seen(cookie) == "UTC"
    assert zone_named(cookie) is None


def test_the_zone_ends_with_its_request():
    zone_seen("Asia/Tokyo")
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_zone_list_is_read_once():
    assert known_zones() is known_zones()
    assert "America/New_York" in known_zones()


@pytest.mark.parametrize("garbage", ["\x00\x01", '"; DROP', "Europe/London; tz=Asia/Tokyo", "é"])
def test_garbage_in_the_cookie_is_no_error(db, garbage):
    client = Client()
    client.cookies[COOKIE] = garbage
    assert client.get("/").status_code == 200
    assert client.get("/certificates/").status_code == 200
