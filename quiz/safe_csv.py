"""Formula-safe CSV, streamed row by row so a large export never sits in memory."""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import clock

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading quote stops formula evaluation."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@lru_cache(maxsize=1024)
def decimal_text(value: Decimal) -> str:
    """1.000 as 1, 0.500 as 0.5; points take a handful of values, so each is formatted once."""
    return f"{value.normalize():f}"


def cell(value, yes: str, no: str) -> str:
    """Text of one CSV cell. Only text can carry a formula; numbers are written as such."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime):
        # In settings.TIME_ZONE whoever exports: a file is passed on, its times compared.
        return timezone.localtime(value, timezone.get_default_timezone()).isoformat(
            timespec="seconds"
        )
    return neutralise(str(value))


class Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yes, no = _("yes"), _("no")
    for row in rows:
        yield writer.writerow([cell(value, yes, no) for value in row])


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """Stream the rows as a CSV download named filename-<local date and time>.csv."""
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response
