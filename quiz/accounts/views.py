"""Sign-up with a confirmed email address; the profile, whose new email address is confirmed
the same way; Django's own login and password views, with limits on reset requests, and a
password set through the emailed link unlocks the account."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from ..ratelimits import email_in_form, limited, refusal
from . import services
from .forms import ProfileForm, ResetPasswordForm, SignUpForm
from .links import link_maker
from .throttling import forget_failures_of, remember_device


@require_http_methods(["GET", "HEAD", "POST"])
@limited("signup", "ip")
@limited("signup_email", email_in_form)
@sensitive_post_parameters("password1", "password2")
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up(form=form, confirm_url=link_maker(request, "confirm_email"))
        # The same answer whether an account was made or the name or address was taken.
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def signup_done(request):
    return render(request, "registration/signup_done.html", {"days": services.CONFIRM_DAYS})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    """The link in the sign-up mail: the account is active from now on. It does not log
    in: a mail scanner that opens the link must not be left with a session, so the owner
    logs in next, with their password. An expired link offers a new one (POST)."""
    if request.method == "POST":
        return resend_link(request, token)
    user = services.confirm(token)
    if user is None:
        expired = services.expired_link_account(token) is not None
        context = {"expired": expired, "token": token, "days": services.CONFIRM_DAYS}
        return render(request, "registration/confirm_invalid.html", context, status=400)
    messages.success(
        request,
        _("Your email address is confirmed. Log in with your username, %(username)s.")
        % {"username": user.get_username()},
    )
    return redirect("login")


@limited("confirm_resend", "ip")
def resend_link(request, token):
    """A fresh link for the account an expired one was for, mailed to its address only."""
    user = services.expired_link_account(token)
    if user is not None:

        def its_address(group, request):
            return user.email.lower()

        if refused := refusal(request, name="confirm_resend_email", key=its_address):
            return refused
        services.mail_confirmation(user, link_maker(request, "confirm_email"))
    return render(request, "registration/signup_done.html", {"days": services.CONFIRM_DAYS})


PROFILE_SAVED = gettext_lazy("Your profile is saved.")
LINK_SENT = gettext_lazy(
    "We sent a link to %(email)s. Your email address changes when you open it, within "
    "%(days)s days; until then it stays %(current)s."
)
EMAIL_CHANGED = gettext_lazy("Your email address is now %(email)s.")


@never_cache  # the trainee's own name and address
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["email"] != request.user.email:
            # Each new address gets a mail: limited per trainee and per address.
            refused = refusal(request, name="email_change", key="user") or refusal(
                request, name="email_change_address", key=email_in_form
            )
            if refused:
                return refused
        mailed = services.update_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            confirm_url=link_maker(request, "confirm_email_change"),
        )
        messages.success(request, PROFILE_SAVED)
        if mailed:  # said alike whether or not another account has the address
            context = {"email": form.cleaned_data["email"], "current": request.user.email}
            messages.info(request, LINK_SENT % {**context, "days": services.CONFIRM_DAYS})
        return redirect("profile")
    return render(request, "registration/profile.html", {"form": form})


@login_required  # only the account's owner, logged in, may give it a new address
@require_safe
def confirm_email_change(request, token):
    """The link mailed to a new address: the account's address is that one from now on."""
    if not services.confirm_email_change(user=request.user, token=token):
        return render(request, "registration/email_change_invalid.html", status=400)
    messages.success(request, EMAIL_CHANGED % {"email": request.user.email})
    return redirect("profile")


class LoginView(auth_views.LoginView):
    """Django's; a successful login also marks the browser as one its owner uses, which an
    address-wide lock does not hold (quiz/accounts/throttling.py)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(response, form.get_user().get_username())
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; the owner proved the account is theirs by email, so failed logins
    recorded against it at any address no longer hold it locked, nor does a lock on the
    address hold them on this browser."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures_of(form.user.get_username())
        # The owner proved the account is theirs on this browser: a lock on the address
        # (someone else guessing there) no longer keeps them out.
        remember_device(response, form.user.get_username())
        return response


# Each reset request sends a mail: limited per address and per email address asked for.
password_reset = limited("password_reset", "ip")(
    limited("password_reset_email", email_in_form)(
        auth_views.PasswordResetView.as_view(form_class=ResetPasswordForm)
    )
)
