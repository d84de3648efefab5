"""Sign-up that confirms the email address and tells nobody which accounts exist.

A new account is inactive, so it cannot log in, until its owner follows the signed link
mailed to them (valid for CONFIRM_DAYS). Log-in rather than certificates is what waits:
a certificate carries the account's name, and an account nobody has confirmed should not
be able to take quizzes under it. When the username or the email address is taken,
nothing is made and the address given is told so by mail; the page answers alike.

The profile keeps that guarantee: a new email address replaces the old one only when the
link mailed to it is opened, and the old address is told of the change.

Every mail goes through the outbox (quiz/outbox/): queued in the request's transaction and
sent by a worker, so a mail server that is down costs the page nothing and loses no mail.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from .. import clock
from ..audit import acting_as
from ..models import Mail
from ..outbox.services import queue_mail
from ..outbox.tasks import send_soon

CONFIRM_SALT = "quiz.accounts.confirm-email"
CONFIRM_DAYS = 3
EMAIL_CHANGE_SALT = "quiz.accounts.change-email"


def mail(to: str, template: str, context: dict, user=None) -> None:
    send_soon(
        [queue_mail(to=to, template=template, context=context, kind=Mail.Kind.ACCOUNT, user=user)]
    )


def confirmation_token(user) -> str:
    return signing.dumps(user.pk, salt=CONFIRM_SALT)


def set_full_name(user, full_name: str) -> None:
    """Keep the name as typed: its first word in first_name and the rest in last_name, so
    that get_full_name(), which certificates print, gives it back unchanged."""
    user.first_name, _, user.last_name = " ".join(full_name.split()).partition(" ")


def unconfirmed(users: QuerySet) -> QuerySet:
    """Accounts made by a sign-up whose address nobody has confirmed: inactive, never
    logged in, with a password (an imported trainee has none until invited)."""
    return users.filter(is_active=False, last_login=None).exclude(
        password__startswith=UNUSABLE_PASSWORD_PREFIX
    )


def address_is_taken(email: str, *, besides=None) -> bool:
    """Whether a confirmed account has the address: an unconfirmed one never holds it,
    or anyone could keep its owner out by signing up with it first."""
    User = get_user_model()
    holders = User.objects.filter(email__iexact=email)
    if besides is not None:
        holders = holders.exclude(pk=besides.pk)
    return holders.exclude(pk__in=unconfirmed(holders).values("pk")).exists()


def release_expired_username(username: str) -> None:
    """An unconfirmed account whose link has run out gives its username back."""
    User = get_user_model()
    expired = clock.now() - timedelta(days=CONFIRM_DAYS)
    unconfirmed(User.objects.filter(username__iexact=username, date_joined__lt=expired)).delete()


def sign_up(*, form, confirm_url) -> None:
    """Make the account of a valid sign-up form, inactive, and mail its link; or mail why not.

    Each way costs one password hash and one mail, so the time a sign-up takes does not
    tell whether a username or address is taken. confirm_url(token) gives the link's
    absolute address.
    """
    User = get_user_model()
    username, email = form.cleaned_data["username"], form.cleaned_data["email"]
    context = {"username": username, "days": CONFIRM_DAYS}
    if address_is_taken(email):
        make_password(form.cleaned_data["password1"])  # as long as making the account
        mail(email, "registration/signup_email_taken.txt", context)
        return
    try:
        with transaction.atomic():
            release_expired_username(username)
            if User.objects.filter(username__iexact=username).exists():
                raise IntegrityError("username taken")
            user = form.save(commit=False)
            user.is_active = False
            set_full_name(user, form.cleaned_data.get("full_name", ""))
            user.save()
    except IntegrityError:  # taken before, or by a sign-up racing this one
        make_password(form.cleaned_data["password1"])
        mail(email, "registration/signup_username_taken.txt", context)
        return
    mail_confirmation(user, confirm_url)


def mail_confirmation(user, confirm_url) -> None:
    link = confirm_url(confirmation_token(user))
    context = {"username": user.get_username(), "days": CONFIRM_DAYS, "link": link}
    mail(user.email, "registration/signup_confirm.txt", context, user=user)


def confirm(token: str):
    """The account a link confirms, made active; None for a link forged, expired or used,
    or for an address another account confirmed first. Other unconfirmed accounts with
    the same address (someone else's sign-up with it) are deleted."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    User = get_user_model()
    with transaction.atomic():
        # Only an unconfirmed account: a used link must not do anything again.
        user = unconfirmed(User.objects.select_for_update().filter(pk=pk)).first()
        if user is None or address_is_taken(user.email, besides=user):
            return None
        user.is_active = True
        user.save(update_fields=["is_active"])
        others = User.objects.filter(email__iexact=user.email).exclude(pk=user.pk)
        unconfirmed(others).delete()
    return user


def expired_link_account(token: str):
    """The unconfirmed account an expired (but genuine) link was for, or None."""
    try:
        signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        pk = signing.loads(token, salt=CONFIRM_SALT)
    except signing.BadSignature:
        return None
    else:
        return None  # not expired
    return unconfirmed(get_user_model().objects.filter(pk=pk)).first()


def resend_confirmation(*, email: str, confirm_url) -> int:
    """A fresh link to each unconfirmed account with this address, mailed to it: what a
    password reset or an expired link's owner gets. Returns how many."""
    accounts = unconfirmed(get_user_model().objects.filter(email__iexact=email))
    count = 0
    for user in accounts.order_by("pk"):
        mail_confirmation(user, confirm_url)
        count += 1
    return count


# --- Profile ----------------------------------------------------------------------


def update_profile(*, user, full_name: str, email: str, confirm_url) -> bool:
    """Save the name at once; ask the new email address, if any, to confirm itself.

    True when a mail went to a new address. confirm_url(token) gives the link's absolute
    address. Certificates issued before keep the name they were issued with.
    """
    set_full_name(user, full_name)
    with acting_as(user):  # the audit trail names the trainee as who renamed them
        user.save(update_fields=["first_name", "last_name"])
    if email == user.email:
        return False
    request_email_change(user=user, email=email, confirm_url=confirm_url)
    return True


def request_email_change(*, user, email: str, confirm_url) -> None:
    """Mail the new address a link that makes it the account's; or, when another account
    has it, tell that address so. The trainee is told alike, as at sign-up."""
    context = {"username": user.get_username(), "email": email, "days": CONFIRM_DAYS}
    if address_is_taken(email, besides=user):
        mail(email, "registration/email_change_taken.txt", context)
        return
    # "from" makes the link good once, and not after another change of address.
    change = {"user": user.pk, "from": user.email, "to": email}
    link = confirm_url(signing.dumps(change, salt=EMAIL_CHANGE_SALT))
    mail(email, "registration/email_change_confirm.txt", {**context, "link": link}, user=user)


def confirm_email_change(*, user, token: str) -> bool:
    """Make the address a link was mailed to the account's; False for a link forged,
    expired, used, another account's, or for an address another account took since."""
    try:
        change = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:
        return False
    if change["user"] != user.pk:
        return False
    User = get_user_model()
    with transaction.atomic():
        if address_is_taken(change["to"], besides=user):
            return False
        # Locked and saved, not updated in place: the audit trail records the old and new
        # address, with the trainee as who made the change (quiz/audit.py).
        account = User.objects.select_for_update().filter(pk=user.pk, email=change["from"]).first()
        if account is None:
            return False
        account.email = change["to"]
        with acting_as(user):
            account.save(update_fields=["email"])
        unconfirmed(User.objects.filter(email__iexact=change["to"]).exclude(pk=user.pk)).delete()
    user.email = change["to"]
    if change["from"]:  # the owner learns of it, should someone else have made the change
        context = {"username": user.get_username(), "email": change["to"]}
        mail(change["from"], "registration/email_changed_notice.txt", context, user=user)
    return True
