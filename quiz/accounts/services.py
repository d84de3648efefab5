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

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction

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


def sign_up(*, form, confirm_url) -> None:
    """Make the account of a valid sign-up form, inactive, and mail its link; or mail why not.

    confirm_url(token) gives the link's absolute address.
    """
    User = get_user_model()
    username, email = form.cleaned_data["username"], form.cleaned_data["email"]
    context = {"username": username, "days": CONFIRM_DAYS}
    if User.objects.filter(email__iexact=email).exists():
        mail(email, "registration/signup_email_taken.txt", context)
        return
    try:
        with transaction.atomic():
            if User.objects.filter(username__iexact=username).exists():
                raise IntegrityError("username taken")
            user = form.save(commit=False)
            user.is_active = False
            set_full_name(user, form.cleaned_data.get("full_name", ""))
            user.save()
    except IntegrityError:  # taken before, or by a sign-up racing this one
        mail(email, "registration/signup_username_taken.txt", context)
        return
    link = confirm_url(confirmation_token(user))
    mail(email, "registration/signup_confirm.txt", {**context, "link": link}, user=user)


def confirm(token: str):
    """The account a link confirms, made active; None for a link forged, expired or used."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    User = get_user_model()
    # Only an inactive account: a used link must not log anyone in again.
    if not User.objects.filter(pk=pk, is_active=False, last_login__isnull=True).update(
        is_active=True
    ):
        return None
    return User.objects.get(pk=pk)


# --- Profile ----------------------------------------------------------------------


def update_profile(*, user, full_name: str, email: str, confirm_url) -> bool:
    """Save the name at once; ask the new email address, if any, to confirm itself.

    True when a mail went to a new address. confirm_url(token) gives the link's absolute
    address. Certificates issued before keep the name they were issued with.
    """
    set_full_name(user, full_name)
    user.save(update_fields=["first_name", "last_name"])
    if email == user.email:
        return False
    request_email_change(user=user, email=email, confirm_url=confirm_url)
    return True


def request_email_change(*, user, email: str, confirm_url) -> None:
    """Mail the new address a link that makes it the account's; or, when another account
    has it, tell that address so. The trainee is told alike, as at sign-up."""
    User = get_user_model()
    context = {"username": user.get_username(), "email": email, "days": CONFIRM_DAYS}
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
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
        if User.objects.filter(email__iexact=change["to"]).exclude(pk=user.pk).exists():
            return False
        if not User.objects.filter(pk=user.pk, email=change["from"]).update(email=change["to"]):
            return False
    user.email = change["to"]
    if change["from"]:  # the owner learns of it, should someone else have made the change
        context = {"username": user.get_username(), "email": change["to"]}
        mail(change["from"], "registration/email_changed_notice.txt", context, user=user)
    return True
