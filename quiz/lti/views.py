"""Views glue a request to launches and services; the logic lives there."""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from lti_tool.utils import DjangoToolConfig
from lti_tool.views import OIDCLoginInitView
from pylti1p3.contrib.django import DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from ..models import Quiz
from ..taking.selectors import LAUNCHES
from . import deep_linking, launches, services
from .forms import PickForm
from .frames import FRAME_ORIGINS, open_frame_to

# Session key: the deep-linking launch a teacher is picking a quiz for.
PICKING = "lti_deep_link"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@method_decorator(csrf_exempt, name="dispatch")
class LoginView(OIDCLoginInitView):
    """OIDC login initiation: django-lti's, without the cookie-check page, whose inline
    script the site's Content-Security-Policy forbids; a browser that blocks the cookie
    in a frame gets a clear page at the launch instead (launches.NO_STATE)."""

    def get_oidc_response(self, request, registration_uuid, params):
        if not params.get("target_link_uri") or not params.get("iss"):
            refusal = launches.Refused(launches.UNREADABLE, "no iss or target_link_uri", status=400)
            return refused(request, refusal)
        oidc = DjangoOIDCLogin(
            request, DjangoToolConfig(registration_uuid), launch_data_storage=launches.storage()
        )
        try:
            return oidc.redirect(params["target_link_uri"])
        except (LtiException, OIDCException) as error:
            return refused(request, launches.reason_for(error))


def refused(request, refusal: launches.Refused):
    """The page that says why; shown inside the platform's frame, where the launch was,
    or the trainee would see only the browser's own blocked-frame page."""
    response = render(request, "lti/refused.html", {"refusal": refusal}, status=refusal.status)
    open_frame_to(response, services.registered_platform_origins())
    return response


@csrf_exempt
@never_cache
@require_POST
def launch(request):
    """A launch from a platform: a quiz for a trainee, or the quiz picker for a teacher."""
    try:
        checked = launches.checked(request)
        if checked.is_deep_link_launch:
            services.record_deep_linking(launch=checked)
        else:
            row = services.record_launch(launch=checked)
    except launches.Refused as refusal:
        return refused(request, refusal)
    origins = services.frame_origins(checked)
    if checked.is_deep_link_launch:
        # A session of its own: the platform may frame it, so nothing from before goes in.
        request.session.flush()
        request.session[PICKING] = checked.get_launch_id()
        request.session[FRAME_ORIGINS] = origins
        return redirect("lti:pick")
    login(request, row.user, backend=BACKEND)
    request.session[FRAME_ORIGINS] = origins
    # Launches of other quizzes, from other courses, in this session still owe their scores.
    request.session[LAUNCHES] = {**request.session.get(LAUNCHES, {}), str(row.quiz_id): row.pk}
    return redirect("lti:launched", row.quiz.slug)


@never_cache
@login_required
@require_safe
def launched(request, slug):
    """Where a launch lands: the quiz, its lesson, and one button to start."""
    quiz = get_object_or_404(Quiz, slug=slug, is_published=True)
    return render(request, "lti/launched.html", {"quiz": quiz})


@never_cache
@require_http_methods(["GET", "POST"])
def pick(request):
    """Deep linking: the teacher picks a quiz; the platform gets it as a signed link."""
    launch_id = request.session.get(PICKING)
    if not launch_id:
        raise PermissionDenied
    form = PickForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "lti/pick.html", {"form": form}, status=status)
    quiz = form.cleaned_data["quiz"]
    launch_url = request.build_absolute_uri(reverse("lti:launch"))
    try:
        token, return_url = deep_linking.answer(
            request, launch_id=launch_id, quiz=quiz, launch_url=launch_url
        )
    except LtiException as error:  # the launch is no longer in the cache
        return refused(request, launches.reason_for(error))
    del request.session[PICKING]
    response = render(request, "lti/picked.html", {"quiz": quiz, "jwt": token, "url": return_url})
    # The signed answer goes back to the platform by a form post to its address.
    response._csp_update = {"form-action": [services.origin_of(return_url)]}
    return response
