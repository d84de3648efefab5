"""Views glue a request to selectors and services; the logic lives there."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors, services
from .answers import form_rows, read_answers, result_lines, saved_answers, unanswered
from .forms import SignUpForm
from .models import Quiz

ALREADY_SUBMITTED = gettext_lazy(
    "This attempt was submitted already. The answers just sent were not recorded."
)


def home(request):
    if request.user.is_authenticated:
        return redirect("quiz:list")
    return render(request, "quiz/home.html")


def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.username}
        )
        return redirect("quiz:list")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def quiz_list(request):
    quizzes = selectors.published_quizzes_for(request.user)
    return render(request, "quiz/quiz_list.html", {"quizzes": quizzes})


@login_required
def lesson(request, slug):
    quiz, blocks = selectors.lesson_for(slug=slug)
    return render(request, "quiz/lesson.html", {"quiz": quiz, "blocks": blocks})


@login_required
@require_POST
def start_attempt(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug, is_published=True)
    attempt = services.start_attempt(user=request.user, quiz=quiz)
    return redirect("quiz:take", attempt.pk)


def render_take(request, attempt, sheet, answers, *, flag_unanswered=False, status=200):
    rows = form_rows(sheet, answers, flag_unanswered=flag_unanswered)
    context = {
        "attempt": attempt,
        "rows": rows,
        "problems": answers.problems,
        "missing": [row for row in rows if row.error],
    }
    return render(request, "quiz/take.html", context, status=status)


@login_required
def take_attempt(request, pk):
    attempt = selectors.attempt_for(user=request.user, attempt_id=pk)
    if attempt.is_submitted:
        if request.method == "POST":
            messages.warning(request, ALREADY_SUBMITTED)
        return redirect("quiz:result", attempt.pk)
    sheet = selectors.attempt_sheet(attempt)
    if request.method != "POST":
        return render_take(request, attempt, sheet, saved_answers(sheet))
    answers = read_answers(request.POST, sheet)
    if answers.is_tampered:
        return render_take(request, attempt, sheet, answers, status=400)
    if unanswered(sheet, answers) and "submit_anyway" not in request.POST:
        return render_take(request, attempt, sheet, answers, flag_unanswered=True)
    try:
        services.submit_attempt(attempt=attempt, sheet=sheet, answers=answers)
    except services.AttemptAlreadySubmitted:
        messages.warning(request, ALREADY_SUBMITTED)
    return redirect("quiz:result", attempt.pk)


@login_required
def attempt_result(request, pk):
    attempt = selectors.attempt_for(user=request.user, attempt_id=pk)
    if not attempt.is_submitted:
        return redirect("quiz:take", attempt.pk)
    sheet = selectors.attempt_sheet(attempt)
    rows = [(sq, result_lines(sq)) for sq in sheet]
    return render(request, "quiz/result.html", {"attempt": attempt, "rows": rows})


@login_required
def history(request):
    page = Paginator(selectors.attempts_of(request.user), 25).get_page(request.GET.get("page"))
    mastery = selectors.component_mastery(request.user)
    return render(request, "quiz/history.html", {"page": page, "mastery": mastery})


@login_required
def certificate(request, pk):
    cert = selectors.certificate_of(user=request.user, attempt_id=pk)
    verify_url = request.build_absolute_uri(reverse("quiz:verify", args=[cert.code]))
    return render(request, "quiz/certificate.html", {"cert": cert, "verify_url": verify_url})


def verify_certificate(request, code):
    """Public: confirms a certificate's name, quiz and date, and nothing else."""
    cert = selectors.certificate_by_code(code)
    response = render(request, "quiz/verify.html", {"cert": cert})
    response["X-Robots-Tag"] = "noindex"  # a trainee's name is for those given the link
    return response
