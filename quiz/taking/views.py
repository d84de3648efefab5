"""Views glue a request to selectors and services; the logic lives there."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit import ALL

from ..moments import moment
from ..organisations.selectors import assignments_of
from ..ratelimits import limited
from ..stats.gains import before_of
from . import certificates, feedback, selectors, services
from .answers import form_rows, read_answers, saved_answers, unanswered
from .cards import cards_html
from .forms import CertificateCodeForm
from .listings import listings_of
from .mastery import component_mastery
from .sections import take_layout
from .sheet import attempt_sheet, keyed_sheet

ALREADY_SUBMITTED = gettext_lazy(
    "This attempt was submitted already. The answers just sent were not recorded."
)
TIME_IS_UP = gettext_lazy(
    "The time limit of this attempt has passed: answers sent after it are not counted. "
    "Your attempt was graded on the answers saved before the time ran out."
)
LIMIT_REACHED = gettext_lazy(
    "You have used every attempt this quiz allows (%(count)s), so no new attempt was started."
)
NOT_SAVED = gettext_lazy(
    "Your answers could not be saved just now. Nothing was lost: try again in a moment."
)
NO_QUESTIONS = gettext_lazy("This quiz has no questions yet, so it cannot be started.")
TOO_SOON = gettext_lazy(
    "You can start this quiz again at %(time)s (%(rule)s). Meanwhile, read the lesson: "
    "the next attempt asks questions you have not seen."
)
SAVED = gettext_lazy("Your answers are saved. You can come back to them until you submit.")
NO_CERTIFICATE = gettext_lazy("No certificate has this code.")
PRECHECK_FIRST = gettext_lazy(
    "First, a short pre-check of what you already know. It is not graded, and the quiz "
    "will ask none of its questions."
)
CLOSED = {services.Closed.SUBMITTED: ALREADY_SUBMITTED, services.Closed.TIME_UP: TIME_IS_UP}


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG mark.
    Resolved on each request, since the hashed name exists only once static files are
    collected."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def home(request):
    if request.user.is_authenticated:
        return redirect("quiz:list")
    return render(request, "quiz/home.html", {"quizzes": selectors.published_quizzes()})


@login_required
@require_safe
def quiz_list(request):
    quizzes = selectors.published_quizzes_for(request.user)
    assignments = assignments_of(request.user, quizzes=quizzes)
    context = {"listings": listings_of(quizzes, assignments), "assignments": assignments}
    return render(request, "quiz/quiz_list.html", context)


@never_cache
@login_required
@require_POST
def start_attempt(request, slug):
    start = selectors.start_data_for(user=request.user, slug=slug)
    if selectors.precheck_first(request.user, start):
        messages.info(request, PRECHECK_FIRST)
        return redirect("learning:precheck", start.quiz.slug)
    try:
        launch_id = selectors.launch_in(request.session, start.quiz.pk)
        attempt = services.start_from(user=request.user, start=start, launch_id=launch_id)
    except services.AttemptLimitReached:
        messages.error(request, LIMIT_REACHED % {"count": start.quiz.max_attempts})
        return redirect("quiz:list")
    except services.QuizHasNoQuestions:
        messages.error(request, NO_QUESTIONS)
        return redirect("quiz:list")
    except services.TooSoon as too_soon:
        messages.error(request, too_soon_message(start.quiz, too_soon.allowed_at))
        return redirect("quiz:list")
    except services.AttemptClosed as closed:  # the attempt it resumed ran out of time
        return closed_response(request, closed)
    # The questions come in this response rather than after a redirect: one request less
    # per quiz. Starting is safe to repeat (it resumes the open attempt), and take.js
    # puts the attempt's own address in the address bar for reloads and bookmarks.
    sheet = attempt_sheet(attempt, versions=start.versions)
    return render_take(request, attempt, sheet, saved_answers(sheet))


def too_soon_message(quiz, allowed_at) -> str:
    """When the next attempt may start, in the trainee's zone (quiz/zones.py), in words."""
    return TOO_SOON % {"time": moment(allowed_at), "rule": quiz.attempt_rule}


def render_take(
    request,
    attempt,
    sheet,
    answers,
    *,
    flag_unanswered=False,
    not_recorded=False,
    summary=False,
    status=200,
):
    rows = form_rows(sheet, answers, flag_unanswered=flag_unanswered)
    context = {
        "attempt": attempt,
        "rows": rows,
        "layout": take_layout(rows),
        "summary": summary or flag_unanswered,
        "problems": answers.problems,
        "missing": [row for row in rows if row.error],
        "not_recorded": not_recorded,
        "grace_seconds": int(services.TIME_LIMIT_GRACE.total_seconds()),
        "seconds_left": services.seconds_left(attempt),
    }
    return render(request, "quiz/take.html", context, status=status)


def closed_response(request, closed: services.AttemptClosed, *, as_json: bool = False):
    """The attempt takes no more answers: say why and show its result.

    Opening a submitted attempt is no mistake (its result is where it lives now), so that
    alone is said nothing of. The autosave script asks for JSON: it gets the reason and
    the address to go to, and the result page says the reason again.
    """
    result_url = reverse("quiz:result", args=[closed.attempt.pk])
    message = CLOSED[closed.reason]
    if request.method == "POST" or closed.reason != services.Closed.SUBMITTED:
        messages.warning(request, message)
    if as_json:
        return JsonResponse(
            {"saved": False, "message": str(message), "redirect": result_url}, status=409
        )
    return redirect(result_url)


def for_open_attempt(*, json: bool = False, submits: bool = False):
    """Give the view the trainee's own attempt while it takes answers; once it does not
    (before or during the view), answer with why, and its result. json: the view also
    answers the autosave script, which asks for JSON. submits: a POST to the view submits
    the attempt, so it reads what the item statistics need with it."""

    def decorator(view):
        @wraps(view)
        def with_attempt(request, pk):
            attempt = selectors.attempt_for(
                user=request.user,
                attempt_id=pk,
                with_last_submit=submits and request.method == "POST",
            )
            try:
                services.ensure_open(attempt)
                return view(request, attempt)
            except services.AttemptClosed as closed:
                return closed_response(request, closed, as_json=json and wants_json(request))

        return with_attempt

    return decorator


@never_cache  # answers and scores are the trainee's: no shared or browser cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@for_open_attempt(submits=True)
def take_attempt(request, attempt):
    if request.method != "POST":
        sheet = attempt_sheet(attempt)
        summary = "summary" in request.GET  # "Summary" without JavaScript lands here
        return render_take(request, attempt, sheet, saved_answers(sheet), summary=summary)
    sheet = keyed_sheet(attempt, with_picks=False)  # the answers sent replace them
    answers = read_answers(request.POST, sheet)
    if answers.is_tampered:
        return render_take(request, attempt, sheet, answers, status=400)
    # The summary's "Submit all and finish" says the trainee has seen what is unanswered.
    if unanswered(sheet, answers) and "finish" not in request.POST:
        return render_take(request, attempt, sheet, answers, flag_unanswered=True)
    try:
        services.submit_attempt(attempt=attempt, sheet=sheet, answers=answers)
    except DatabaseError:
        # Nothing was written (one transaction); the answers just sent are kept on the page.
        return render_take(request, attempt, sheet, answers, not_recorded=True, status=503)
    return redirect("quiz:result", attempt.pk)


def wants_json(request) -> bool:
    """The autosave script asks for JSON; a plain form post gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


def save_failed(request, attempt, sheet, answers, *, message, status):
    """Nothing saved: JSON for the script, or the take page with the answers just sent."""
    if wants_json(request):
        return JsonResponse({"saved": False, "message": str(message)}, status=status)
    return render_take(request, attempt, sheet, answers, not_recorded=status == 503, status=status)


@never_cache
@login_required
@require_POST
@limited("save", "user")
@for_open_attempt(json=True)
def save_attempt(request, attempt):
    """Save the answers so far without grading them ("Save progress" and autosave)."""
    sheet = keyed_sheet(attempt, with_picks=False)  # the answers sent replace them
    answers = read_answers(request.POST, sheet)
    if answers.is_tampered:
        message = " ".join(map(str, answers.problems))
        return save_failed(request, attempt, sheet, answers, message=message, status=400)
    try:
        services.save_progress(attempt=attempt, sheet=sheet, answers=answers)
    except DatabaseError:
        # Rolled back: what was saved before is still there.
        return save_failed(request, attempt, sheet, answers, message=NOT_SAVED, status=503)
    if wants_json(request):
        return JsonResponse({"saved": True, "message": str(SAVED)})
    messages.success(request, SAVED)
    return redirect(after_save_url(request, attempt))


def after_save_url(request, attempt) -> str:
    """Back to the take page; for "Summary" (no JavaScript), to its summary of the answers
    just saved."""
    url = reverse("quiz:take", args=[attempt.pk])
    return f"{url}?summary=1#summary" if "summary" in request.POST else url


@never_cache
@login_required
@require_safe
def attempt_result(request, pk):
    attempt = selectors.attempt_with_retake_for(user=request.user, attempt_id=pk)
    if not attempt.is_submitted:
        return redirect("quiz:take", attempt.pk)
    # Every right answer is shown: a retake asks questions the trainee has not seen.
    sheet = keyed_sheet(attempt)
    show_all = request.GET.get("show") == "all"
    shown = sheet if show_all else feedback.mistakes(sheet)
    objectives = feedback.objective_results(sheet)
    before = before_of(user=request.user, quiz=attempt.quiz)
    context = {
        "before_after": feedback.before_and_after(objectives, before),
        "attempt": attempt,
        "sheet": sheet,
        "shown": shown,
        "cards": cards_html(shown, attempt.quiz.slug),
        "show_all": show_all,
        "objectives": objectives,
        "objectives_met": [result for result in objectives if result.met],
        "objectives_missed": [result for result in objectives if not result.met],
        "components": feedback.component_results(sheet),
        "may_retake": feedback.may_retake(attempt),
    }
    return render(request, "quiz/result.html", context)


@never_cache
@login_required
@require_safe
def history(request):
    page = Paginator(selectors.attempts_of(request.user), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "mastery": component_mastery(request.user),
        "practice_quiz": selectors.quiz_about_roles(),
    }
    return render(request, "quiz/history.html", context)


@never_cache
@login_required
@require_safe
def certificate(request, pk):
    cert = selectors.certificate_of(user=request.user, attempt_id=pk)
    verify_url = check_url(request, cert)
    return render(request, "quiz/certificate.html", {"cert": cert, "verify_url": verify_url})


@never_cache
@login_required
@require_safe
@limited("certificate_pdf", "user", method=ALL)  # each one is drawn afresh
def certificate_pdf(request, pk):
    """The trainee's own certificate as a PDF to download, with a QR code of its check page."""
    cert = selectors.certificate_of(user=request.user, attempt_id=pk)
    pdf = certificates.certificate_pdf(cert, check_url=check_url(request, cert))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{cert.attempt.quiz.slug}-{cert.attempt_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def check_url(request, cert) -> str:
    """The absolute address of the certificate's public check page."""
    return request.build_absolute_uri(reverse("quiz:verify", args=[cert.code]))


@require_safe
def find_certificate(request):
    """Public: the form for a code, which goes to that code's check page (where every
    lookup is counted against the rate limit); it looks nothing up itself."""
    form = CertificateCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("quiz:verify", form.cleaned_data["code"])
    return render_check(request, "quiz/verify_form.html", {"form": form})


@require_safe
@limited("verify", "ip", method=ALL)
def verify_certificate(request, code):
    """Public: confirms a certificate's name, quiz and date, and nothing else."""
    cert = selectors.certificate_by_code(code)
    if cert is None:
        form = CertificateCodeForm(initial={"code": code})
        context = {"form": form, "not_found": NO_CERTIFICATE}
        return render_check(request, "quiz/verify_form.html", context, status=404)
    return render_check(request, "quiz/verify.html", {"cert": cert})


def render_check(request, template, context, *, status=200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"  # a trainee's name is for those given the link
    return response
