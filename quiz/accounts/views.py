"""Sign-up; logging in, out and resetting a password are Django's own views."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from .forms import SignUpForm


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
