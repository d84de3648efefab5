"""Reads of SCORM: the package a launch token opens, and a learner's outcome in it."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext

from ..models import Attempt, ScormPackage
from ..scores import floor_percent
from .links import TokenInvalid, read_launch_token


class PackageWithdrawn(Exception):
    """A real package, withdrawn or of a quiz withdrawn from publication: its zip may not
    launch, nor report, any more."""


# What the launch page may set cmi.core.lesson_status to, as SCORM 1.2 spells it.
NOT_ATTEMPTED = "not attempted"
INCOMPLETE = "incomplete"
PASSED = "passed"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    status: str
    score: int | None  # the whole percent the result page shows, rounded down

    def as_json(self) -> dict:
        return {"status": self.status, "score": self.score}


def package_of(token: str) -> ScormPackage:
    """The package a token launches, with its quiz: TokenInvalid if the token is not
    ours or names no package, PackageWithdrawn if it may not launch any more (it was
    withdrawn, or its quiz is no longer published)."""
    key = read_launch_token(token)
    package = ScormPackage.objects.select_related("quiz").filter(key=key).first()
    if package is None:
        raise TokenInvalid
    if why_it_cannot_launch(package):
        raise PackageWithdrawn
    return package


def why_it_cannot_launch(package: ScormPackage) -> str:
    """Why the package's zip would not launch (the launch answers 410), or "" if it would."""
    if not package.is_active:
        return gettext("This package is withdrawn: its zip would not launch.")
    if not package.quiz.is_published:
        return gettext("This package's quiz is not published: its zip would not launch.")
    return ""


def outcome_of(package: ScormPackage, student_id: str) -> Outcome:
    """The learner's standing in the package's quiz, in one query however many attempts.

    A pass sticks: once any attempt passed, the status is "passed", as a certificate is
    never taken back. The score is the best submitted one, which is what most LMSs keep
    of SCORM scores, and it never drops under a pass the learner already has.
    """
    submitted = Q(status=Attempt.Status.SUBMITTED)
    counts = Attempt.objects.filter(
        quiz_id=package.quiz_id,
        user__scorm_learners__package=package,
        user__scorm_learners__student_id=student_id,
    ).aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=submitted),
        passed=Count("pk", filter=submitted & Q(passed=True)),
        best=Max("percent", filter=submitted),
    )
    if counts["passed"]:
        return Outcome(PASSED, floor_percent(counts["best"]))
    if counts["submitted"]:
        return Outcome(FAILED, floor_percent(counts["best"]))
    if counts["started"]:
        return Outcome(INCOMPLETE, None)
    return Outcome(NOT_ATTEMPTED, None)
