"""Accounts a learning platform made, by an LTI launch or a SCORM package's launch: the
platform vouches for who uses them, so they have no password on this site and get none.
No password-reset mail goes to them and their address is not changed here: someone who
once got in through the platform (with SCORM, anyone holding the package) could otherwise
give the account their own address, then a password, and keep it after the platform or
the package let them go."""

import hashlib

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.functions import Lower

# How many hex digits of the platform's id for the person name the account: the fewest
# first, more only when an account of this site happens to hold that name already, so a
# learner is never given someone's existing account, whatever its name.
NAME_LENGTHS = (12, 20, 32, 64)


def free_username(prefix: str, platform_id: str) -> str:
    """A username from the platform's id for the person, held by no account."""
    digest = hashlib.sha256(platform_id.encode()).hexdigest()
    names = [prefix + digest[:length] for length in NAME_LENGTHS]
    taken = set(
        get_user_model()
        .objects.annotate(lower=Lower("username"))
        .filter(lower__in=names)
        .values_list("lower", flat=True)
    )
    return next(name for name in names if name not in taken)


def new_account(*, username: str, first_name: str = "", last_name: str = "", email: str = ""):
    user = get_user_model()(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    user.set_unusable_password()  # the platform is the only way in
    user.save()
    return user


def without_platform_accounts(users: QuerySet) -> QuerySet:
    return users.exclude(lti_users__isnull=False).exclude(scorm_learners__isnull=False)


def is_platform_account(user) -> bool:
    users = get_user_model().objects.filter(pk=user.pk)
    return user.pk is not None and not without_platform_accounts(users).exists()
