"""The reminders recorded and sent, with "Send again"."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ... import scope
from ...models import Reminder
from ...outbox.admin import ResendMixin, error_line
from ...readonly_admin import ReadOnlyAdmin
from .. import services
from ..tasks import send_reminders


@admin.register(Reminder)
class ReminderAdmin(ResendMixin, ReadOnlyAdmin, admin.ModelAdmin):
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
    fields = [
        "user",
        "assignment",
        "stage",
        "due_on",
        "state",
        "tries",
        "created_at",
        "next_try_at",
        "sent_at",
        "error",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user)

    @admin.display(description=_("error"))
    def error_(self, reminder):
        return error_line(reminder)

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, reminders):
        """Queue again: it goes if it is still true when the worker gets to it."""
        ids = list(reminders.exclude(state=Reminder.State.SENT).values_list("pk", flat=True))
        count = services.resend_reminders(Reminder.objects.filter(pk__in=ids))
        if ids:
            send_reminders.enqueue(ids)
        message = ngettext(
            "%(count)d reminder queued again.", "%(count)d reminders queued again.", count
        ) % {"count": count}
        self.message_user(request, message)
