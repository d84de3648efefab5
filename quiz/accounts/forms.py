from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm):
    """Username, email and password, checked by Django's password validators.

    Whether the username or the email address is taken is not checked here: a form that
    said so would tell anyone which accounts exist. The sign-up service mails it instead.
    """

    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send a link to confirm it; it also resets your password if needed."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self):
        return self.cleaned_data["username"]  # Django's would say "already exists"

    def validate_unique(self):
        pass  # likewise: quiz.accounts.services.sign_up deals with a taken username
