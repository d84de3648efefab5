"""One-click links in refresher mails: signed (django.core.signing), tied to one trainee's
refresher, single-use (the refresher's nonce and answered_at) and expiring. Django's own
signer is used rather than a token library: it is what the password-reset links trust,
and it already puts a timestamp under the signature."""

from django.conf import settings
from django.core import signing

REFRESHER_SALT = "quiz.learning.refresher"
UNSUBSCRIBE_SALT = "quiz.learning.unsubscribe"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def refresher_token(refresher) -> str:
    return signing.dumps([refresher.pk, refresher.user_id, refresher.nonce], salt=REFRESHER_SALT)


def read_refresher_token(token: str) -> tuple[int, int, str]:
    """(refresher id, user id, nonce) from a link, or LinkExpired / LinkInvalid."""
    max_age = settings.REFRESHER_LINK_DAYS * 24 * 3600
    try:
        refresher_id, user_id, nonce = signing.loads(token, salt=REFRESHER_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid from error
    return refresher_id, user_id, nonce


def unsubscribe_token(user_id: int) -> str:
    """No expiry: an old mail's unsubscribe link must still work."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int:
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(user_id, int):
        raise LinkInvalid
    return user_id
