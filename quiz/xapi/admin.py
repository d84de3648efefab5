"""xAPI statements in the admin: each one owed to the LRS, how far it got and why it
failed, and "Send again"; a coordinator's list holds their own people's only."""

from django.contrib import admin

from ..models import Statement
from ..outbox.admin import DELIVERY_FIELDS, DeliveryAdmin
from .tasks import enqueue


@admin.register(Statement)
class StatementAdmin(DeliveryAdmin):
    list_display = ["verb", "user", "state", "tries", "created_at", "sent_at", "error_"]
    list_filter = ["state", "verb"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["statement_id", "verb", "user", "body", *DELIVERY_FIELDS]
    readonly_fields = fields

    def enqueue(self, ids: list[int]) -> None:
        """A statement sent twice is stored once: the LRS knows it by its id."""
        enqueue(ids)
