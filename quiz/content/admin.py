"""The content admin: the release, its components, roles and facts, and the questions.

Admins edit content here; a question version that trainees answered is a record and is
locked (AnsweredQuestionLock).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..kinds import find, kind_of
from ..models import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Passage,
    Question,
    Quiz,
    Release,
    Role,
    answer_key_prefetches,
)


class PassageInline(admin.TabularInline):
    model = Passage
    extra = 0


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    fields = ["release", "key", "position", "kind", "text"]
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
    fields = [
        "release",
        "key",
        "position",
        "kind",
        "prompt",
        "answer",
        "distractors",
        "passage",
        "quote",
    ]
    list_display = ["position", "prompt", "kind", "answer"]
    list_filter = ["release", "kind"]


def answer_key_html(question: Question):
    """A question's answer key as its kind shows it to editors (choices, matching pairs)."""
    choices, items = question.choices.all(), question.match_items.all()
    return kind_of(question.kind).answer_key_html(choices, items)


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
        return super().get_queryset(request).prefetch_related(*answer_key_prefetches())

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
        kind = find(self.instance.kind)
        problem = kind.check_right_count(right) if kind else ""  # no kind: the form says so
        if problem:
            raise ValidationError(problem)


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
