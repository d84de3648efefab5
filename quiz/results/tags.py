"""Template helpers of the admin's review pages."""

import calendar
from datetime import date, datetime, timedelta

from django import template
from django.db.models import Count, Max, Min, Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def share(value, places=1):
    """A share from 0 to 1 as a percent ("30.0%"); a dash when there is none."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(places)}f}%"


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def count_by_period(queryset, field: str, starts: list[date], end: date) -> list[int]:
    """Rows of the queryset in each period [starts[i], starts[i+1]), the last ending at end.

    One aggregate of plain range conditions: the database counts with its own
    comparisons, where truncating every row's date (Django's date hierarchy) runs a
    Python function per row on SQLite, 0.8 s at 100,000 attempts.
    """
    bounds = [*starts, end]
    counts = queryset.aggregate(
        **{
            f"p{i}": Count(
                "pk",
                filter=Q(
                    **{
                        f"{field}__gte": local_midnight(bounds[i]),
                        f"{field}__lt": local_midnight(bounds[i + 1]),
                    }
                ),
            )
            for i in range(len(starts))
        }
    )
    return [counts[f"p{i}"] for i in range(len(starts))]


@register.inclusion_tag("admin/date_hierarchy.html")
def counted_date_hierarchy(cl):
    """The admin's date hierarchy (year, month, day links) with the number of rows of each.

    Same links and two queries as Django's own; periods without rows are left out.
    """
    field = cl.date_hierarchy
    year, month, day = (cl.params.get(f"{field}__{part}") for part in ("year", "month", "day"))

    def link(filters):
        return cl.get_query_string(filters, [f"{field}__"])

    if not (year or month or day):
        bounds = cl.queryset.aggregate(first=Min(field), last=Max(field))
        if bounds["first"] is None:
            return {"show": False}
        first, last = timezone.localtime(bounds["first"]), timezone.localtime(bounds["last"])
        if first.year == last.year:
            year = first.year
            if first.month == last.month:
                month = first.month
        else:
            starts = [date(y, 1, 1) for y in range(first.year, last.year + 1)]
            counts = count_by_period(cl.queryset, field, starts, date(last.year + 1, 1, 1))
            return {
                "show": True,
                "back": None,
                "choices": [
                    {"link": link({f"{field}__year": start.year}), "title": f"{start.year} ({n})"}
                    for start, n in zip(starts, counts, strict=True)
                    if n
                ],
            }
    year = int(year)
    if month and day:
        picked = date(year, int(month), int(day))
        return {
            "show": True,
            "back": {
                "link": link({f"{field}__year": year, f"{field}__month": picked.month}),
                "title": capfirst(formats.date_format(picked, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(picked, "MONTH_DAY_FORMAT"))}],
        }
    if month:
        month = int(month)
        days = calendar.monthrange(year, month)[1]
        starts = [date(year, month, d) for d in range(1, days + 1)]
        counts = count_by_period(cl.queryset, field, starts, starts[-1] + timedelta(days=1))
        return {
            "show": True,
            "back": {"link": link({f"{field}__year": year}), "title": str(year)},
            "choices": [
                {
                    "link": link(
                        {f"{field}__year": year, f"{field}__month": month, f"{field}__day": s.day}
                    ),
                    "title": f"{capfirst(formats.date_format(s, 'MONTH_DAY_FORMAT'))} ({n})",
                }
                for s, n in zip(starts, counts, strict=True)
                if n
            ],
        }
    starts = [date(year, m, 1) for m in range(1, 13)]
    counts = count_by_period(cl.queryset, field, starts, date(year + 1, 1, 1))
    return {
        "show": True,
        "back": {"link": link({}), "title": _("All dates")},
        "choices": [
            {
                "link": link({f"{field}__year": year, f"{field}__month": s.month}),
                "title": f"{capfirst(formats.date_format(s, 'YEAR_MONTH_FORMAT'))} ({n})",
            }
            for s, n in zip(starts, counts, strict=True)
            if n
        ],
    }
