"""The results admin: attempts, answers and certificates as read-only records for review.

What a user may see or do comes from Django's model permissions only: admins hold them
all, the "Training reviewer" group (migration 0005) holds view permissions on results
and trainees. Results can be viewed and, with the delete permission, deleted; never
added or changed. The export and the item-analysis report need the view permission on
attempts, like the changelist they start from.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import scope
from ..kinds import kind_of
from ..kinds.base import LINE_BREAK, AnswerKey, ResultLine
from ..models import (
    Attempt,
    Certificate,
    Quiz,
    Response,
    Selection,
    answer_key_prefetches,
)
from ..readonly_admin import ReadOnlyAdmin
from ..safe_csv import csv_response
from ..scores import points, whole_percent
from . import analysis, charts, exports, learning
from .forms import ReportPeriodForm


class ContentAsTextMixin:
    """Show the quiz and question as text to those who may not open their admin pages.

    A read-only foreign key is a link to its admin page; a reviewer has no permission
    on content, so for them it would only lead to "403 Forbidden".
    """

    swaps = {"quiz": ("quiz.view_quiz", "quiz_text"), "question": ("quiz.view_question", "prompt")}

    def get_fields(self, request, obj=None):
        return [
            self.swaps[name][1]
            if name in self.swaps and not request.user.has_perm(self.swaps[name][0])
            else name
            for name in self.fields
        ]

    @admin.display(description=_("quiz"))
    def quiz_text(self, record):
        return record.quiz.title

    @admin.display(description=_("question"))
    def prompt(self, record):
        return record.question.prompt


def result_lines(response: Response) -> list[ResultLine]:
    """The trainee's answer beside the right one, as the question's kind lays them out."""
    question = response.question
    choices, items = list(question.choices.all()), list(question.match_items.all())
    picks = frozenset((s.item_id, s.choice_id) for s in response.selections.all())
    key = AnswerKey.of(question, choices, items)
    return kind_of(question.kind).result_lines(key, picks, choices, items)


def chosen_html(lines: list[ResultLine]):
    """What the trainee picked, a text a line; for matching, each item with its option."""
    if len(lines) == 1 and not lines[0].label:
        return format_html_join(LINE_BREAK, "{}", ((text,) for text in lines[0].chosen)) or (
            gettext("No answer")
        )
    no_answer = gettext("no answer")
    return format_html_join(
        LINE_BREAK, "{} → {}", ((line.label, ", ".join(line.chosen) or no_answer) for line in lines)
    )


def right_answer_html(lines: list[ResultLine]):
    """The right answer, a text a line; for matching, each item with its option."""
    pairs = [
        (f"{line.label} → " if line.label else "", text) for line in lines for text in line.correct
    ]
    return format_html_join(LINE_BREAK, "{}{}", pairs)


def result_mark(points) -> str:
    """Right, partly right or wrong, in a sign and a word: never by colour alone."""
    if points is None:
        return format_html('<span class="mark mark-none">{}</span>', gettext("– not graded"))
    if points >= 1:
        return format_html('<span class="mark mark-right">✓ {}</span>', gettext("right"))
    if points > 0:
        return format_html('<span class="mark mark-partly">◐ {}</span>', gettext("partly right"))
    return format_html('<span class="mark mark-wrong">✗ {}</span>', gettext("wrong"))


class ResponseInline(ContentAsTextMixin, ReadOnlyAdmin, admin.TabularInline):
    """The attempt's questions, numbered as the trainee saw them (their position)."""

    model = Response
    fields = ["number", "question", "chosen", "right_answer", "result", "earned"]
    readonly_fields = [*fields, "prompt"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("question")
            .prefetch_related(*answer_key_prefetches("question__"), "selections")
        )

    @admin.display(description=_("no."))
    def number(self, response):
        return response.position

    @admin.display(description=_("result"))
    def result(self, response):
        return result_mark(response.points)

    @admin.display(description=_("points"))
    def earned(self, response):
        return points(response.points) or None

    @admin.display(description=_("chosen"))
    def chosen(self, response):
        return chosen_html(result_lines(response))

    @admin.display(description=_("right answer"))
    def right_answer(self, response):
        return right_answer_html(result_lines(response))


class DateSafeChangeList(ChangeList):
    """The admin's changelist, with date-hierarchy values beyond the calendar (year 9999,
    month 13, or digits enough to overflow) treated as bad lookups, like any other bad
    filter: the changelist starts again without them, the export says so. Django 5.2 lets
    them escape as a 500 (fixed upstream after 5.2.19)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


def duration_text(duration: timedelta | None) -> str:
    if duration is None:
        return "—"
    seconds = max(int(duration.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return gettext("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return gettext("%(m)d min %(s)02d s") % {"m": minutes, "s": seconds}
    return gettext("%(s)d s") % {"s": seconds}


@admin.register(Attempt)
class AttemptAdmin(ContentAsTextMixin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "trainee",
        "quiz",
        "status",
        "percent_shown",
        "passed",
        "submitted_at",
        "time_taken",
    ]
    list_filter = ["quiz", "status", "passed"]
    list_select_related = ["user", "quiz"]
    list_per_page = 50
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    search_help_text = _("Search by the trainee's username, email or name.")
    date_hierarchy = "submitted_at"
    fields = [
        "user",
        "quiz",
        "status",
        "started_at",
        "submitted_at",
        "time_taken",
        "points_shown",
        "percent_shown",
        "passed",
    ]
    readonly_fields = [*fields, "quiz_text"]
    inlines = [ResponseInline]
    actions = ["export_csv"]

    class Media:
        css = {"all": ["css/admin-report.css"]}

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList

    def get_queryset(self, request):
        # Time taken is worked out by the database so the column can be sorted on.
        attempts = scope.only_their_people(super().get_queryset(request), request.user)
        return attempts.annotate(time_taken=F("submitted_at") - F("started_at"))

    @admin.display(description=_("trainee"), ordering="user__username")
    def trainee(self, attempt):
        name = attempt.user.get_full_name()
        username = attempt.user.get_username()
        return f"{username} ({name})" if name else username

    @admin.display(description=_("time taken"), ordering="time_taken")
    def time_taken(self, attempt):
        return duration_text(attempt.time_taken)

    # Scores as the trainee's pages write them (quiz/scores.py): 92%, never 92.86 or 93%.
    @admin.display(description=_("percent"), ordering="percent")
    def percent_shown(self, attempt):
        return whole_percent(attempt.percent) or None

    @admin.display(description=_("score"))
    def points_shown(self, attempt):
        if attempt.score is None:
            return None
        return gettext("%(score)s of %(max_score)s") % {
            "score": points(attempt.score),
            "max_score": points(attempt.max_score),
        }

    # --- Export ------------------------------------------------------------------

    @admin.action(description=_("Export selected attempts as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.attempts_csv_response(queryset)

    def export_view(self, request):
        """The changelist's button: every attempt the current filters and search show."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("These filters are not valid; nothing was exported."))
            return redirect("admin:quiz_attempt_changelist")
        return exports.attempts_csv_response(changelist.queryset)

    # --- Item analysis -----------------------------------------------------------

    def item_analysis_index_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Item analysis"),
            "quizzes": analysis.submitted_counts_by_quiz(),
        }
        return TemplateResponse(request, "admin/quiz/attempt/item_analysis_index.html", context)

    def item_analysis_view(self, request, quiz_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        quiz = get_object_or_404(Quiz, pk=quiz_id)
        form = ReportPeriodForm(request.GET)
        report = None
        if form.is_valid():
            report = analysis.item_analysis(quiz, **form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Item analysis: %(quiz)s") % {"quiz": quiz.title},
            "quiz": quiz,
            "form": form,
            "report": report,
            "facility_low": analysis.FACILITY_LOW,
            "facility_high": analysis.FACILITY_HIGH,
            **(report_charts(report) if report else {}),
        }
        return TemplateResponse(request, "admin/quiz/attempt/item_analysis.html", context)

    # --- Learning: gain and retention -------------------------------------------------

    def learning_index_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Learning: gain and retention"),
            "quizzes": Quiz.objects.order_by("position", "title"),
        }
        return TemplateResponse(request, "admin/quiz/attempt/learning_index.html", context)

    def learning_view(self, request, quiz_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        quiz = get_object_or_404(Quiz, pk=quiz_id)
        groups = list(scope.groups_for(request.user).order_by("name"))
        group = chosen_group(request.GET.get("group", ""), groups)
        if group is False:
            messages.error(request, gettext("No group of yours has this id; showing all."))
            return redirect("admin:quiz_attempt_learning", quiz.pk)
        report = learning.learning_report(quiz, request.user, group)
        if request.GET.get("format") == "csv":
            return csv_response(learning.report_csv_rows(report), f"learning-{quiz.slug}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Learning: %(quiz)s") % {"quiz": quiz.title},
            "quiz": quiz,
            "groups": groups,
            "report": report,
            "few": learning.FEW,
        }
        return TemplateResponse(request, "admin/quiz/attempt/learning.html", context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_view), name="quiz_attempt_export"),
            path("learning/", view(self.learning_index_view), name="quiz_attempt_learning_index"),
            path("learning/<int:quiz_id>/", view(self.learning_view), name="quiz_attempt_learning"),
            path(
                "item-analysis/",
                view(self.item_analysis_index_view),
                name="quiz_attempt_item_analysis_index",
            ),
            path(
                "item-analysis/<int:quiz_id>/",
                view(self.item_analysis_view),
                name="quiz_attempt_item_analysis",
            ),
            *super().get_urls(),
        ]


def chosen_group(value: str, groups: list):
    """The group a report is filtered by: None for all, False for one not among `groups`."""
    if value == "":
        return None
    return next((g for g in groups if str(g.pk) == value), False)


def report_charts(report: analysis.ItemAnalysis) -> dict:
    histogram = charts.column_chart([(b.label, b.count) for b in report.summary.histogram])
    facility = charts.share_bar_chart(
        [
            (f"Q{stats.number}", stats.facility or 0.0, bool(stats.flags))
            for stats in report.questions
        ],
        guides=[
            (f"{analysis.FACILITY_LOW:.0%}", analysis.FACILITY_LOW),
            (f"{analysis.FACILITY_HIGH:.0%}", analysis.FACILITY_HIGH),
        ],
    )
    return {"histogram_chart": histogram, "facility_chart": facility}


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["name", "quiz", "issued_at", "code"]
    list_select_related = ["attempt__quiz"]
    search_fields = ["name", "code", "attempt__user__username"]
    readonly_fields = ["attempt", "name", "issued_at", "code"]

    def get_queryset(self, request):
        certificates = super().get_queryset(request)
        return scope.only_their_people(certificates, request.user, person="attempt__user")

    @admin.display(description=_("quiz"))
    def quiz(self, certificate):
        return certificate.attempt.quiz


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["attempt", "question", "points"]
    list_select_related = ["attempt__user", "attempt__quiz", "question"]

    def get_queryset(self, request):
        responses = super().get_queryset(request)
        return scope.only_their_people(responses, request.user, person="attempt__user")


@admin.register(Selection)
class SelectionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["response", "item", "choice"]
    list_select_related = [
        "response__attempt__user",
        "response__attempt__quiz",
        "response__question",
        "item",
        "choice",
    ]

    def get_queryset(self, request):
        selections = super().get_queryset(request)
        return scope.only_their_people(selections, request.user, person="response__attempt__user")
