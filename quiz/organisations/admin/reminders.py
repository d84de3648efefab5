"""The reminders recorded and sent, with "Send again"."""

from django.contrib import admin

from ...models import Reminder
from ...outbox.admin import DELIVERY_FIELDS, DeliveryAdmin
from ..tasks import send_reminders


@admin.register(Reminder)
class ReminderAdmin(DeliveryAdmin):
    list_display = [
        "user",
        "assignment",
        "stage",
        "due_on",
        "state",
        "tries",
        "created_at",
        "sent_at",
        "error_",
    ]
    list_filter = ["state", "stage", "assignment__group"]
    list_select_related = ["user", "assignment__quiz", "assignment__group"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "assignment", "stage", "due_on", *DELIVERY_FIELDS]
    readonly_fields = fields

    def enqueue(self, ids: list[int]) -> None:
        """Each goes if it is still true when the worker gets to it."""
        if ids:
            send_reminders.enqueue(ids)
