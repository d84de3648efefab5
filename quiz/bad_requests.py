"""Requests no page can answer, refused with Django's 400 page (templates/400.html)
rather than failing as a 500 deep inside a query."""

from django.core.exceptions import BadRequest

NUL = "\x00"
FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}


def has_nul_byte(request) -> bool:
    if NUL in request.path:
        return True
    data = [request.GET]
    if request.method == "POST" and request.content_type in FORMS:
        data.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for query in data
        for key, values in query.lists()
    )


class RefuseBadInputMiddleware:
    """Two kinds of input no database takes, whatever page they are sent to:

    - a NUL byte in the path, the query or a form: PostgreSQL refuses it in text with an
      error, which was a 500 on every admin list filtered with one;
    - a number too big for the database (SQLite's 64 bits), as in ?quiz__exact=1e20
      written out: SQLite's driver raises OverflowError while the query is made.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul_byte(request):
            raise BadRequest("A NUL byte in the request.")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            raise BadRequest("A number too big for the database.") from exception
        return None
