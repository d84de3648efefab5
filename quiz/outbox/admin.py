"""The outbox in the admin: every mail the site queued, how far it got and why it failed,
and "Send again". Bodies are not shown: they may hold single-use links."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import scope
from ..models import Mail
from ..readonly_admin import ReadOnlyAdmin
from . import services
from .tasks import enqueue

# Who runs the training (the "Training manager" group) may send a mail again.
RESEND_PERMISSION = "quiz.add_trainee"


class ResendMixin:
    def has_resend_permission(self, request):
        return request.user.has_perm(RESEND_PERMISSION)


def error_line(row) -> str:
    return Truncator(row.error).chars(80)


@admin.register(Mail)
class MailAdmin(ResendMixin, ReadOnlyAdmin, admin.ModelAdmin):
    deletable = False
    list_display = ["to", "kind", "subject", "state", "tries", "created_at", "sent_at", "error_"]
    list_filter = ["state", "kind"]
    list_select_related = ["user"]
    search_fields = ["to", "user__username"]
    fields = [
        "kind",
        "to",
        "user",
        "subject",
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
    def error_(self, mail):
        return error_line(mail)

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, mails):
        ids = list(mails.exclude(body="").values_list("pk", flat=True))
        count = services.resend(Mail.objects.filter(pk__in=ids))
        enqueue(ids)
        message = ngettext(
            "%(count)d mail queued again.", "%(count)d mails queued again.", count
        ) % {"count": count}
        if count < mails.count():
            message += " " + str(_("Mails already delivered are not sent twice."))
        self.message_user(request, message)
