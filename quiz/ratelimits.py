"""Rate limits on what a stranger could repeat to flood mail or probe (django-ratelimit).

Counted in the shared cache (Redis on several servers), per address, per email address or
per trainee, with the rates in settings.RATE_LIMITS. A request over its limit gets the 429
page in the site's layout (JSON for the autosave script) with Retry-After. While the cache
does not answer, the limits fail open: trainees keep signing up, resetting and saving;
login throttling, which guards passwords, is in the database and does not depend on it.
"""

import logging
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django_ratelimit import UNSAFE
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def rate_of(name: str):
    """The rate named in settings.RATE_LIMITS, read when a request comes (tests change it)."""

    def rate(group, request) -> str:
        return settings.RATE_LIMITS[name]

    return rate


def email_in_form(group, request) -> str:
    """The email address a form names, as the account lookup compares it."""
    return request.POST.get("email", "").strip().lower()


def usage(request, *, name: str, key, method) -> dict | None:
    """django-ratelimit's count for this request, or None when the cache does not answer."""
    try:
        return get_usage(
            request, group=name, key=key, rate=rate_of(name), method=method, increment=True
        )
    except Exception:  # noqa: BLE001 - a cache outage must not stop trainees
        logger.warning("Rate limit %s not counted: the cache does not answer.", name)
        return None


def too_many_requests(request, seconds: int):
    seconds = max(int(seconds), 1)
    if request.headers.get("Accept", "").startswith("application/json"):
        message = "Too many requests just now. Try again in a moment."
        response = JsonResponse({"saved": False, "message": message}, status=429)
    else:
        response = render(request, "429.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def refusal(request, *, name: str, key, method=UNSAFE):
    """Count this request against the limit `name` for `key` ("ip", "user", or a function
    of the group and request); the 429 page if it is over, else None."""
    counted = usage(request, name=name, key=key, method=method)
    if counted and counted["should_limit"]:
        return too_many_requests(request, counted["time_left"])
    return None


def limited(name: str, key, method=UNSAFE):
    """Limit a view by `key` at the rate settings.RATE_LIMITS[name]; over it, the 429
    page. Stack it for several keys."""

    def decorator(view):
        @wraps(view)
        def with_limit(request, *args, **kwargs):
            if refused := refusal(request, name=name, key=key, method=method):
                return refused
            return view(request, *args, **kwargs)

        return with_limit

    return decorator
