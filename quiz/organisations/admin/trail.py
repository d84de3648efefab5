"""The audit trail of a group or an assignment, as its page shows it (django-auditlog)."""

from auditlog.models import LogEntry
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

AUDIT_ENTRIES_SHOWN = 20


def change_text(field: str, values) -> str:
    if isinstance(values, dict):  # a many-to-many change: who was added or removed
        verb = gettext("added") if values.get("operation") == "add" else gettext("removed")
        return f"{field}: {verb} {', '.join(values.get('objects', []))}"
    old, new = values
    return f"{field}: {old} → {new}"


def audit_trail(obj):
    """The object's last changes, newest first: when, who, and each field's old and new
    value (django-auditlog). One query."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor")[:AUDIT_ENTRIES_SHOWN]
    rows = format_html_join(
        "",
        "<li><time>{}</time> – {} – {}</li>",
        (
            (
                date_format(entry.timestamp, "DATETIME_FORMAT"),
                entry.actor or gettext("the system"),
                "; ".join(change_text(f, v) for f, v in entry.changes_dict.items())
                or entry.get_action_display(),
            )
            for entry in entries
        ),
    )
    return format_html('<ul class="audit-trail">{}</ul>', rows) if rows else gettext("None yet.")
