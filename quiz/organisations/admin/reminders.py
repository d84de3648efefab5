"""The reminders recorded and sent, with "Send again"."""

from django.contrib import admin

from ...models import Reminder
from ...outbox.admin import DELIVERY_FIELDS, DeliveryAdmin
from .. import services
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

    def queue_again(self, reminders) -> int:
        """It goes if it is still true when the worker gets to it."""
        ids = list(reminders.exclude(state=Reminder.State.SENT).values_list("pk", flat=True))
        count = services.resend_reminders(Reminder.objects.filter(pk__in=ids))
        if ids:
            send_reminders.enqueue(ids)
        return count
