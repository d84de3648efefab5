"""Delivery that loses no mail: claim a row, send it, record what happened.

Any row with the fields of models.mail.Delivery (a Mail, a Reminder, an LTI grade, an xAPI
statement) goes this way:
- a worker claims a row in one UPDATE (queued and due -> sending) before it sends, so two
  workers, two runs or a retried task never both send it;
- a failure the mail server may get over (it is down, busy, or says "try later", 4xx) puts
  the row back in the queue with a later try, up to MAX_TRIES; any other failure (the
  address refused, 5xx) is final. Either way the error is kept on the row;
- a claim lasts LEASE: a worker that dies while sending leaves the row "sending", and once
  the lease has run out the next delivery run takes it again. That claim is a try too: a
  mail that kills its worker every time is failed after MAX_TRIES, not taken for ever.

At most one duplicate, and only in one window: a worker that dies after the server
accepted a mail but before it recorded "sent" has its row sent again when the lease runs
out. Without the lease that mail, and every one after it, would never be sent.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet

from .. import clock
from ..models.mail import Delivery

logger = logging.getLogger(__name__)

State = Delivery.State
# Longer than any one send can take (EMAIL_TIMEOUT is 30 seconds a step).
LEASE = timedelta(minutes=10)
# Waits before each retry: tried six times over about five hours, then kept as failed.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]
MAX_TRIES = len(BACKOFF) + 1


def abandoned(now: datetime) -> Q:
    """Rows claimed by a worker whose lease ran out: it died, or hangs."""
    return Q(state=State.SENDING, claimed_at__lte=now - LEASE)


def due(now: datetime) -> Q:
    """Rows a worker may claim now: queued and due, or abandoned with tries left."""
    return Q(state=State.QUEUED, next_try_at__lte=now) | (abandoned(now) & Q(tries__lt=MAX_TRIES))


def forgotten(now: datetime) -> Q:
    """Rows no worker has taken a lease after they were due: their task was lost with a
    worker, or never queued. A delivery run queues them again."""
    return Q(state=State.QUEUED, next_try_at__lte=now - LEASE) | (
        abandoned(now) & Q(tries__lt=MAX_TRIES)
    )


def give_up_on_abandoned(model: type[Model], now: datetime) -> int:
    """Fail the rows whose worker stopped while sending them on every try; how many."""
    return model.objects.filter(abandoned(now), tries__gte=MAX_TRIES).update(
        state=State.FAILED,
        error=f"The worker stopped while sending it, {MAX_TRIES} times.",
    )


def requeue_forgotten(model: type[Model], enqueue: Callable[[list[int]], None]) -> int:
    """Queue again, with `enqueue`, the rows no worker took in time; how many. Those whose
    worker stopped on every try are failed instead. The tasks are queued in one commit."""
    now = clock.now()
    give_up_on_abandoned(model, now)
    with transaction.atomic():
        ids = list(model.objects.filter(forgotten(now)).order_by("pk").values_list("pk", flat=True))
        enqueue(ids)
    return len(ids)


def claim(row: Model, now: datetime) -> bool:
    """Take the row for this worker; False if another worker, run or try has it."""
    claimed = (
        type(row)
        .objects.filter(due(now), pk=row.pk)
        .update(state=State.SENDING, claimed_at=now, tries=F("tries") + 1)
    )
    if claimed:
        row.state, row.claimed_at, row.tries = State.SENDING, now, row.tries + 1
    return claimed == 1


def may_get_over(error: Exception) -> bool:
    """Whether the same mail may go through later: the server was unreachable, dropped the
    line, refused our login (fixed in the settings) or answered "try again later" (4xx).
    For an HTTP delivery (an LRS, an LMS's gradebook): it answered 5xx, 408 or 429."""
    if (status := http_status(error)) is not None:
        return status >= 500 or status in (408, 429)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (smtplib.SMTPServerDisconnected, OSError))


def http_status(error: Exception) -> int | None:
    """The status an HTTP server answered with, for the errors of requests and pylti1p3
    (they carry the response); None for no answer or no HTTP."""
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def retry_at(row: Model, error: Exception, now: datetime) -> datetime | None:
    if row.tries < MAX_TRIES and may_get_over(error):
        return now + BACKOFF[row.tries - 1]
    return None


def settle(row: Model, now: datetime, error: Exception | None = None, **changes) -> None:
    """Record how the try went, if the row is still this worker's claim: sent, queued
    again for later, or failed for good. `changes` are more fields to write on success."""
    if error is None:
        fields = {"state": State.SENT, "sent_at": now, "error": "", **changes}
    else:
        later = retry_at(row, error, now)
        fields = {"state": State.QUEUED if later else State.FAILED, "error": describe(error)}
        if later:
            fields["next_try_at"] = later
    type(row).objects.filter(pk=row.pk, state=State.SENDING, claimed_at=row.claimed_at).update(
        **fields
    )
    for name, value in fields.items():
        setattr(row, name, value)


def queue_again(rows: QuerySet) -> list[int]:
    """Queue these rows again, to go at once, with their tries counted from nothing; those
    sent already stay so. Their ids."""
    ids = list(rows.exclude(state=State.SENT).values_list("pk", flat=True))
    rows.model.objects.filter(pk__in=ids).update(
        state=State.QUEUED, tries=0, next_try_at=clock.now(), claimed_at=None, error=""
    )
    return ids


def skip(row: Model) -> None:
    type(row).objects.filter(pk=row.pk, claimed_at=row.claimed_at).update(state=State.SKIPPED)
    row.state = State.SKIPPED


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def send(connection, message) -> Exception | None:
    """Send one message on the connection, opened if it is not; the failure, if any. The
    connection is closed after a failure, so the next message opens a fresh one."""
    try:
        connection.open()
        if not connection.send_messages([message]):
            return ValueError("The mail has no address to go to.")
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        close_quietly(connection)
        return error
    return None


def close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001, S110 - a line that is already down needs no closing
        pass


def send_each(
    rows: Iterable[Model],
    message_for: Callable[[Model], EmailMessage | None],
    when_sent: dict | None = None,
) -> int:
    """Claim, write, send and settle each row in turn on one connection; how many went.
    message_for(row) gives its message, or None when it is no longer needed (skipped);
    `when_sent` are more fields to write on a row that went."""
    connection = get_connection()
    sent = 0
    try:
        for row in rows:
            if not claim(row, clock.now()):
                continue
            try:
                message = message_for(row)
            except Exception as failure:  # noqa: BLE001 - a mail that cannot be written fails
                settle(row, clock.now(), failure)
                continue
            if message is None:
                skip(row)
                continue
            error = send(connection, message)
            if error is not None:
                logger.warning("%s %s not sent: %s", type(row).__name__, row.pk, error)
            settle(row, clock.now(), error, **(when_sent or {}))
            sent += error is None
    finally:
        close_quietly(connection)
    return sent


def next_due(model: type[Model], ids: list[int]) -> datetime | None:
    """When the first of these rows that is waiting for another try is due, if any."""
    waiting = model.objects.filter(pk__in=ids, state=State.QUEUED).order_by("next_try_at")
    return waiting.values_list("next_try_at", flat=True).first()


def try_again_when_due(task, model: type[Model], ids: list[int]) -> None:
    """Queue `task` for these rows again when the first waiting for another try is due:
    the queue tries again by itself, when the server may be back."""
    if at := next_due(model, ids):
        task.using(run_after=at).enqueue(ids)


def enqueue_in_batches(task, ids: list[int], batch: int) -> None:
    """Queue `task` for these rows, `batch` rows a task."""
    for start in range(0, len(ids), batch):
        task.enqueue(ids[start : start + batch])
