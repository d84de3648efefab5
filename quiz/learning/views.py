"""Views glue a request to selectors and services; the logic lives there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..stats.gains import has_prechecked
from ..taking.answers import read_answers, unanswered
from ..taking.selectors import may_precheck
from . import links, refreshers, selectors, services
from .practice import Asked

UNANSWERED = _("Choose an answer to check yourself.")
NOT_THIS_CHECK = _("This check has changed since the page was loaded. Answer it again.")
CHECK_DONE = _("You answered this check already.")
PRECHECK_DONE = _("You took the pre-check already.")
PRECHECK_AFTER_START = _(
    "The pre-check measures what you knew before your first attempt, so it is no longer "
    "offered. The lesson is below."
)
PRECHECK_CHANGED = _("The pre-check's questions have changed since the page was loaded.")
PRECHECK_RECORDED = _(
    "Pre-check recorded: you knew %(known)s of %(total)s. The lesson below teaches each "
    "objective; the quiz will ask you other questions."
)


@require_safe
def lesson(request, slug):
    """Public: anyone may read the lesson; a trainee also gets its checks."""
    return render(request, "quiz/lesson.html", selectors.lesson_page(slug=slug, user=request.user))


@never_cache
@login_required
@require_POST
def lesson_check(request, slug, key):
    """Answer one block's check; the lesson comes back at that block with the feedback."""
    context = selectors.lesson_page(slug=slug, user=request.user)
    block = next((b for b in context["blocks"] if b.key == key and b.check), None)
    if block is None:
        return redirect("learning:lesson", slug)
    back = reverse("learning:lesson", args=[slug]) + f"#block-{key}"
    if block.check.answered:
        messages.info(request, CHECK_DONE)
        return redirect(back)
    sq = block.check.sq
    answers = read_answers(request.POST, [sq])
    if answers.is_tampered or not sq.kind.is_answered(sq.key, answers.of(sq)):
        block.check.error = NOT_THIS_CHECK if answers.is_tampered else UNANSWERED
        return render(request, "quiz/lesson.html", context, status=400)
    try:
        services.record_check(user=request.user, sq=sq, answers=answers)
    except services.AlreadyAnswered:
        messages.info(request, CHECK_DONE)
    return redirect(back)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def precheck(request, slug):
    quiz = selectors.published_quiz(slug)
    start, sheet = selectors.precheck_sheet(user=request.user, quiz=quiz)
    lesson_url = reverse("learning:lesson", args=[slug])
    if not sheet:  # a quiz without objectives has nothing to pre-check
        return redirect(lesson_url)
    prechecked = has_prechecked(user=request.user, quiz=quiz)
    if not may_precheck(start, prechecked=prechecked):
        messages.info(request, PRECHECK_DONE if prechecked else PRECHECK_AFTER_START)
        return redirect(lesson_url)
    problems = []
    if request.method == "POST":
        answers = read_answers(request.POST, sheet)
        if not answers.is_tampered:
            try:
                known = services.record_precheck(
                    user=request.user, quiz=quiz, sheet=sheet, answers=answers
                )
            except services.AlreadyAnswered:
                messages.info(request, PRECHECK_DONE)
                return redirect(lesson_url)
            count = {"known": sum(known.values()), "total": len(known)}
            messages.success(request, PRECHECK_RECORDED % count)
            return redirect(lesson_url)
        problems = [PRECHECK_CHANGED]
    context = {"quiz": quiz, "questions": [Asked(sq) for sq in sheet], "problems": problems}
    return render(request, "quiz/precheck.html", context, status=400 if problems else 200)


REFRESHER_PAGES = {
    links.LinkInvalid: (
        404,
        _("This link is not valid"),
        _("Check that you copied the whole link from the mail."),
    ),
    links.LinkExpired: (
        410,
        _("This link has expired"),
        _("Refresher links work for two weeks. The next refresher will come by mail."),
    ),
    refreshers.LinkUsed: (
        410,
        _("This refresher was answered already"),
        _("Each refresher link works once. The next one will come by mail."),
    ),
    refreshers.NotTheirs: (
        403,
        _("This link was sent to someone else"),
        _("It opens a refresher for the trainee it was mailed to. Nothing was changed."),
    ),
}


def link_problem(request, problem: Exception):
    status, title, text = REFRESHER_PAGES[type(problem)]
    context = {"title": title, "text": text}
    return render(request, "quiz/learning/link_problem.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def refresher(request, token):
    """A refresher from its mail: no password, the link is the key, once."""
    try:
        refresher = refreshers.refresher_of_link(token, request.user)
    except tuple(REFRESHER_PAGES) as problem:
        return link_problem(request, problem)
    asked = refreshers.questions_of(refresher)
    sheet = [sq for _row, sq in asked]
    errors = {}
    if request.method == "POST":
        answers = read_answers(request.POST, sheet)
        missing = unanswered(sheet, answers)
        if not answers.is_tampered and not missing:
            try:
                rows = refreshers.answer_refresher(
                    refresher=refresher, asked=asked, answers=answers
                )
            except refreshers.LinkUsed as problem:
                return link_problem(request, problem)
            shown = [Asked(sq, row) for row, sq in zip(rows, sheet, strict=True)]
            context = {"refresher": refresher, "questions": shown, "answered": True}
            return render(request, "quiz/learning/refresher.html", context)
        errors = {sq.question.pk: UNANSWERED for sq in missing}
        sheet = [sq for _row, sq in refreshers.questions_of(refresher, picks=answers.picks)]
        if answers.is_tampered:
            errors = {sq.question.pk: NOT_THIS_CHECK for sq in sheet}
    shown = [Asked(sq, error=errors.get(sq.question.pk, "")) for sq in sheet]
    context = {
        "refresher": refresher,
        "questions": shown,
        "answered": False,
        "token": token,
        "has_errors": bool(errors),
    }
    return render(request, "quiz/learning/refresher.html", context, status=400 if errors else 200)


@csrf_exempt  # the signed link is the key; a mail client's one-click POST has no form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks (a mail scanner following links must not unsubscribe anyone); POST does,
    as a mail client's one-click unsubscribe (RFC 8058) does."""
    try:
        user_id = links.read_unsubscribe_token(token)
    except links.LinkInvalid as problem:
        return link_problem(request, problem)
    done = request.method == "POST"
    if done:
        refreshers.unsubscribe(user_id)
    return render(request, "quiz/learning/unsubscribe.html", {"done": done})
