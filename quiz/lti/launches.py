"""Checking a launch from a platform: pylti1p3 checks the state, the signature against
the platform's key set, the issuer, the audience (client id), the deployment, the
message and the expiry; the tool adds that each launch is used once and names a role."""

from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiLaunch, LtiUser
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.exception import LtiException

from . import claims
from .calls import TimedSession
from .config import RegisteredOnly


class Refused(Exception):
    """A launch the tool turns away; `message` says why, for the person who launched."""

    def __init__(self, message, detail="", status=403):
        super().__init__(message)
        self.message, self.detail, self.status = message, detail, status


EXPIRED = _("This launch has expired. Open the quiz again from your course.")
REPLAYED = _("This launch was used already. Open the quiz again from your course.")
NO_STATE = _(
    "This launch did not come from a sign-in this browser started. If your course shows the "
    "quiz inside its own page, your browser may be blocking this site's cookies there: open "
    "the quiz in a new window from your course."
)
UNKNOWN_PLATFORM = _(
    "Your learning platform is not registered with this training site. Ask your training "
    "administrator to add it."
)
UNKNOWN_DEPLOYMENT = _(
    "This deployment of the tool in your learning platform is not registered with this "
    "training site. Ask your training administrator to add its deployment id."
)
BAD_SIGNATURE = _(
    "The launch is not signed by your learning platform's registered key, so it was refused."
)
NOT_TEACHING = _("Only a course's teachers can add a quiz to it.")
NO_ROLE = _("The launch does not say your role in the course, so it was refused.")
UNREADABLE = _("The launch from your learning platform could not be read, so it was refused.")
STORE_DOWN = _(
    "The training site cannot open quizzes from your course just now. Try again in a few minutes."
)
STORE_DOWN_TEXT = "launch store unavailable"  # our LtiException's text
PLATFORM_SILENT = _(
    "Your learning platform did not answer the training site in time. Try again in a few minutes."
)
# Reasons that pass: trying again later works, and a monitor sees 503, not a refusal.
PASSING = (STORE_DOWN, PLATFORM_SILENT)
# The platform's key set is fetched while the person waits: well within gunicorn's 30 s.
KEY_SET_TIMEOUT = 10

# pylti1p3's reasons (its exception texts), said for a person.
REASONS = [
    (STORE_DOWN_TEXT, STORE_DOWN),
    ("Error during fetch URL", PLATFORM_SILENT),  # the platform's key set, unreachable
    ("Signature has expired", EXPIRED),
    ("Invalid Nonce", REPLAYED),
    ('"nonce" is empty', REPLAYED),
    ("State not found", NO_STATE),
    ("Missing %s cookie", NO_STATE),
    ("Missing state param", NO_STATE),
    ("Registration not found", UNKNOWN_PLATFORM),
    ("Could not find registration", UNKNOWN_PLATFORM),
    ("Client id not registered", UNKNOWN_PLATFORM),
    ('"iss" is empty', UNKNOWN_PLATFORM),
    ("Unable to find deployment", UNKNOWN_DEPLOYMENT),
    ("deployment_id is not set", UNKNOWN_DEPLOYMENT),
    ("Missing Roles Claim", NO_ROLE),
    ("Signature verification failed", BAD_SIGNATURE),
    ("Unable to find public key", BAD_SIGNATURE),
    ("JWT KID not found", BAD_SIGNATURE),
    ("Can't decode id_token", BAD_SIGNATURE),
]


# The person's claims django-lti keeps, and the longest each of its columns takes.
PERSON_CLAIMS = {
    claim: LtiUser._meta.get_field(field).max_length
    for claim, field in [
        ("given_name", "given_name"),
        ("family_name", "family_name"),
        ("name", "name"),
        ("email", "email"),
        ("picture", "picture_url"),
    ]
}
ADDRESSES = {"email", "picture"}  # cut short, an address is a wrong one: left out instead


class FittedLaunch(LtiLaunch):
    """django-lti's launch, the person's claims fitted to the columns it keeps them in: an
    avatar's signed address of 300 characters stopped the launch on PostgreSQL, which
    refuses what is too long, where SQLite kept it whole."""

    def get_claim(self, claim):
        value = super().get_claim(claim)
        longest = PERSON_CLAIMS.get(claim)
        if longest and isinstance(value, str) and len(value) > longest:
            return None if claim in ADDRESSES else value[:longest]
        return value


def reason_for(error: Exception) -> Refused:
    """A refusal of pylti1p3's LtiException or OIDCException, said for a person."""
    text = str(error)
    message = next((said for found, said in REASONS if found in text), UNREADABLE)
    passing = any(message is reason for reason in PASSING)
    return Refused(message, detail=text, status=503 if passing else 403)


@contextmanager
def store_answering():
    """A cache outage as pylti1p3's own error, so every caller's refusal page shows it
    instead of a 500 (the cache fails open elsewhere; a launch cannot do without it)."""
    try:
        yield
    except LtiException:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the cache's client raises
        raise LtiException(f"{STORE_DOWN_TEXT}: {error.__class__.__name__}") from error


class LaunchStore(DjangoCacheDataStorage):
    """Where the login step keeps the state and nonce for the launch: the shared cache."""

    def get_value(self, key):
        with store_answering():
            return super().get_value(key)

    def set_value(self, key, value, exp=None):
        with store_answering():
            return super().set_value(key, value, exp)

    def check_value(self, key):
        with store_answering():
            return super().check_value(key)


def storage() -> LaunchStore:
    return LaunchStore()


def key_set_session() -> TimedSession:
    return TimedSession(timeout=KEY_SET_TIMEOUT)


def checked(request) -> LtiLaunch:
    """The launch posted to the tool, checked; Refused if any check fails. Reads only
    (the cache and the registrations): nothing is written for a refused launch."""
    try:
        # Reading the login's cookie comes first, in the constructor: a browser that
        # blocks cookies in frames fails here, before any check of the token.
        message_launch = DjangoMessageLaunch(
            request,
            RegisteredOnly(),
            launch_data_storage=storage(),
            requests_session=key_set_session(),
        )
        message_launch.validate()
    except LtiException as error:
        raise reason_for(error) from error
    launch = FittedLaunch(message_launch)
    if not isinstance(launch.get_claim(claims.ROLES), list):
        raise Refused(NO_ROLE, detail="no roles claim")
    return launch


def restored(request, launch_id: str) -> LtiLaunch:
    """A launch checked earlier in this session (for the deep-linking picker)."""
    message_launch = DjangoMessageLaunch.from_cache(
        launch_id,
        request,
        RegisteredOnly(),
        launch_data_storage=storage(),
        requests_session=key_set_session(),
    )
    return FittedLaunch(message_launch)
