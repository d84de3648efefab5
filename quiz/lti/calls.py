"""Calls the tool makes to a platform's services: scores to its gradebook (AGS) and its
course rosters (NRPS), signed with the tool's key, each with a time limit."""

from django.conf import settings
from django.db.models import Max
from lti_tool.models import LtiContext, LtiRegistration
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade as Score
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from requests import Session

from ..models import Attempt, Grade
from . import claims


class TimedSession(Session):
    """pylti1p3 sets no timeout: a platform that stops answering would hold a worker."""

    def __init__(self, timeout: float | None = None):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout or settings.OUTBOUND_HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


def connector(registration: LtiRegistration) -> ServiceConnector:
    return ServiceConnector(registration.to_registration(), requests_session=TimedSession())


def best_percent(grade: Grade):
    """The best percent of the person's attempts from this launch, up to this one: a
    platform keeps the latest score it is sent, and a retake after a pass must not lower
    the course's grade, as it never takes back the site's own pass."""
    attempt = grade.attempt
    return Attempt.objects.filter(
        launch_id=grade.launch_id,
        status=Attempt.Status.SUBMITTED,
        submitted_at__lte=attempt.submitted_at,
    ).aggregate(best=Max("percent"))["best"]


def score_of(grade: Grade) -> Score:
    """The best percent out of 100, for the person as the platform knows them, stamped
    with the submit time: a platform keeps the latest and ignores older ones."""
    attempt = grade.attempt
    return (
        Score()
        .set_score_given(float(best_percent(grade)))
        .set_score_maximum(100)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(attempt.submitted_at.isoformat())
        .set_user_id(grade.launch.lti_user.sub)
    )


def post_score(grade: Grade) -> None:
    """Post the grade's score to its gradebook column; raises what the platform answered
    (pylti1p3's LtiServiceException carries the response) or the network's error."""
    launch = grade.launch
    registration = launch.resource_link.context.deployment.registration
    service = AssignmentsGradesService(
        connector(registration), {"lineitem": launch.lineitem_url, "scope": [claims.SCORE_SCOPE]}
    )
    service.put_grade(score_of(grade))


def roster_of(context: LtiContext) -> list[dict]:
    """The course's members as the platform lists them (every page of them)."""
    if not context.memberships_url:
        return []
    service = NamesRolesProvisioningService(
        connector(context.deployment.registration),
        {"context_memberships_url": context.memberships_url},
    )
    return list(service.get_members())
