"""Training groups: their members (counted, not listed), coordinators, assignments and
changes; and who joined which group when."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ... import scope
from ...models import Assignment, Membership, TrainingGroup
from ...readonly_admin import ReadOnlyAdmin
from .trail import audit_trail


@admin.register(TrainingGroup)
class TrainingGroupAdmin(admin.ModelAdmin):
    """A group's page names its members' count and lists its assignments; it does not
    list the members themselves, which may be thousands: they are chosen on the trainees
    list (its actions, or an import with a groups column)."""

    list_display = ["name", "member_count", "assignment_count"]
    search_fields = ["name"]
    readonly_fields = ["members_link", "assignment_list", "changes"]

    filter_horizontal = ["coordinators"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "description", "coordinators"]
        return [
            "name",
            "description",
            "coordinators",
            "members_link",
            "assignment_list",
            "changes",
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":  # staff only: a trainee coordinates nothing
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Whoever makes a group, and sees only their own, coordinates it."""
        super().save_related(request, form, formsets, change)
        if not scope.sees_every_group(request.user):
            form.instance.coordinators.add(request.user)

    def get_queryset(self, request):
        groups = scope.only_their_groups(super().get_queryset(request), request.user, group="")
        return groups.annotate(
            member_total=count_of(Membership, "group"),
            assignment_total=count_of(Assignment, "group"),
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, group):
        return format_html('<a href="{}">{}</a>', members_url(group), group.member_total)

    @admin.display(description=_("assignments"), ordering="assignment_total")
    def assignment_count(self, group):
        return group.assignment_total

    @admin.display(description=_("members"))
    def members_link(self, group):
        return format_html(
            '<a href="{}">{}</a>. {}',
            members_url(group),
            ngettext("%(count)d member", "%(count)d members", group.member_total)
            % {"count": group.member_total},
            gettext(
                "Add or remove trainees on the trainees list (tick them, then the action "
                "“Add to a training group” or “Remove from a training group”), or import "
                "them with this group's name in the groups column."
            ),
        )

    @admin.display(description=_("changes"))
    def changes(self, group):
        return audit_trail(group)

    @admin.display(description=_("assignments"))
    def assignment_list(self, group):
        assignments = group.assignments.select_related("quiz").order_by("due_on", "pk")
        rows = format_html_join(
            "",
            '<li>{} – {} {} (<a href="{}">{}</a>)</li>',
            (
                (
                    a.quiz.title,
                    gettext("due"),
                    date_format(a.due_on),
                    reverse("admin:quiz_assignment_report", args=[a.pk]),
                    gettext("completion report"),
                )
                for a in assignments
            ),
        )
        add_url = reverse("admin:quiz_assignment_add") + f"?group={group.pk}"
        return format_html(
            '<ul class="assignment-list">{}</ul><a class="addlink" href="{}">{}</a>',
            rows,
            add_url,
            gettext("Assign a quiz to this group"),
        )


def count_of(model, group_field: str):
    """How many rows of `model` name the group: a subquery each, not a join of members
    with assignments (10,000 members and 50 assignments made 500,000 rows to count)."""
    rows = model.objects.filter(**{group_field: OuterRef("pk")}).order_by()
    counted = rows.values(group_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def members_url(group: TrainingGroup) -> str:
    return reverse("admin:quiz_trainee_changelist") + f"?training_groups__id__exact={group.pk}"


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who is in which group since when; changed through the trainees list's actions."""

    deletable = False
    list_display = ["user", "group", "joined_at"]
    list_filter = ["group"]
    list_select_related = ["user", "group"]
    search_fields = ["user__username", "user__email"]

    def get_queryset(self, request):
        return scope.only_their_groups(super().get_queryset(request), request.user)
