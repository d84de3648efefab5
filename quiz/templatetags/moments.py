"""The time filters, kept in quiz/moments.py (Django finds them here): every template
writes a time through them, in the trainee's zone with the zone named in words."""

from zoneinfo import ZoneInfo

from django import template
from django.utils.html import format_html

from quiz.moments import clock_time, day, in_zone, iso, moment
from quiz.organisations.standing import last_minute_of

register = template.Library()
register.filter(moment)
register.filter(clock_time)
register.filter(day)
register.filter(iso)


@register.filter
def due_by(due_on, zone_name: str):
    """An assignment's due date (its day in its own zone, zone_name) as the moment it ends
    in the reader's zone, in a <time> element: "3 December 2026, 18:59 Eastern Standard
    Time" for a day that ends at midnight UTC."""
    if due_on is None:
        return ""
    local = in_zone(last_minute_of(due_on, ZoneInfo(zone_name)))
    return format_html('<time datetime="{}">{}</time>', iso(local), moment(local))
