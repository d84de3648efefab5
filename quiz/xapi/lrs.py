"""The learning record store's Statement resource (xAPI 1.0.3, PUT /statements), at
XAPI_ENDPOINT with XAPI_USERNAME and XAPI_PASSWORD (HTTP basic auth)."""

import requests
from django.conf import settings

VERSION = "1.0.3"
# 204 stored. 409: a statement with that id is stored already, as after a worker died
# between the LRS storing it and the row saying so: it is there, so it is sent.
STORED = {200, 204, 409}


class NotConfigured(ValueError):
    """XAPI_ENDPOINT was unset after the statement was written: kept as failed, to be sent
    again from the admin once it is set."""


def put(session: requests.Session, statement) -> Exception | None:
    """Send one statement under its own id; the failure, if any. An error carrying the
    LRS's answer tells the delivery rules whether to try again (quiz/outbox/delivery.py)."""
    try:
        answer = session.put(
            statements_url(),
            params={"statementId": str(statement.statement_id)},
            json=statement.body,
            auth=credentials(),
            headers={"X-Experience-API-Version": VERSION},
            timeout=settings.OUTBOUND_HTTP_TIMEOUT,
            # A redirect would turn the PUT into a GET, whose 200 is no proof of storing.
            allow_redirects=False,
        )
    # Unreachable or timed out (an OSError, tried again), or no endpoint (failed).
    except (requests.RequestException, NotConfigured) as error:
        return error
    if answer.status_code in STORED:
        return None
    return requests.HTTPError(refusal(answer), response=answer)


def statements_url() -> str:
    if not settings.XAPI_ENDPOINT:
        raise NotConfigured("XAPI_ENDPOINT is not set.")
    return f"{settings.XAPI_ENDPOINT}/statements"


def credentials() -> tuple[str, str] | None:
    if settings.XAPI_USERNAME:
        return (settings.XAPI_USERNAME, settings.XAPI_PASSWORD)
    return None


def refusal(answer: requests.Response) -> str:
    """The status and the start of what the LRS said: an LRS says why it refused a
    statement in its body."""
    return f"{answer.status_code} {answer.reason}: {answer.text[:500]}"
