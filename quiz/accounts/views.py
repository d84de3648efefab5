"""Sign-up, and the one change to Django's own login and password views: a password set
through the emailed reset link also unlocks the account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..ratelimits import email_in_form, limited
from .forms import SignUpForm
from .throttling import forget_failures_of


@require_http_methods(["GET", "HEAD", "POST"])
@limited("signup", "ip")
@sensitive_post_parameters("password1", "password2")
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.username}
        )
        return redirect("quiz:list")
    return render(request, "registration/signup.html", {"form": form})


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
