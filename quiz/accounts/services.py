"""Sign-up that confirms the email address and tells nobody which accounts exist.

A new account is inactive, so it cannot log in, until its owner follows the signed link
mailed to them (valid for CONFIRM_DAYS). Log-in rather than certificates is what waits:
a certificate carries the account's name, and an account nobody has confirmed should not
be able to take quizzes under it. When the username or the email address is taken,
nothing is made and the address given is told so by mail; the page answers alike.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

CONFIRM_SALT = "quiz.accounts.confirm-email"
CONFIRM_DAYS = 3


def mail(to: str, template: str, context: dict) -> None:
    subject, body = render_to_string(template, context).split("\n", 1)
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def confirmation_token(user) -> str:
    return signing.dumps(user.pk, salt=CONFIRM_SALT)


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
            user.save()
    except IntegrityError:  # taken before, or by a sign-up racing this one
        mail(email, "registration/signup_username_taken.txt", context)
        return
    link = confirm_url(confirmation_token(user))
    mail(email, "registration/signup_confirm.txt", {**context, "link": link})


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
