"""Writes for LTI: a checked launch becomes a trainee and a Launch; a course's roster
fills a training group; a submitted attempt's score is queued for the gradebook."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiContext, LtiLaunch, LtiRegistration, LtiUser
from lti_tool.utils import sync_data_from_launch

from .. import clock
from ..accounts import platform_accounts
from ..models import Attempt, Grade, Launch, Membership, Quiz, TrainingGroup, UsedNonce
from . import claims
from .calls import roster_of
from .launches import NOT_TEACHING, REPLAYED, Refused

NO_QUIZ = _(
    "This link does not say which quiz to open. Ask the course's teacher to add the quiz "
    "again with the tool's quiz picker."
)
UNKNOWN_QUIZ = _("The quiz this link opens is not published on the training site.")


USERNAME_PREFIX = "lti-"
# pylti1p3 keeps a nonce it issued this long; an older one fails its own check first.
NONCE_LIFETIME = timedelta(days=1)


def use_nonce(nonce: str) -> None:
    """Keep the launch's nonce; Refused if it was kept before (a replayed launch). Inside
    the launch's transaction, so a refused launch keeps nothing. Nonces past their
    lifetime are let go here, so the table holds about a day of launches."""
    try:
        with transaction.atomic():
            UsedNonce.objects.create(nonce=nonce)
    except IntegrityError:
        raise Refused(REPLAYED, detail="nonce used before") from None
    UsedNonce.objects.filter(used_at__lt=clock.now() - 2 * NONCE_LIFETIME).delete()


def quiz_of(launch: LtiLaunch) -> Quiz:
    """The quiz the link opens: the `quiz` custom parameter the quiz picker put on it."""
    slug = launch.get_custom_claim("quiz")
    if not slug:
        raise Refused(NO_QUIZ, detail="no quiz custom parameter")
    quiz = Quiz.objects.filter(slug=slug, is_published=True).first()
    if quiz is None:
        raise Refused(UNKNOWN_QUIZ, detail=f"quiz {slug!r}")
    return quiz


def username_for(lti_user: LtiUser) -> str:
    """A username nobody holds, from the platform's id for the person."""
    platform_id = f"{lti_user.registration_id}:{lti_user.sub}"
    return platform_accounts.free_username(USERNAME_PREFIX, platform_id)


def free_address(email: str, user=None) -> str:
    """The platform's address for the person, unless another account already has it: an
    LMS never takes over an account of this site."""
    if not email:
        return ""
    others = get_user_model().objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    return "" if others.exists() else email


def trainee_for(lti_user: LtiUser):
    """The trainee a platform's user is on this site, made on their first launch: no
    password and no sign-up; the platform vouches for who they are. Two first launches
    at once make one: the second waits on the platform user's row, then finds it."""
    locked = LtiUser.objects.select_for_update(of=("self",))  # not the trainee it may lack
    lti_user = locked.select_related("auth_user").get(pk=lti_user.pk)
    user = lti_user.auth_user
    if user is None:
        user = platform_accounts.new_account(username=username_for(lti_user))
    user.first_name = (lti_user.given_name or lti_user.name)[:150]
    user.last_name = lti_user.family_name[:150]
    user.email = free_address(lti_user.email, user if user.pk else None)
    user.save()
    if lti_user.auth_user_id != user.pk:
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user"])
    return user


def lineitem_of(launch: LtiLaunch) -> str:
    """The gradebook column the platform lets the tool post scores to, or ""."""
    ags = launch.get_claim(claims.AGS) or {}
    if claims.SCORE_SCOPE not in ags.get("scope", []):
        return ""
    return ags.get("lineitem", "")


def frame_origins(launch: LtiLaunch) -> list[str]:
    """The sites that may show the tool in a frame for this launch: the registered
    platform's own addresses, and where the signed launch says it returns to."""
    registration = launch.registration
    urls = [registration.issuer, registration.auth_url]
    presentation = launch.get_claim(claims.PRESENTATION) or {}
    urls.append(presentation.get("return_url", ""))
    origins = {origin_of(url) for url in urls}
    return sorted(origin for origin in origins if origin)


def registered_platform_origins() -> list[str]:
    """The sites of every active registered platform, and those the settings add: where a
    refused launch may still be shown, since it was refused inside one of their pages."""
    urls = LtiRegistration.objects.active().values_list("issuer", "auth_url")
    origins = {origin_of(url) for pair in urls for url in pair}
    return sorted({origin for origin in origins if origin} | set(settings.LTI_FRAME_ORIGINS))


def origin_of(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


@transaction.atomic
def record_launch(*, launch: LtiLaunch) -> Launch:
    """A checked resource launch: its nonce kept, the platform's user, course, role and
    link synced (django-lti), the trainee made or found, and where their score goes."""
    use_nonce(launch.get_claim("nonce"))
    quiz = quiz_of(launch)
    sync_data_from_launch(launch)
    lti_user = launch.user
    user = trainee_for(lti_user)
    row, _created = Launch.objects.update_or_create(
        resource_link=launch.resource_link,
        user=user,
        defaults={
            "lti_user": lti_user,
            "quiz": quiz,
            "lineitem_url": lineitem_of(launch),
            "launched_at": clock.now(),
        },
    )
    return row


@transaction.atomic
def record_deep_linking(*, launch: LtiLaunch) -> None:
    """A checked deep-linking launch: its nonce kept, and the teacher's role checked."""
    use_nonce(launch.get_claim("nonce"))
    if not claims.is_teaching(launch.get_claim(claims.ROLES)):
        raise Refused(NOT_TEACHING, detail="deep linking by a learner")
    sync_data_from_launch(launch)


# --- Grades -------------------------------------------------------------------------


def queue_grade(attempt: Attempt) -> Grade | None:
    """The attempt's score owed to the gradebook it was launched from, as a row in the
    grading transaction (sent by quiz/lti/tasks.py); None if it owes none."""
    if attempt.launch_id is None:
        return None
    launch = Launch.objects.only("lineitem_url").get(pk=attempt.launch_id)
    if not launch.lineitem_url:
        return None
    return Grade.objects.create(attempt=attempt, launch_id=attempt.launch_id)


# --- Rosters ------------------------------------------------------------------------


@transaction.atomic
def fill_group(*, context: LtiContext, members: list[dict]) -> TrainingGroup:
    """The training group named after the course, with every active learner of its
    roster (Names and Role Provisioning) as a trainee; how many were added is the
    difference. A learner who never launched gets an account now, with no password."""
    context.update_memberships(members)
    group, _created = TrainingGroup.objects.get_or_create(name=group_name(context))
    learners = LtiUser.objects.filter(
        memberships__context=context,
        memberships__is_learner=True,
        memberships__is_active=True,
    ).select_related("auth_user")
    users = [trainee_for(lti_user) for lti_user in learners]
    Membership.objects.bulk_create(
        [Membership(group=group, user=user) for user in users], ignore_conflicts=True
    )
    return group


def group_name(context: LtiContext) -> str:
    """The course's title, and its number here: two courses of one title, or a group a
    coordinator named alike, never share their trainees."""
    title = context.title or context.label or context.id_on_platform
    return f"{title[:120]} (LMS course {context.pk})"


def fill_group_from_roster(*, context: LtiContext) -> TrainingGroup:
    """Ask the platform for the course's roster, then fill its group."""
    return fill_group(context=context, members=roster_of(context))
