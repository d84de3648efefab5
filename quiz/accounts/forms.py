from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..models import Mail
from ..outbox.services import queue_message
from ..outbox.tasks import send_soon
from . import platform_accounts, services
from .links import link_maker


class FullNameField(forms.CharField):
    """One field for the whole name, as the trainee writes it.

    Not "first" and "last": many names do not split that way (family name first, two
    family names, a single name). The services keep it in User.first_name and last_name
    so that get_full_name(), which certificates print, gives it back as typed.
    """

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Full name"),
            max_length=150,  # fits User.first_name and last_name however it splits
            required=False,  # certificates show the username without one
            help_text=_(
                "As it should appear on your certificates. Without one, they show your username."
            ),
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
            **kwargs,
        )

    def clean(self, value):
        return " ".join(super().clean(value).split())  # no stray or double spaces


class SignUpForm(UserCreationForm):
    """Username, full name, email and password, checked by Django's password validators.

    Whether the username or the email address is taken is not checked here: a form that
    said so would tell anyone which accounts exist. The sign-up service mails it instead.
    """

    full_name = FullNameField()
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send a link to confirm it; it also resets your password if needed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["username", "full_name", "email", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self):
        return self.cleaned_data["username"]  # Django's would say "already exists"

    def validate_unique(self):
        pass  # likewise: quiz.accounts.services.sign_up deals with a taken username


PLATFORM_KEEPS_ADDRESS = _(
    "Your learning platform signs you in here and keeps your address: change it there."
)


class ProfileForm(forms.Form):
    """The trainee's name and email address. Whether an address is taken is not said here
    either: quiz.accounts.services.update_profile mails the address given."""

    full_name = FullNameField()
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("A new address is used once you open the link we send to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    @classmethod
    def for_user(cls, user, data=None):
        initial = {"full_name": user.get_full_name(), "email": user.email}
        form = cls(data, initial=initial)
        form.platform_account = platform_accounts.is_platform_account(user)
        if form.platform_account:
            # Shown, not changed (and perhaps empty): the learning platform keeps it.
            email = form.fields["email"]
            email.disabled, email.required = True, False
            email.help_text = PLATFORM_KEEPS_ADDRESS
        return form


class ResetPasswordForm(PasswordResetForm):
    """Django's form, which also reaches trainees imported by a coordinator who have not
    chosen a password yet: Django's skips accounts without a usable one, and their
    invitation link lasts only PASSWORD_RESET_TIMEOUT."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queued in the outbox, as every mail of the site: never sent in the request."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail = queue_message(
            to=to_email, subject=subject, body=body, kind=Mail.Kind.ACCOUNT, user=context["user"]
        )
        send_soon([mail])

    def save(self, *args, request=None, **kwargs):
        """Django's reset mail to each active account with the address; and to an account
        whose sign-up was never confirmed, a fresh confirmation link instead, which is
        what its owner needs to get in."""
        super().save(*args, request=request, **kwargs)
        services.resend_confirmation(
            email=self.cleaned_data["email"], confirm_url=link_maker(request, "confirm_email")
        )

    def get_users(self, email):
        """Not the accounts a learning platform made: their only way in is the platform."""
        email = email.casefold()
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        for user in platform_accounts.without_platform_accounts(users):
            if user.email.casefold() == email:
                yield user
