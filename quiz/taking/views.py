"""Views glue a request to selectors and services; the logic lives there."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit import ALL

from ..content.lesson import lesson_for
from ..models import Quiz
from ..ratelimits import limited
from . import feedback, selectors, services
from .answers import form_rows, read_answers, saved_answers, unanswered
from .mastery import component_mastery
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
SAVED = gettext_lazy("Your answers are saved. You can come back to them until you submit.")
CLOSED = {services.Closed.SUBMITTED: ALREADY_SUBMITTED, services.Closed.TIME_UP: TIME_IS_UP}


@require_safe
def home(request):
    if request.user.is_authenticated:
        return redirect("quiz:list")
    return render(request, "quiz/home.html")


@login_required
@require_safe
def quiz_list(request):
    quizzes = selectors.published_quizzes_for(request.user)
    return render(request, "quiz/quiz_list.html", {"quizzes": quizzes})


@login_required
@require_safe
def lesson(request, slug):
    return render(request, "quiz/lesson.html", lesson_for(slug=slug))


@never_cache
@login_required
@require_POST
def start_attempt(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug, is_published=True)
    try:
        attempt = services.start_attempt(user=request.user, quiz=quiz)
    except services.AttemptLimitReached:
        messages.error(request, LIMIT_REACHED % {"count": quiz.max_attempts})
        return redirect("quiz:list")
    except services.QuizHasNoQuestions:
        messages.error(request, NO_QUESTIONS)
        return redirect("quiz:list")
    except services.AttemptClosed as closed:  # the attempt it resumed ran out of time
        return closed_response(request, closed)
    # The questions come in this response rather than after a redirect: one request less
    # per quiz. Starting is safe to repeat (it resumes the open attempt), and take.js
    # puts the attempt's own address in the address bar for reloads and bookmarks.
    sheet = attempt_sheet(attempt)
    return render_take(request, attempt, sheet, saved_answers(sheet))


def render_take(
    request, attempt, sheet, answers, *, flag_unanswered=False, not_recorded=False, status=200
):
    rows = form_rows(sheet, answers, flag_unanswered=flag_unanswered)
    context = {
        "attempt": attempt,
        "rows": rows,
        "problems": answers.problems,
        "missing": [row for row in rows if row.error],
        "not_recorded": not_recorded,
        "grace_seconds": int(services.TIME_LIMIT_GRACE.total_seconds()),
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


def for_open_attempt(*, json: bool = False):
    """Give the view the trainee's own attempt while it takes answers; once it does not
    (before or during the view), answer with why, and its result. json: the view also
    answers the autosave script, which asks for JSON."""

    def decorator(view):
        @wraps(view)
        def with_attempt(request, pk):
            attempt = selectors.attempt_for(user=request.user, attempt_id=pk)
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
@for_open_attempt()
def take_attempt(request, attempt):
    if request.method != "POST":
        sheet = attempt_sheet(attempt)
        return render_take(request, attempt, sheet, saved_answers(sheet))
    sheet = keyed_sheet(attempt, with_picks=False)  # the answers sent replace them
    answers = read_answers(request.POST, sheet)
    if answers.is_tampered:
        return render_take(request, attempt, sheet, answers, status=400)
    if unanswered(sheet, answers) and "submit_anyway" not in request.POST:
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
    return redirect("quiz:take", attempt.pk)


@never_cache
@login_required
@require_safe
def attempt_result(request, pk):
    attempt = selectors.attempt_with_retake_for(user=request.user, attempt_id=pk)
    if not attempt.is_submitted:
        return redirect("quiz:take", attempt.pk)
    sheet = []
    if not attempt.retake_id:  # the answers would be the key to the attempt in progress
        sheet = keyed_sheet(attempt)
        for sq in sheet:
            sq.shows_key = feedback.shows_key(attempt, sq)
    context = {
        "attempt": attempt,
        "sheet": sheet,
        "objectives": feedback.objective_results(sheet),
        "may_retake": feedback.may_retake(attempt),
    }
    return render(request, "quiz/result.html", context)


@never_cache
@login_required
@require_safe
def history(request):
    page = Paginator(selectors.attempts_of(request.user), 25).get_page(request.GET.get("page"))
    mastery = component_mastery(request.user)
    return render(request, "quiz/history.html", {"page": page, "mastery": mastery})


@never_cache
@login_required
@require_safe
def certificate(request, pk):
    cert = selectors.certificate_of(user=request.user, attempt_id=pk)
    verify_url = request.build_absolute_uri(reverse("quiz:verify", args=[cert.code]))
    return render(request, "quiz/certificate.html", {"cert": cert, "verify_url": verify_url})


@require_safe
@limited("verify", "ip", method=ALL)
def verify_certificate(request, code):
    """Public: confirms a certificate's name, quiz and date, and nothing else."""
    cert = selectors.certificate_by_code(code)
    response = render(request, "quiz/verify.html", {"cert": cert})
    response["X-Robots-Tag"] = "noindex"  # a trainee's name is for those given the link
    return response
