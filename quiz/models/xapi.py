"""xAPI statements owed to the learning record store (XAPI_ENDPOINT)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock
from .mail import Delivery


class Statement(Delivery):
    """One statement ("launched", "answered", "completed", "passed", "failed"), a row
    before it is sent, so an LRS that is down delays it and loses nothing. Its id is the
    statement's own, so a send repeated after a worker died is one statement in the LRS."""

    statement_id = models.UUIDField(_("statement id"), default=uuid.uuid4, unique=True)
    verb = models.CharField(_("verb"), max_length=20)
    body = models.JSONField(_("statement"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="xapi_statements",
        verbose_name=_("trainee"),
    )
    created_at = models.DateTimeField(_("queued at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_try_at"], name="xapi_statement_due")]

    def __str__(self):
        return f"{self.verb} by {self.user}"
