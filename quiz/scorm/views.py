"""Views glue a request to selectors and services; the logic lives there.

Both are opened from a package's launch page in an LMS, on another site: the launch in a
new window (this site may not be framed), the outcome by a cross-origin fetch without
cookies, which is why it answers anyone holding the token and a learner id."""

from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from ..models import ScormLearner
from ..ratelimits import limited
from . import selectors, services
from .links import TokenInvalid

# An unusable password leaves the account no backend but this one; axes' backend wants a
# username and password to check, which a launch has not.
BACKEND = "django.contrib.auth.backends.ModelBackend"
STUDENT_ID_MAX_LENGTH = ScormLearner._meta.get_field("student_id").max_length
NAME_MAX_LENGTH = 255


class NoLearner(Exception):
    """The launch named no learner (cmi.core.student_id), or one too long to be an id."""


PROBLEMS = {
    TokenInvalid: (
        404,
        _("This quiz link is not valid"),
        _(
            "Open the quiz from your learning platform's course again. If it still fails, "
            "tell the course's administrator: the package may be damaged."
        ),
    ),
    selectors.PackageWithdrawn: (
        410,
        _("This quiz has been withdrawn"),
        _(
            "The training's administrators withdrew this package from use. Ask your course's "
            "administrator for the current one."
        ),
    ),
    NoLearner: (
        400,
        _("Your learning platform did not say who you are"),
        _(
            "The quiz needs your learner id from the learning platform to record your result. "
            "Open it from your course in the learning platform, not from a saved link."
        ),
    ),
}


def student_id_of(request) -> str:
    student_id = request.GET.get("student_id", "").strip()
    if not student_id or len(student_id) > STUDENT_ID_MAX_LENGTH:
        raise NoLearner
    return student_id


def launch_problem(request, problem: Exception):
    status, title, text = PROBLEMS[type(problem)]
    context = {"title": title, "text": text}
    return render(request, "scorm/launch_problem.html", context, status=status)


@never_cache
@require_GET  # not HEAD: the launch makes an account, which a link checker must not
@limited("scorm_launch", "ip", method="GET")
def launch(request, token):
    """From the package's launch page: the learner, logged in, at the quiz's lesson."""
    try:
        package = selectors.package_of(token)
        student_id = student_id_of(request)
    except tuple(PROBLEMS) as problem:
        return launch_problem(request, problem)
    student_name = request.GET.get("student_name", "")[:NAME_MAX_LENGTH]
    learner = services.learner_for(
        package=package, student_id=student_id, student_name=student_name
    )
    login(request, learner.user, backend=BACKEND)
    return redirect("learning:lesson", package.quiz.slug)


def for_any_origin(response):
    """The launch page is on the LMS's site, so the outcome is read across origins; it
    is sent without cookies, and holds nothing but a status and a score."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@never_cache
@require_safe
def outcome(request, token):
    """The learner's status and score, as JSON, for the launch page to report to the LMS."""
    try:
        package = selectors.package_of(token)
        student_id = student_id_of(request)
    except tuple(PROBLEMS) as problem:
        status, title, _text = PROBLEMS[type(problem)]
        return for_any_origin(JsonResponse({"error": str(title)}, status=status))
    return for_any_origin(JsonResponse(selectors.outcome_of(package, student_id).as_json()))
