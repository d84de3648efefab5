from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


class ComponentRoleInline(admin.TabularInline):
    model = ComponentRole
    extra = 0
    autocomplete_fields = ["role"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "position"]
    inlines = [ComponentRoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "key", "position"]
    search_fields = ["phrase", "key"]


@admin.register(ComponentRole)
class ComponentRoleAdmin(admin.ModelAdmin):
    list_display = ["component", "role", "passage"]
    list_select_related = ["component", "role", "passage"]


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ["position", "prompt", "kind", "answer"]
    list_filter = ["release", "kind"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "prompt", "is_active"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "pass_mark", "is_published", "position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class MatchItemInline(admin.TabularInline):
    model = MatchItem
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "quiz", "kind", "position", "is_active"]
    list_filter = ["quiz", "kind", "is_active"]
    list_select_related = ["quiz"]
    search_fields = ["prompt", "key"]
    inlines = [ChoiceInline, MatchItemInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["text", "question", "is_correct"]
    list_select_related = ["question"]
    search_fields = ["text"]


@admin.register(MatchItem)
class MatchItemAdmin(admin.ModelAdmin):
    list_display = ["label", "question", "correct_choice"]
    list_select_related = ["question", "correct_choice"]


# --- Results: records, read-only ------------------------------------------------------


class ReadOnlyAdminMixin:
    """Results are records: nobody edits a score or an answer after the fact."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResponseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Response
    fields = ["position", "question", "answer", "points"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("question")
            .prefetch_related("selections__choice", "selections__item")
        )

    @admin.display(description=_("answer"))
    def answer(self, response):
        return "; ".join(
            f"{s.item.label}: {s.choice.text}" if s.item_id else s.choice.text
            for s in response.selections.all()
        ) or _("No answer")


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "quiz", "status", "percent", "passed", "started_at", "submitted_at"]
    list_filter = ["quiz", "status", "passed"]
    list_select_related = ["user", "quiz"]
    search_fields = ["user__username", "user__email"]

    date_hierarchy = "submitted_at"
    inlines = [ResponseInline]


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
