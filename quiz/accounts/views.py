"""Sign-up with a confirmed email address; Django's own login and password views, with
limits on reset requests, and a password set through the emailed link unlocks the account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from ..ratelimits import email_in_form, limited
from . import services
from .forms import SignUpForm
from .throttling import forget_failures_of


@require_http_methods(["GET", "HEAD", "POST"])
@limited("signup", "ip")
@sensitive_post_parameters("password1", "password2")
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up(
            form=form,
            confirm_url=lambda token: request.build_absolute_uri(
                reverse("confirm_email", args=[token])
            ),
        )
        # The same answer whether an account was made or the name or address was taken.
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def signup_done(request):
    return render(request, "registration/signup_done.html", {"days": services.CONFIRM_DAYS})


@require_safe
def confirm_email(request, token):
    """The link in the sign-up mail: the account is active from now on, and logged in."""
    user = services.confirm(token)
    if user is None:
        return render(request, "registration/confirm_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.username}
    )
    return redirect("quiz:list")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; the owner proved the account is theirs by email, so failed logins
    recorded against it at any address no longer hold it locked."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures_of(form.user.get_username())
        return response


# Each reset request sends a mail: limited per address and per email address asked for.
password_reset = limited("password_reset", "ip")(
    limited("password_reset_email", email_in_form)(auth_views.PasswordResetView.as_view())
)
