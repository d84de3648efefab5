"""Reads for coordinators and trainees. Each runs a fixed number of queries, however many
members a group has or attempts they made: one query brings every member's last pass,
last attempt and best score at the assigned quiz, and Python applies the rules."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Count, F, FilteredRelation, Max, OuterRef, Q, QuerySet, Subquery

from .. import clock
from ..models import (
    Assignment,
    Attempt,
    Certificate,
    Extension,
    Mail,
    Membership,
    Quiz,
    Reminder,
)
from .standing import Standing, Status, standing

BATCH_SIZE = 1000
# A member as a tuple: user id, username, first and last name, email, when they joined,
# and the day of their extension if they have one.
MEMBER_FIELDS = [
    "user_id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__email",
    "joined_at",
    "extended_to",
]


class Record(NamedTuple):
    """A member's record at a quiz, from their attempts at it."""

    last_passed_at: datetime | None
    last_started_at: datetime | None
    last_attempt_id: int | None
    best_percent: Decimal | None
    attempt_count: int
    last_failed_at: datetime | None


RECORD_FIELDS = list(Record._fields)
NO_RECORD = Record(None, None, None, None, 0, None)  # a member who never tried the quiz


@dataclass
class MemberProgress:
    """One member's record at an assignment's quiz, and where that leaves them."""

    user_id: int
    username: str
    name: str
    email: str
    last_passed_at: datetime | None
    last_started_at: datetime | None
    last_attempt_id: int | None
    best_percent: Decimal | None
    attempt_count: int
    standing: Standing
    certificate: Certificate | None = None
    # The error of this assignment's last mail to them that failed for good, if any.
    mail_error: str = ""

    @property
    def status(self) -> Status:
        return self.standing.status

    def matches(self, search: str) -> bool:
        return not search or any(
            search in text.casefold() for text in (self.username, self.name, self.email)
        )


def zone_of(assignment: Assignment) -> ZoneInfo:
    return ZoneInfo(assignment.time_zone)


def member_due_on(assignment: Assignment, joined_at: datetime | None, extended_to=None) -> date:
    """The day a member is due: the assignment's due date; for one who joined later, the
    day `due_within_days` after joining if that is later; an extension's day if later
    still."""
    due_on = assignment.due_on
    if assignment.due_within_days and joined_at is not None:
        joined_on = joined_at.astimezone(zone_of(assignment)).date()
        due_on = max(due_on, joined_on + timedelta(days=assignment.due_within_days))
    if extended_to is not None:
        due_on = max(due_on, extended_to)
    return due_on


def standing_for(
    assignment: Assignment, record: Record, now, due_on: date | None = None
) -> Standing:
    return standing(
        due_on=due_on or assignment.due_on,
        zone=zone_of(assignment),
        renew_every_months=assignment.renew_every_months,
        last_passed_at=record.last_passed_at,
        last_started_at=record.last_started_at,
        last_failed_at=record.last_failed_at,
        now=now,
    )


def group_members(assignment: Assignment, *, ordered: bool = True) -> QuerySet:
    """The group's members as tuples of MEMBER_FIELDS, by username if ordered."""
    # A LEFT JOIN on the member's extension for this assignment (one at most), not a
    # subquery per member: 10,000 members times 50 assignments in a reminder run.
    extension = FilteredRelation(
        "user__training_extensions",
        condition=Q(user__training_extensions__assignment=assignment.pk),
    )
    members = (
        Membership.objects.filter(group=assignment.group_id)
        .annotate(extension=extension, extended_to=F("extension__due_on"))
        .values_list(*MEMBER_FIELDS)
    )
    return members.order_by("user__username") if ordered else members.order_by()


def record_rows(attempts: QuerySet, by: str) -> QuerySet:
    """The attempts' record (RECORD_FIELDS) per value of `by` ("user" or "quiz"), as
    tuples led by that value. One query."""
    return (
        attempts.values(by)
        .annotate(
            last_passed_at=Max("submitted_at", filter=Q(passed=True)),
            last_started_at=Max("started_at"),
            last_attempt_id=Max("pk"),
            best_percent=Max("percent"),
            attempt_count=Count("pk"),
            last_failed_at=Max("submitted_at", filter=Q(passed=False)),
        )
        .order_by()
        .values_list(by, *RECORD_FIELDS)
    )


def records_at_quiz(assignment: Assignment, user_ids=None) -> dict[int, Record]:
    """Each member's record at the assignment's quiz (RECORD_FIELDS), by user id: of the
    given users, or of the whole group. One query, over that quiz's attempts only (the
    index on quiz serves it); members who never tried it are not in it."""
    attempts = Attempt.objects.filter(quiz=assignment.quiz_id)
    if user_ids is None:
        attempts = attempts.filter(user__training_groups=assignment.group_id)
    else:
        attempts = attempts.filter(user__in=user_ids)
    return {user_id: Record(*record) for user_id, *record in record_rows(attempts, "user")}


def progress_from(
    assignment: Assignment, member: tuple, record: Record, now: datetime
) -> MemberProgress:
    user_id, username, first, last, email, joined_at, extended_to = member
    due_on = member_due_on(assignment, joined_at, extended_to)
    return MemberProgress(
        user_id,
        username,
        f"{first} {last}".strip(),
        email,
        record.last_passed_at,
        record.last_started_at,
        record.last_attempt_id,
        record.best_percent,
        record.attempt_count,
        standing=standing_for(assignment, record, now, due_on),
    )


def progress_of(assignment: Assignment, members, now: datetime) -> list[MemberProgress]:
    """These members' progress; their records read in one query."""
    members = list(members)
    records = records_at_quiz(assignment, [m[0] for m in members])
    return [progress_from(assignment, m, records.get(m[0], NO_RECORD), now) for m in members]


def attach_mail_failures(assignment: Assignment, members: list[MemberProgress]) -> None:
    """The error of each member's latest reminder about the assignment that failed for
    good, so the report shows whom the mail did not reach. One query."""
    failed = Reminder.objects.filter(
        assignment=assignment,
        user__in=[m.user_id for m in members],
        state=Reminder.State.FAILED,
    ).order_by("user", "created_at", "pk")
    latest = dict(failed.values_list("user", "error"))
    for member in members:
        member.mail_error = latest.get(member.user_id, "")


def attach_certificates(assignment: Assignment, members: list[MemberProgress]) -> None:
    """Each member's latest certificate for the quiz, if any. One query."""
    certificates = Certificate.objects.filter(
        attempt__quiz=assignment.quiz_id, attempt__user__in=[m.user_id for m in members]
    ).order_by("attempt__user", "issued_at")
    latest = {cert.attempt.user_id: cert for cert in certificates.select_related("attempt")}
    for member in members:
        member.certificate = latest.get(member.user_id)


# --- The completion report --------------------------------------------------------


@dataclass
class CompletionReport:
    """An assignment's members by status: the counts of all, and one page of the chosen."""

    assignment: Assignment
    counts: dict[Status, int]
    members: list[MemberProgress]
    matching: int
    page: int
    pages: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def completion_report(
    assignment: Assignment,
    *,
    status: Status | None = None,
    search: str = "",
    page: int = 1,
    per_page: int = 100,
    now: datetime | None = None,
) -> CompletionReport:
    """Counts per status over every member, and the page of members the filters keep,
    overdue first. Four queries, whatever the group's size."""
    now = now or clock.now()
    records = records_at_quiz(assignment)
    everyone = [
        progress_from(assignment, member, records.get(member[0], NO_RECORD), now)
        for member in group_members(assignment, ordered=False)
    ]
    counts = {s: 0 for s in Status}
    for member in everyone:
        counts[member.status] += 1
    search = search.strip().casefold()
    chosen = [m for m in everyone if (status is None or m.status == status) and m.matches(search)]
    chosen.sort(key=lambda m: (m.status.rank, m.username))
    pages = max(1, -(-len(chosen) // per_page))
    page = min(max(page, 1), pages)
    shown = chosen[(page - 1) * per_page : page * per_page]
    attach_certificates(assignment, shown)
    attach_mail_failures(assignment, shown)
    return CompletionReport(assignment, counts, shown, len(chosen), page, pages)


def progress_for_export(
    assignment: Assignment, *, status: Status | None = None, search: str = "", now=None
) -> Iterator[MemberProgress]:
    """Every member the filters keep, by username, read a thousand at a time, so an export
    holds one batch in memory whatever the group's size. Three queries per batch."""
    now = now or clock.now()
    search = search.strip().casefold()
    rows = group_members(assignment).iterator(chunk_size=BATCH_SIZE)
    while batch := list(islice(rows, BATCH_SIZE)):
        members = [
            m
            for m in progress_of(assignment, batch, now)
            if (status is None or m.status == status) and m.matches(search)
        ]
        attach_certificates(assignment, members)
        yield from members


# --- A trainee's own assignments ----------------------------------------------------


@dataclass
class TraineeAssignment:
    assignment: Assignment
    standing: Standing
    # The quiz as the trainee's quiz list has it (open attempt, attempts left), if given.
    quiz: Quiz | None = None


def record_by_quiz(user) -> dict[int, Record]:
    """The user's record at each quiz they tried, by quiz id. One query."""
    rows = record_rows(Attempt.objects.filter(user=user), "quiz")
    return {quiz_id: Record(*record) for quiz_id, *record in rows}


def assignments_of(
    user, *, published_only: bool = True, quizzes=(), now=None
) -> list[TraineeAssignment]:
    """The assignments of every group the user is in, overdue first, then by due date,
    each with its quiz from `quizzes` if there. One query, two if there are any."""
    now = now or clock.now()
    joined = Membership.objects.filter(group=OuterRef("group"), user=user).values("joined_at")
    extended = Extension.objects.filter(assignment=OuterRef("pk"), user=user).values("due_on")
    assignments = (
        Assignment.objects.filter(group__members=user)
        .select_related("quiz", "group")
        .annotate(joined_at=Subquery(joined[:1]), extended_to=Subquery(extended[:1]))
    )
    if published_only:
        assignments = assignments.filter(quiz__is_published=True)
    assignments = list(assignments)
    if not assignments:
        return []
    record = record_by_quiz(user)
    quiz_by_id = {quiz.pk: quiz for quiz in quizzes}
    mine = []
    for a in assignments:
        due_on = member_due_on(a, a.joined_at, a.extended_to)
        standing = standing_for(a, record.get(a.quiz_id, NO_RECORD), now, due_on)
        mine.append(TraineeAssignment(a, standing, quiz_by_id.get(a.quiz_id)))
    mine.sort(key=lambda t: (t.standing.status.rank, t.standing.due_on, t.assignment.pk))
    return mine


def training_record(user) -> dict:
    """A trainee's groups, every assignment with where they stand (unpublished quizzes
    too), every attempt with its certificate, and the mail that did not go. Six queries."""
    return {
        "undelivered": undelivered_mail(user),
        "groups": list(user.training_groups.order_by("name")),
        "assignments": assignments_of(user, published_only=False),
        "attempts": list(
            Attempt.objects.filter(user=user)
            .select_related("quiz", "certificate")
            .order_by("-started_at", "-pk")
        ),
    }


UNDELIVERED = [Mail.State.FAILED, Mail.State.QUEUED, Mail.State.SENDING]


@dataclass(frozen=True)
class Undelivered:
    queued_at: datetime
    about: str
    state: str
    tries: int
    error: str


def undelivered_mail(user) -> list[Undelivered]:
    """The trainee's mails and reminders that failed, or wait for another try, newest
    first, each with its error: what a manager looks for when nothing arrived."""
    mails = (
        Mail.objects.filter(user=user, state__in=UNDELIVERED)
        .exclude(error="")
        .order_by("-created_at")[:20]
    )
    reminders = (
        Reminder.objects.filter(user=user, state__in=UNDELIVERED)
        .exclude(error="")
        .select_related("assignment__quiz")
        .order_by("-created_at")[:20]
    )
    rows = [
        Undelivered(m.created_at, m.subject, m.get_state_display(), m.tries, m.error) for m in mails
    ]
    rows += [
        Undelivered(
            r.created_at,
            f"{r.get_stage_display()}: {r.assignment.quiz.title}",
            r.get_state_display(),
            r.tries,
            r.error,
        )
        for r in reminders
    ]
    return sorted(rows, key=lambda row: row.queued_at, reverse=True)


def assigned_with_precheck(user, quiz: Quiz) -> bool:
    """Whether one of the trainee's groups is assigned the quiz with a pre-check. One query."""
    return Assignment.objects.filter(quiz=quiz, group__members=user, precheck=True).exists()


def refresher_assignment(user, quiz: Quiz) -> Assignment | None:
    """An assignment of the quiz to one of the trainee's groups with refreshers on."""
    rows = Assignment.objects.filter(quiz=quiz, group__members=user, refreshers=True)
    return rows.order_by("pk").first()
