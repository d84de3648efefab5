"""The launch token baked into a package: the package's key, signed (django.core.signing).

It has no expiry, since a package stays in an LMS for years, so no timestamp is signed
either (Signer, not signing.dumps): the same package always gives the same token, and the
same zip. Withdrawing the package (is_active off) is what stops it, every copy at once."""

import uuid

from django.core import signing

from ..models import ScormPackage

SALT = "quiz.scorm"


class TokenInvalid(Exception):
    """Not a token this site signed: tampered, cut short, or made up."""


def signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def launch_token(package: ScormPackage) -> str:
    return signer().sign(str(package.key))


def read_launch_token(token: str) -> uuid.UUID:
    """The package key a token carries, or TokenInvalid."""
    try:
        return uuid.UUID(signer().unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise TokenInvalid from error
