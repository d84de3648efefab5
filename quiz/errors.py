"""Failures a trainee may meet: a database that cannot be reached gets a short 503 page,
anything else a plain 500 page; neither shows a traceback."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# What drivers raise when the server is down, the connection dropped or SQLite is locked.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


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
        if response.status_code == 503 and not response.has_header("Retry-After"):
            # Every 503 says when to try again, the take page's and autosave's included.
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return database_unavailable_response()
        return None


def server_error(request):
    """handler500: the 503 page when the database is the cause, else a plain 500 page.

    Reached for errors raised outside a view (middleware, for example); neither page
    needs the database or shows a traceback.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
