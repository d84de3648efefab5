"""The health check a load balancer polls: is this server able to serve trainees now?"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not now"
        return False


def cache_answers() -> bool:
    """A value written to the configured cache (Redis, or the shared files) reads back."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
        return answered
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not now"
        return False


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache both answer, else 503; names no host or error.

    Sessions outlive a cache outage (quiz/accounts/sessions.py), but a balancer should
    still prefer a server whose cache answers, and its operator should hear of it.
    """
    checks = {"database": database_answers(), "cache": cache_answers()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    # A 503 gets its Retry-After from DatabaseUnavailableMiddleware, like every 503.
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
