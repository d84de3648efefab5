"""Mail that is never lost: each one a row before it is sent, delivered by whoever claims it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock


class Delivery(models.Model):
    """How far a mail has got. A worker claims a row (queued -> sending) before it sends;
    a failure the server may get over is tried again later, the rest are kept with their
    error (quiz/outbox/delivery.py)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        # Claimed by a worker, which then sends it. If the worker dies, the claim runs
        # out after a lease and the row is sent again (quiz/outbox/delivery.py).
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not needed any more")

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0, editable=False)
    next_try_at = models.DateTimeField(_("next try at"), default=clock.now, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True


class Mail(Delivery):
    """A mail the site sends someone: an invitation, a sign-up or address confirmation, a
    password reset. Written in the request's transaction and sent by a worker, so no page
    waits for the mail server, nor fails when it is down."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        ACCOUNT = "account", _("account")  # sign-up, address change, password reset
        REFRESHER = "refresher", _("refresher")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    # Emptied once sent: it may hold a single-use link.
    body = models.TextField(_("body"), blank=True)
    # More headers, such as List-Unsubscribe for a one-click unsubscribe in the mail client.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("queued at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_try_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"
