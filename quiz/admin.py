"""The admin: content editing for admins, and results as read-only records for review.

What a user may see or do comes from Django's model permissions only: admins hold them
all, the "Training reviewer" group (migration 0005) holds view permissions on results
and trainees. Results can be viewed and, with the delete permission, deleted; never
added or changed. The export and the item-analysis report need the view permission on
attempts, like the changelist they start from.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import charts, exports, reports
from .forms import ReportPeriodForm
from .models import (
    Attempt,
    Certificate,
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Passage,
    Question,
    Quiz,
    Release,
    Response,
    Role,
    Selection,
)

# --- Content ------------------------------------------------------------------------


class PassageInline(admin.TabularInline):
    model = Passage
    extra = 0


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["position", "key", "kind", "release"]
    list_filter = ["release", "kind"]
    search_fields = ["text"]


class ComponentRoleInlineBase(admin.TabularInline):
    """A component–role pair with the release's passage that says so, shown beside it."""

    model = ComponentRole
    extra = 0
    autocomplete_fields = ["component", "role", "passage"]
    readonly_fields = ["passage_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("component", "role", "passage")

    @admin.display(description=_("what the passage says"))
    def passage_text(self, component_role):
        return component_role.passage.text if component_role.passage_id else "—"


class RolesOfComponentInline(ComponentRoleInlineBase):
    fields = ["role", "passage", "passage_text"]
    verbose_name = _("role")
    verbose_name_plural = _("roles, with the passage of the release that states each")


class ComponentsOfRoleInline(ComponentRoleInlineBase):
    fields = ["component", "passage", "passage_text"]
    verbose_name = _("component")
    verbose_name_plural = _("components, with the passage of the release that states each")


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "position"]
    search_fields = ["abbreviation", "name"]
    inlines = [RolesOfComponentInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "key", "position"]
    search_fields = ["phrase", "key"]
    inlines = [ComponentsOfRoleInline]


@admin.register(ComponentRole)
class ComponentRoleAdmin(admin.ModelAdmin):
    list_display = ["component", "role", "passage"]
    list_select_related = ["component", "role", "passage"]


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ["position", "prompt", "kind", "answer"]
    list_filter = ["release", "kind"]


def answer_key_html(question: Question):
    """A question's choices, the right ones marked in words, or its matching pairs."""
    items = list(question.match_items.all())
    if items:
        return format_html_join(
            mark_safe("<br>"), "{} → {}", ((item.label, item.correct_choice.text) for item in items)
        )
    right, wrong = gettext("right"), gettext("wrong")
    return format_html_join(
        mark_safe("<br>"),
        "{} <em>({})</em>",
        ((c.text, right if c.is_correct else wrong) for c in question.choices.all()),
    )


def with_answer_key(questions):
    return questions.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")),
        Prefetch(
            "match_items",
            queryset=MatchItem.objects.select_related("correct_choice").order_by("position"),
        ),
    )


class QuestionInline(admin.TabularInline):
    """The quiz's questions with their choices; each is edited on its own page."""

    model = Question
    extra = 0
    fields = ["position", "kind", "prompt", "choices_and_answers", "is_active"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return with_answer_key(super().get_queryset(request))

    @admin.display(description=_("choices and right answers"))
    def choices_and_answers(self, question):
        return answer_key_html(question)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "pass_mark", "is_published", "position", "report_link"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]

    @admin.display(description=_("item analysis"))
    def report_link(self, quiz):
        url = reverse("admin:quiz_attempt_item_analysis", args=[quiz.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Item analysis"))


def is_asked(question: Question | None) -> bool:
    """Whether any attempt asked this version; cached on the object for the request."""
    if question is None or question.pk is None:
        return False
    if not hasattr(question, "_is_asked"):
        question._is_asked = question.responses.exists()
    return question._is_asked


class AnsweredQuestionLock:
    """A question version trainees answered is a record: its content can no longer change.

    To change it, edit the content in fixtures/ and run build_questions: that retires
    the version and adds a new one, so past attempts keep showing what they asked.
    For inlines too, `obj` is the question whose page it is.
    """

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_asked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_asked(obj)


class AnswerKeyInline(AnsweredQuestionLock, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not is_asked(obj)


class ChoiceFormSet(BaseInlineFormSet):
    """A question keeps the number of right answers its kind allows."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        right = sum(1 for f in kept if f.cleaned_data.get("is_correct"))
        kind = self.instance.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and right != 1:
            raise ValidationError(gettext("Mark exactly one choice as right for this question."))
        if kind == Question.Kind.MULTIPLE and right < 1:
            raise ValidationError(gettext("Mark at least one choice as right."))
        if kind == Question.Kind.MATCHING and right:
            raise ValidationError(
                gettext("A matching question's right options are set on its items, not here.")
            )


class ChoiceInline(AnswerKeyInline):
    model = Choice
    formset = ChoiceFormSet


class MatchItemInline(AnswerKeyInline):
    model = MatchItem

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("correct_choice", "component")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An item's right option is one of its own question's choices, never another's.
        if db_field.name == "correct_choice":
            question_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Choice.objects.filter(question_id=question_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


ANSWERED_NOTE = _(
    "Trainees answered this version of the question, so it is kept as they saw it. "
    "To change it, edit the content in fixtures/ and run build_questions, which adds "
    "a new version."
)


@admin.register(Question)
class QuestionAdmin(AnsweredQuestionLock, admin.ModelAdmin):
    list_display = ["prompt", "quiz", "kind", "position", "is_active"]
    list_filter = ["quiz", "kind", "is_active"]
    list_select_related = ["quiz"]
    search_fields = ["prompt", "key"]
    readonly_fields = ["key", "fingerprint"]
    inlines = [ChoiceInline, MatchItemInline]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if is_asked(obj):
            messages.info(request, ANSWERED_NOTE)
        return super().render_change_form(request, context, add, change, form_url, obj)


class EditedOnQuestionPageAdmin(admin.ModelAdmin):
    """Choices and matching items are listed here but edited on their question's page."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Choice)
class ChoiceAdmin(EditedOnQuestionPageAdmin):
    list_display = ["text", "question", "is_correct"]
    list_select_related = ["question"]
    search_fields = ["text"]


@admin.register(MatchItem)
class MatchItemAdmin(EditedOnQuestionPageAdmin):
    list_display = ["label", "question", "correct_choice"]
    list_select_related = ["question", "correct_choice"]


# --- Results: records, read-only ------------------------------------------------------


class ReadOnlyAdminMixin:
    """Results are records: nobody adds or edits a score or an answer after the fact."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def without_content_links(request, fields: list[str]) -> list[str]:
    """Show the quiz and question as text to those who may not open their admin pages.

    A read-only foreign key is a link to its admin page; a reviewer has no permission
    on content, so for them it would only lead to "403 Forbidden".
    """
    swaps = {"quiz": ("quiz.view_quiz", "quiz_text"), "question": ("quiz.view_question", "prompt")}
    return [
        swaps[name][1] if name in swaps and not request.user.has_perm(swaps[name][0]) else name
        for name in fields
    ]


def chosen_html(response: Response):
    """What the trainee picked; for matching, each item with its option, in item order."""
    selections = list(response.selections.all())
    items = list(response.question.match_items.all())
    if items:
        picked = {s.item_id: s.choice.text for s in selections}
        no_answer = gettext("no answer")
        return format_html_join(
            mark_safe("<br>"),
            "{} → {}",
            ((item.label, picked.get(item.pk, no_answer)) for item in items),
        )
    if not selections:
        return gettext("No answer")
    return format_html_join(mark_safe("<br>"), "{}", ((s.choice.text,) for s in selections))


def right_answer_html(question: Question):
    items = list(question.match_items.all())
    if items:
        return format_html_join(
            mark_safe("<br>"), "{} → {}", ((item.label, item.correct_choice.text) for item in items)
        )
    return format_html_join(
        mark_safe("<br>"), "{}", ((c.text,) for c in question.choices.all() if c.is_correct)
    )


class ResponseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Response
    fields = ["position", "question", "chosen", "right_answer", "points"]
    readonly_fields = [*fields, "prompt"]
    extra = 0
    can_delete = False

    def get_fields(self, request, obj=None):
        return without_content_links(request, self.fields)

    @admin.display(description=_("question"))
    def prompt(self, response):
        return response.question.prompt

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("question")
            .prefetch_related(
                Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")),
                Prefetch(
                    "question__match_items",
                    queryset=MatchItem.objects.select_related("correct_choice").order_by(
                        "position"
                    ),
                ),
                Prefetch(
                    "selections",
                    queryset=Selection.objects.select_related("choice").order_by("pk"),
                ),
            )
        )

    @admin.display(description=_("chosen"))
    def chosen(self, response):
        return chosen_html(response)

    @admin.display(description=_("right answer"))
    def right_answer(self, response):
        return right_answer_html(response.question)


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
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "trainee",
        "quiz",
        "status",
        "percent",
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
        "score",
        "max_score",
        "percent",
        "passed",
    ]
    readonly_fields = [*fields, "quiz_text"]
    inlines = [ResponseInline]
    actions = ["export_csv"]

    class Media:
        css = {"all": ["css/admin-report.css"]}

    def get_fields(self, request, obj=None):
        return without_content_links(request, self.fields)

    @admin.display(description=_("quiz"))
    def quiz_text(self, attempt):
        return attempt.quiz.title

    def get_queryset(self, request):
        # Time taken is worked out by the database so the column can be sorted on.
        return (
            super().get_queryset(request).annotate(time_taken=F("submitted_at") - F("started_at"))
        )

    @admin.display(description=_("trainee"), ordering="user__username")
    def trainee(self, attempt):
        name = attempt.user.get_full_name()
        username = attempt.user.get_username()
        return f"{username} ({name})" if name else username

    @admin.display(description=_("time taken"), ordering="time_taken")
    def time_taken(self, attempt):
        return duration_text(attempt.time_taken)

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
            "quizzes": reports.submitted_counts_by_quiz(),
        }
        return TemplateResponse(request, "admin/quiz/attempt/item_analysis_index.html", context)

    def item_analysis_view(self, request, quiz_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        quiz = get_object_or_404(Quiz, pk=quiz_id)
        form = ReportPeriodForm(request.GET)
        report = None
        if form.is_valid():
            report = reports.item_analysis(quiz, **form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Item analysis: %(quiz)s") % {"quiz": quiz.title},
            "quiz": quiz,
            "form": form,
            "report": report,
            "facility_low": reports.FACILITY_LOW,
            "facility_high": reports.FACILITY_HIGH,
            **(report_charts(report) if report else {}),
        }
        return TemplateResponse(request, "admin/quiz/attempt/item_analysis.html", context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_view), name="quiz_attempt_export"),
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


def report_charts(report: reports.ItemAnalysis) -> dict:
    histogram = charts.column_chart([(b.label, b.count) for b in report.summary.histogram])
    facility = charts.share_bar_chart(
        [
            (f"Q{stats.number}", stats.facility or 0.0, bool(stats.flags))
            for stats in report.questions
        ],
        guides=[
            (f"{reports.FACILITY_LOW:.0%}", reports.FACILITY_LOW),
            (f"{reports.FACILITY_HIGH:.0%}", reports.FACILITY_HIGH),
        ],
    )
    return {"histogram_chart": histogram, "facility_chart": facility}


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "quiz", "issued_at", "code"]
    list_select_related = ["attempt__quiz"]
    search_fields = ["name", "code", "attempt__user__username"]
    readonly_fields = ["attempt", "name", "issued_at", "code"]

    @admin.display(description=_("quiz"))
    def quiz(self, certificate):
        return certificate.attempt.quiz


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attempt", "question", "points"]
    list_select_related = ["attempt__user", "attempt__quiz", "question"]


@admin.register(Selection)
class SelectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["response", "item", "choice"]
    list_select_related = [
        "response__attempt__user",
        "response__attempt__quiz",
        "response__question",
        "item",
        "choice",
    ]
