"""Writes of SCORM: a package made for a quiz, and the trainee an LMS's learner id stands
for. Each in one transaction."""

from django.contrib.auth.models import AbstractUser
from django.db import IntegrityError, transaction

from ..accounts import platform_accounts
from ..models import Quiz, ScormLearner, ScormPackage

USERNAME_PREFIX = "scorm-"
NAME_MAX_LENGTH = AbstractUser._meta.get_field("first_name").max_length


def make_package(*, quiz: Quiz, made_by=None) -> ScormPackage:
    return ScormPackage.objects.create(quiz=quiz, created_by=made_by)


def split_name(student_name: str) -> tuple[str, str]:
    """(first, last) from cmi.core.student_name, which SCORM 1.2 writes "Last, First";
    a name without a comma is split at its first space, as the profile does."""
    name = " ".join(student_name.split())
    if "," in name:
        last, _, first = name.partition(",")
    else:
        first, _, last = name.partition(" ")
    return first.strip()[:NAME_MAX_LENGTH], last.strip()[:NAME_MAX_LENGTH]


def free_username(package: ScormPackage, student_id: str) -> str:
    return platform_accounts.free_username(USERNAME_PREFIX, f"{package.key}:{student_id}")


def new_learner(package: ScormPackage, student_id: str, student_name: str) -> ScormLearner:
    first, last = split_name(student_name)
    user = platform_accounts.new_account(
        username=free_username(package, student_id), first_name=first, last_name=last
    )
    return ScormLearner.objects.create(package=package, student_id=student_id, user=user)


def learner_for(*, package: ScormPackage, student_id: str, student_name: str = "") -> ScormLearner:
    """The trainee this learner id stands for in this package: the one made at their first
    launch, or a new account now. Two first launches at once make one learner."""
    learner = ScormLearner.objects.select_related("user").filter(
        package=package, student_id=student_id
    )
    found = learner.first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return new_learner(package, student_id, student_name)
    except IntegrityError:  # the other launch made it first; its row is the one
        return learner.get()
