"""Sessions kept in the database and read through the cache, that outlive the cache.

Django's cached_db sessions answer 500 on every logged-in page while Redis is down. Here a
cache call that fails counts as a miss: each request then reads its session from the
database, one query more, until the cache is back. SESSION_ENGINE names this module.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class QuietCache:
    """A cache whose calls never raise: a failed one is logged and answers None."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        attribute = getattr(self._cache, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except Exception:  # noqa: BLE001 - any failure of the cache is a miss
                logger.warning("Session cache unavailable; using the database alone.")
                return None

        return call

    def __contains__(self, key) -> bool:
        return bool(self.has_key(key))


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = QuietCache(self._cache)
