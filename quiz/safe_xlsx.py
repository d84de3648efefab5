"""Formula-safe Excel (XLSX) files of rows, as the CSV exports write them (safe_csv.py):
text cannot run as a formula, numbers and times stay numbers and times."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import clock
from .safe_csv import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_value(value, yes: str, no: str):
    if value is None:
        return None
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        # In settings.TIME_ZONE, as the CSV: a spreadsheet keeps no time zone.
        return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)
    return neutralise(str(value))


def xlsx_response(rows, filename: str) -> HttpResponse:
    """The rows as one sheet, a download named filename-<local date and time>.xlsx.
    openpyxl's write-only mode keeps what it has written on disk, not in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    yes, no = _("yes"), _("no")
    for row in rows:
        sheet.append([xlsx_value(value, yes, no) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
