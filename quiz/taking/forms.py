"""The public check page's form: a certificate's code, typed or pasted."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# What the check page's address takes (a slug): a code with anything else is no code.
valid_code = RegexValidator(
    r"^[-a-zA-Z0-9_]+\Z",
    _("A code has only letters, digits, - and _. Check it against the certificate."),
)


class CertificateCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=200,  # room for a pasted check address
        help_text=_("As printed on the certificate, or its whole check address."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def clean_code(self):
        """The code itself, also from a pasted check address (…/certificates/<code>/)."""
        code = self.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1]
        valid_code(code)
        return code
