"""The outbox in the admin: every mail the site queued, how far it got and why it failed,
and "Send again". Bodies are not shown: they may hold single-use links."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import scope
from ..models import Mail
from ..readonly_admin import ReadOnlyAdmin
from . import delivery, tasks

# Who runs the training (the "Training manager" group) may send a mail again.
RESEND_PERMISSION = "quiz.add_trainee"
# How far a mail got, as every list of mail shows it.
DELIVERY_FIELDS = ["state", "tries", "created_at", "next_try_at", "sent_at", "error"]


class DeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """A list of deliveries (mail, reminders, LTI grades, xAPI statements): how far each
    got, its error, and "Send again" for managers; a coordinator's list holds their own
    people's only."""

    deletable = False
    actions = ["send_again"]
    person = "user"  # the path from a row to the person it is about (quiz/scope.py)

    def has_resend_permission(self, request):
        return request.user.has_perm(RESEND_PERMISSION)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scope.only_their_people(queryset, request.user, person=self.person)

    @admin.display(description=_("error"))
    def error_(self, row):
        return Truncator(row.error).chars(80)

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, rows):
        count = self.queue_again(rows)
        message = ngettext(
            "%(count)d queued again; none delivered already goes twice.",
            "%(count)d queued again; none delivered already goes twice.",
            count,
        )
        self.message_user(request, message % {"count": count})

    def queue_again(self, rows) -> int:
        """Queue these rows to go at once, and a task to send them; how many. None sent
        already goes twice."""
        ids = delivery.queue_again(rows)
        self.enqueue(ids)
        return len(ids)

    def enqueue(self, ids: list[int]) -> None:
        """Queue the task that sends these rows (each kind of delivery has its own)."""
        raise NotImplementedError


@admin.register(Mail)
class MailAdmin(DeliveryAdmin):
    list_display = ["to", "kind", "subject", "state", "tries", "created_at", "sent_at", "error_"]
    list_filter = ["state", "kind"]
    list_select_related = ["user"]
    search_fields = ["to", "user__username"]
    fields = ["kind", "to", "user", "subject", *DELIVERY_FIELDS]
    readonly_fields = fields

    def queue_again(self, mails) -> int:
        # A mail's body is deleted once it is sent: without it there is nothing to send.
        return super().queue_again(mails.exclude(body=""))

    def enqueue(self, ids: list[int]) -> None:
        tasks.enqueue(ids)
