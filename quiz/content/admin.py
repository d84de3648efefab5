"""The content admin: the release, its components, roles, facts and objectives, and the
questions built from them, all to read; and each quiz's settings, to change.

Who owns what: the content belongs to the fixtures in fixtures/ (reviewed like code, and
checked against the release by build_questions), so the admin shows it and changes none
of it; an edit here would be undone by the next build, or would bypass its checks. How a
quiz is run (pass mark, published, attempts, time limit) belongs to the admins: it is
changed here and kept by every build.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..kinds import kind_of
from ..models import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Objective,
    Passage,
    Question,
    Quiz,
    Release,
    Role,
    answer_key_prefetches,
)
from ..readonly_admin import ReadOnlyAdmin

FIXTURE_NOTE = _(
    "This content comes from the fixtures in fixtures/ and is read-only here. To change "
    "it, edit the fixture and run build_questions, which checks it against the release."
)


class FixtureOwned(ReadOnlyAdmin):
    """Content loaded from the fixtures: shown, never added, changed or deleted here."""

    deletable = False

    def render_change_form(self, request, context, *args, **kwargs):
        messages.info(request, FIXTURE_NOTE)
        return super().render_change_form(request, context, *args, **kwargs)


class ReadOnlyInline(ReadOnlyAdmin, admin.TabularInline):
    extra = 0
    deletable = False


class PassageInline(ReadOnlyInline):
    model = Passage


@admin.register(Release)
class ReleaseAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(FixtureOwned, admin.ModelAdmin):
    fields = ["release", "key", "position", "kind", "text"]
    list_display = ["position", "key", "kind", "release"]
    list_filter = ["release", "kind"]
    search_fields = ["text"]


class ComponentRoleInlineBase(ReadOnlyInline):
    """A component–role pair with the release's passage that says so, shown beside it."""

    model = ComponentRole
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
class ComponentAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "position"]
    search_fields = ["abbreviation", "name"]
    inlines = [RolesOfComponentInline]


@admin.register(Role)
class RoleAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["phrase", "key", "position"]
    search_fields = ["phrase", "key"]
    inlines = [ComponentsOfRoleInline]


@admin.register(ComponentRole)
class ComponentRoleAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["component", "role", "passage"]
    list_select_related = ["component", "role", "passage"]


@admin.register(Fact)
class FactAdmin(FixtureOwned, admin.ModelAdmin):
    fields = [
        "release",
        "key",
        "position",
        "kind",
        "prompt",
        "answer",
        "distractors",
        "why",
        "claim",
        "false_term",
        "true_term",
        "passage",
        "quote",
    ]
    list_display = ["position", "prompt", "kind", "answer"]
    list_filter = ["release", "kind"]


def answer_key_html(question: Question):
    """A question's answer key as its kind shows it to editors (choices, matching pairs)."""
    choices, items = question.choices.all(), question.match_items.all()
    return kind_of(question.kind).answer_key_html(choices, items)


class ObjectiveInline(ReadOnlyInline):
    model = Objective
    fields = ["position", "key", "text"]


class QuestionInline(ReadOnlyInline):
    """The quiz's questions with their choices and right answers; each has its own page."""

    model = Question
    fields = ["position", "objective", "kind", "prompt", "choices_and_answers", "is_active"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("objective")
        return queryset.prefetch_related(*answer_key_prefetches())

    @admin.display(description=_("choices and right answers"))
    def choices_and_answers(self, question):
        return answer_key_html(question)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    """A quiz's content is the fixtures'; how it is run is the admins'."""

    list_display = ["title", "pass_mark", "is_published", "position", "report_link"]
    fields = [
        "title",
        "slug",
        "description",
        "release",
        "position",
        "pass_mark",
        "is_published",
        "max_attempts",
        "attempts_per_day",
        "wait_minutes",
        "time_limit_minutes",
    ]
    readonly_fields = ["title", "slug", "description", "release", "position"]
    inlines = [ObjectiveInline, QuestionInline]

    def has_add_permission(self, request):
        return False  # a quiz comes from fixtures/quizzes.json

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("item analysis"))
    def report_link(self, quiz):
        url = reverse("admin:quiz_attempt_item_analysis", args=[quiz.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Item analysis"))


class ChoiceInline(ReadOnlyInline):
    model = Choice
    fields = ["position", "text", "is_correct", "feedback"]


class MatchItemInline(ReadOnlyInline):
    model = MatchItem
    fields = ["position", "label", "correct_choice", "component"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("correct_choice", "component")


@admin.register(Question)
class QuestionAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["prompt", "quiz", "objective", "kind", "position", "is_active"]
    list_filter = ["quiz", "kind", "is_active", "objective"]
    list_select_related = ["quiz", "objective"]
    search_fields = ["prompt", "key"]
    inlines = [ChoiceInline, MatchItemInline]


class ListedOnlyAdmin(FixtureOwned, admin.ModelAdmin):
    """Choices and matching items are listed here and shown on their question's page."""


@admin.register(Choice)
class ChoiceAdmin(ListedOnlyAdmin):
    list_display = ["text", "question", "is_correct"]
    list_select_related = ["question"]
    search_fields = ["text"]


@admin.register(MatchItem)
class MatchItemAdmin(ListedOnlyAdmin):
    list_display = ["label", "question", "correct_choice"]
    list_select_related = ["question", "correct_choice"]


@admin.register(Objective)
class ObjectiveAdmin(FixtureOwned, admin.ModelAdmin):
    list_display = ["text", "quiz", "key", "position"]
    list_filter = ["quiz"]
    list_select_related = ["quiz"]
    filter_horizontal = ["roles", "facts"]
