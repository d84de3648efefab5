"""What a load balancer polls, answered before anything else looks at the request (so a
balancer's own Host header is never refused):

- /healthz, liveness: this server's process answers; nothing else is asked.
- /readyz, readiness: 200 "ok" when the database can be written and the cache answers;
  200 "degraded" when only the cache is down, since every page still works without it
  (quiz/accounts/sessions.py); 503 while the database cannot be reached or written.

Neither names a host or an error.
"""

import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

from .errors import RETRY_AFTER_SECONDS, start_afresh

PATHS = {"/healthz", "/readyz"}


def database_state() -> str:
    """ "ok" when a write goes through (then rolled back), "read-only" when only reads
    do, "unavailable" when nothing does."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.execute(
                    "UPDATE django_migrations SET app = app "
                    "WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            transaction.set_rollback(True)
        return "ok"
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not now"
        pass
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        state = "read-only"
    except Exception:  # noqa: BLE001
        state = "unavailable"
    start_afresh()  # a connection opened while the database was unwritable stays so
    return state


def cache_state() -> str:
    """A value written to the configured cache (Redis, or the shared files) reads back."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not now"
        answered = False
    return "ok" if answered else "unavailable"


def readiness() -> tuple[dict, int]:
    checks = {"database": database_state(), "cache": cache_state()}
    if checks["database"] != "ok":
        return {"status": "unavailable", **checks}, 503
    if checks["cache"] != "ok":
        return {"status": "degraded", **checks}, 200
    return {"status": "ok", **checks}, 200


def answer(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if request.path == "/healthz":
        body, status = {"status": "ok"}, 200
    else:
        body, status = readiness()
    response = JsonResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: the checks answer before the host is checked, the HTTPS
    redirect is made or a session is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in PATHS:
            return answer(request)
        return self.get_response(request)
