"""Who sees whom: a coordinator sees only the groups they coordinate, and only those
groups' members, with their attempts, certificates and mail. Managers, reviewers and
superusers hold "see every group" and see everyone, as before.

Each admin list of people or their records filters its queryset through here, so a
coordinator's lists, pages, filters and exports show their own people and no one else.
"""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from .models import TrainingGroup

SEE_EVERY_GROUP = "quiz.see_every_group"


def sees_every_group(user) -> bool:
    return user.is_superuser or user.has_perm(SEE_EVERY_GROUP)


def groups_for(user) -> QuerySet:
    """The training groups this member of staff may see."""
    if sees_every_group(user):
        return TrainingGroup.objects.all()
    return TrainingGroup.objects.filter(coordinators=user)


def people_for(user) -> QuerySet:
    """The ids of the trainees this member of staff may see: the members of their groups.
    A subquery, so a list filtered by it needs no DISTINCT however many groups overlap."""
    return User.objects.filter(training_groups__coordinators=user).values("pk")


def only_their_people(queryset: QuerySet, user, *, person: str = "user") -> QuerySet:
    """The rows of `queryset` about people this member of staff may see; `person` is the
    path from a row to its user ("pk" for users themselves)."""
    if sees_every_group(user):
        return queryset
    return queryset.filter(**{f"{person}__in": people_for(user)})


def only_their_groups(queryset: QuerySet, user, *, group: str = "group") -> QuerySet:
    """The rows of `queryset` about groups this member of staff coordinates; `group` is
    the path from a row to its group ("" for groups themselves)."""
    if sees_every_group(user):
        return queryset
    return queryset.filter(**{f"{group}__coordinators" if group else "coordinators": user})
