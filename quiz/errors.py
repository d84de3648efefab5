"""Failures a trainee may meet: a database that cannot be reached or written gets a short
503 page, anything else a plain 500 page; neither shows a traceback. After a 503 the
worker drops its database connections, so the next request starts on a fresh one."""

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# What drivers raise when the server is down, the connection dropped, or SQLite is locked
# or read-only.
UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL's "read-only SQL transaction": a standby, as during a failover.
READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 30


def is_unavailable(error: BaseException | None) -> bool:
    """Whether the database cannot be reached or written just now, so trying later helps."""
    if isinstance(error, UNAVAILABLE):
        return True
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) == READ_ONLY_SQLSTATE


def start_afresh() -> None:
    """Close this worker's database connections, so the next request opens new ones.

    A connection opened while the database was unwritable stays so (SQLite opens a file it
    cannot write read-only), and Django would otherwise keep it for CONN_MAX_AGE. One in a
    transaction is left to that transaction's end.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def database_unavailable_response() -> HttpResponse:
    """Rendered without the request, so no context processor touches the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's "database unavailable" error into the 503 page, in DEBUG too, and
    gives every 503 a Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 503:
            start_afresh()  # the views' own "not recorded, try again" pages included
            if not response.has_header("Retry-After"):
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            return database_unavailable_response()
        return None


def server_error(request):
    """handler500: the 503 page when the database is the cause, else a plain 500 page.

    Reached for errors raised outside a view (middleware, for example); neither page
    needs the database or shows a traceback.
    """
    if is_unavailable(sys.exc_info()[1]):
        start_afresh()
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
