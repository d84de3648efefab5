"""Writes of the training's administration: who is in a group, which reminders are due,
and sending them.

A reminder is recorded once per trainee, assignment, stage and due date, and delivered:
- send_reminders records each due reminder as a row before anything is sent; a unique
  constraint refuses a second row for the same mail, so of two overlapping runs only
  one records it, and only the run that recorded a row enqueues it;
- a worker claims a row before it sends, retries what the mail server may get over, and
  a row whose worker died goes again after a lease (quiz/outbox/delivery.py, which says
  where the one possible duplicate comes from).
"""

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, router
from django.db.models import DateTimeField, QuerySet, Value

from .. import clock
from ..models import Assignment, Mail, Reminder, TrainingGroup
from ..outbox import delivery
from ..outbox.services import queue_mail
from .mail import invitation_context, reminder_message
from .selectors import (
    NO_RECORD,
    MemberProgress,
    group_members,
    member_due_on,
    progress_of,
    records_at_quiz,
    standing_for,
    zone_of,
)
from .standing import Standing, Status, end_of_day

BATCH_SIZE = 1000
# Reminders per task: one SMTP connection each, and many workers may share the load.
REMINDERS_PER_TASK = 100


# --- Members ------------------------------------------------------------------------


def add_to_group(*, group: TrainingGroup, trainees: QuerySet) -> int:
    """Put the trainees in the group (one already in it stays in once); how many there
    were. Members of staff are left out: a group is for trainees, and its coordinators
    would otherwise see, and could correct, an administrator's account."""
    ids = list(trainees.filter(is_staff=False, is_superuser=False).values_list("pk", flat=True))
    group.members.add(*ids)
    return len(ids)


def remove_from_group(*, group: TrainingGroup, trainees: QuerySet) -> int:
    """Take the trainees out of the group; how many there were."""
    ids = list(trainees.values_list("pk", flat=True))
    group.members.remove(*ids)
    return len(ids)


def correct_trainee(*, trainee: User, email: str, active: bool) -> None:
    """A manager's corrections: the trainee's email address, and whether they may log in."""
    trainee.email, trainee.is_active = email, active
    trainee.save(update_fields=["email", "is_active"])  # one save: the audit trail sees it


def set_active(*, trainees: QuerySet, active: bool) -> int:
    """Mark trainees as left (they cannot log in) or back; members of staff are left as
    they are. One save each, so the audit trail records every change; how many changed."""
    changed = trainees.filter(is_staff=False, is_superuser=False).exclude(is_active=active)
    count = 0
    for trainee in changed:
        trainee.is_active = active
        trainee.save(update_fields=["is_active"])
        count += 1
    return count


# --- Reminders ----------------------------------------------------------------------


def stage_due(
    assignment: Assignment, standing: Standing, last_passed_at: datetime | None, now: datetime
) -> str | None:
    """Which mail a trainee should have had by now, if any. A pass that renews is
    followed, some days before it stops counting, by a reminder that it is due again.
    Completion is told for passes since the assignment was made: a trainee who had
    passed before is not mailed about it."""
    soon = now >= end_of_day(standing.due_on, zone_of(assignment)) - timedelta(
        days=settings.REMINDER_DAYS_BEFORE
    )
    if standing.status == Status.PASSED:
        if assignment.renew_every_months is not None and soon:
            return Reminder.Stage.DUE_SOON
        new_pass = last_passed_at is not None and last_passed_at >= assignment.created_at
        return Reminder.Stage.COMPLETED if new_pass else None
    if standing.status == Status.OVERDUE:
        return Reminder.Stage.OVERDUE
    return Reminder.Stage.DUE_SOON if soon else None


def overdue_repeat(assignment: Assignment, due_on: date, now: datetime) -> int:
    """Which overdue mail is due now: 0 on the day after the due date, then one more every
    REMINDER_OVERDUE_EVERY_DAYS days, up to REMINDER_OVERDUE_REPEATS."""
    days_over = (now - end_of_day(due_on, zone_of(assignment))).days
    return min(days_over // settings.REMINDER_OVERDUE_EVERY_DAYS, settings.REMINDER_OVERDUE_REPEATS)


@dataclass(frozen=True)
class DueMail:
    assignment_id: int
    user_id: int
    stage: str
    due_on: date
    repeat: int = 0


def recorded_keys(assignment: Assignment) -> set[tuple[int, str, date, int]]:
    rows = Reminder.objects.filter(assignment=assignment)
    return set(rows.values_list("user", "stage", "due_on", "repeat"))


def due_mails(now: datetime) -> Iterator[DueMail]:
    """Every mail due now and not yet recorded, assignment by assignment, members read a
    thousand at a time."""
    for assignment in Assignment.objects.filter(quiz__is_published=True).order_by("pk"):
        recorded = recorded_keys(assignment)
        records = records_at_quiz(assignment)
        # When each member joined matters only with "due within N days of joining"; not
        # reading it otherwise saves parsing 10,000 timestamps an assignment.
        joined = "joined_at" if assignment.due_within_days else Value(None, DateTimeField())
        members = group_members(assignment, ordered=False).values_list(
            "user_id", joined, "extended_to"
        )
        for user_id, joined_at, extended_to in members.iterator(chunk_size=BATCH_SIZE):
            record = records.get(user_id, NO_RECORD)
            due_on = member_due_on(assignment, joined_at, extended_to)
            standing = standing_for(assignment, record, now, due_on)
            stage = stage_due(assignment, standing, record.last_passed_at, now)
            if not stage:
                continue
            repeat = 0
            if stage == Reminder.Stage.OVERDUE:
                repeat = overdue_repeat(assignment, standing.due_on, now)
            if (user_id, stage, standing.due_on, repeat) not in recorded:
                yield DueMail(assignment.pk, user_id, stage, standing.due_on, repeat)


REMINDER_COLUMNS = [
    "assignment_id",
    "user_id",
    "stage",
    "due_on",
    "state",
    "run",
    "created_at",
    "error",
    "tries",
    "next_try_at",
    "repeat",
]


def insert_unless_recorded(mails: list[DueMail], run: uuid.UUID, now: datetime) -> None:
    """One INSERT ... ON CONFLICT DO NOTHING for the batch (SQLite and PostgreSQL): a row
    another run recorded first is left alone. Written out because bulk_create spent most
    of a 10,000-trainee run building its statements (docs/BENCHMARKS.md)."""
    connection = connections[router.db_for_write(Reminder)]
    fields = Reminder._meta
    run_value = fields.get_field("run").get_db_prep_value(run, connection)
    created = fields.get_field("created_at").get_db_prep_value(now, connection)
    due_on = fields.get_field("due_on")
    params = []
    for m in mails:
        params += [
            m.assignment_id,
            m.user_id,
            m.stage,
            due_on.get_db_prep_value(m.due_on, connection),
        ]
        params += [Reminder.State.QUEUED.value, run_value, created, "", 0, created, m.repeat]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(REMINDER_COLUMNS)) + ")"
    sql = (
        f"INSERT INTO {quote(fields.db_table)} ({', '.join(map(quote, REMINDER_COLUMNS))}) "
        f"VALUES {', '.join([row] * len(mails))} ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_due_reminders(*, now: datetime | None = None) -> tuple[uuid.UUID, int]:
    """Record a row for every due mail not recorded before; return this run's token and
    how many rows it recorded. Rows another run recorded first are left to that run."""
    now = now or clock.now()
    run = uuid.uuid4()
    mails = due_mails(now)
    connection = connections[router.db_for_write(Reminder)]
    limit = connection.features.max_query_params  # None: no limit (PostgreSQL)
    per_insert = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit // len(REMINDER_COLUMNS))
    while batch := list(islice(mails, per_insert)):
        insert_unless_recorded(batch, run, now)
    return run, Reminder.objects.filter(run=run).count()


def recorded_ids(run: uuid.UUID) -> Iterator[list[int]]:
    """The ids of the reminders this run recorded, a task's worth at a time."""
    ids = (
        Reminder.objects.filter(run=run, state=Reminder.State.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=BATCH_SIZE)
    )
    while chunk := list(islice(ids, REMINDERS_PER_TASK)):
        yield chunk


def current_progress(reminders: list[Reminder], now: datetime) -> dict[tuple, MemberProgress]:
    """Where each reminded trainee stands now, by (assignment id, user id): two queries
    per assignment among the reminders. A trainee who left the group is not in it."""
    by_assignment = defaultdict(list)
    for reminder in reminders:
        by_assignment[reminder.assignment_id].append(reminder)
    progress = {}
    for same in by_assignment.values():
        assignment = same[0].assignment
        members = group_members(assignment, ordered=False).filter(
            user__in=[r.user_id for r in same]
        )
        for member in progress_of(assignment, members, now):
            progress[(assignment.pk, member.user_id)] = member
    return progress


def still_due(reminder: Reminder, member: MemberProgress | None, now: datetime) -> bool:
    """Whether the mail still says something true: nobody is reminded of what they did,
    or of a group they left."""
    if member is None:
        return False
    stage = stage_due(reminder.assignment, member.standing, member.last_passed_at, now)
    return stage == reminder.stage


def send_reminders(reminder_ids: list[int]) -> int:
    """Send the reminders among these that are due and no one else has claimed; returns
    how many were sent. Besides what it reads once for all of them, each costs its claim
    and its outcome. A reminder no longer true when its turn comes is skipped."""
    now = clock.now()
    reminders = list(
        Reminder.objects.filter(delivery.due(now), pk__in=reminder_ids)
        .select_related("assignment__quiz", "assignment__group", "user")
        .prefetch_related("assignment__group__coordinators")
        .order_by("pk")
    )
    progress = current_progress(reminders, now)

    def message_if_still_due(reminder: Reminder):
        member = progress.get((reminder.assignment_id, reminder.user_id))
        return reminder_message(reminder) if still_due(reminder, member, now) else None

    return delivery.send_each(reminders, message_if_still_due)


def give_up_on_abandoned_reminders() -> int:
    return delivery.give_up_on_abandoned(Reminder, clock.now())


def forgotten_reminder_ids() -> Iterator[list[int]]:
    """The reminders no worker took in time (quiz/outbox/delivery.py), a task's worth at
    a time."""
    ids = (
        Reminder.objects.filter(delivery.forgotten(clock.now()))
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=BATCH_SIZE)
    )
    while chunk := list(islice(ids, REMINDERS_PER_TASK)):
        yield chunk


# --- Invitations ----------------------------------------------------------------


def queue_invitations(user_ids: list[int]) -> list[Mail]:
    """A mail for each of these active accounts with an address, with a link to choose a
    password; the outbox sends them (quiz/outbox/)."""
    users = User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk")
    return [
        queue_mail(
            to=user.email,
            template="organisations/invitation.txt",
            context=invitation_context(user),
            kind=Mail.Kind.INVITATION,
            user=user,
        )
        for user in users
    ]
