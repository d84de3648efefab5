"""Assignments and their completion reports (page, CSV and XLSX), and extensions."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ... import scope
from ...models import Assignment, Extension
from ...safe_csv import csv_response
from ...safe_xlsx import xlsx_response
from ...scores import floor_percent
from ...stats.recall import recall_of_group
from .. import selectors
from ..standing import Status
from .trail import audit_trail


def names_a_row(name: str, value) -> bool:
    """Whether an assignment's field given in the address is valid: a group or quiz that
    exists, or any other field (the form checks those)."""
    try:
        field = Assignment._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    if not field.many_to_one:
        return True
    try:
        field.formfield().clean(value)
    except ValidationError:
        return False
    return True


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [(s.value, s.label) for s in Status],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=150)
    page = forms.IntegerField(required=False, min_value=1)

    def filters(self) -> dict:
        """The filters given; a field that is not valid (a page "x") counts as not given."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "status": Status(data["status"]) if data.get("status") else None,
            "search": data.get("q") or "",
            "page": data.get("page") or 1,
        }


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "quiz",
        "group",
        "due_on",
        "time_zone",
        "renew_every_months",
        "refreshers",
        "report_link",
    ]
    list_filter = ["group", "quiz"]
    list_select_related = ["quiz", "group"]
    search_fields = ["group__name", "quiz__title"]
    fields = [
        "group",
        "quiz",
        "due_on",
        "due_within_days",
        "time_zone",
        "renew_every_months",
        "precheck",
        "refreshers",
    ]
    autocomplete_fields = ["group"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, "changes"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["changes"]

    @admin.display(description=_("changes"))
    def changes(self, assignment):
        return audit_trail(assignment)

    def get_queryset(self, request):
        return scope.only_their_groups(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = scope.groups_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """Values from the address (?group=3), each kept only if it names a row: a link
        with ?group=abc opens the form with the field empty, not a 500."""
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if names_a_row(name, value)}

    @admin.display(description=_("completion report"))
    def report_link(self, assignment):
        url = reverse("admin:quiz_assignment_report", args=[assignment.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Report"))

    def assignment_or_404(self, request, pk) -> Assignment:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("quiz", "group"), pk=pk)

    def report_view(self, request, pk):
        assignment = self.assignment_or_404(request, pk)
        form = ReportFilterForm(request.GET)
        report = selectors.completion_report(assignment, **form.filters())
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Completion: %(assignment)s") % {"assignment": assignment},
            "assignment": assignment,
            "report": report,
            "form": form,
            "statuses": status_bar(report),
            "recall": recall_of_group(quiz=assignment.quiz, group=assignment.group),
            "filter_query": query.urlencode(),
            "may_view_attempts": request.user.has_perm("quiz.view_attempt"),
            "may_view_trainees": request.user.has_perm("quiz.view_trainee"),
        }
        return TemplateResponse(request, "admin/quiz/assignment/report.html", context)

    def report_export_view(self, request, pk, spreadsheet=csv_response):
        assignment = self.assignment_or_404(request, pk)
        filters = ReportFilterForm(request.GET).filters()
        filters.pop("page", None)
        rows = report_rows(selectors.progress_for_export(assignment, **filters))
        return spreadsheet(rows, f"completion-{assignment.quiz.slug}")

    def report_xlsx_view(self, request, pk):
        return self.report_export_view(request, pk, spreadsheet=xlsx_response)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/report/", view(self.report_view), name="quiz_assignment_report"),
            path(
                "<int:pk>/report/export/",
                view(self.report_export_view),
                name="quiz_assignment_report_export",
            ),
            path(
                "<int:pk>/report/export.xlsx",
                view(self.report_xlsx_view),
                name="quiz_assignment_report_xlsx",
            ),
            *super().get_urls(),
        ]


def status_bar(report: selectors.CompletionReport) -> list[tuple[Status, int, float, float]]:
    """Each status with its count, its share of the members in percent, and where its
    piece of the stacked bar starts (percent from the left)."""
    bar, offset = [], 0.0
    for status in Status:
        count = report.counts[status]
        percent = round(100 * count / report.total, 1) if report.total else 0.0
        bar.append((status, count, percent, round(offset, 1)))
        offset += percent
    return bar


def report_rows(members):
    yield [
        gettext("trainee"),
        gettext("name"),
        gettext("email"),
        gettext("status"),
        gettext("due date"),
        gettext("last attempt started"),
        gettext("last passed"),
        gettext("best percent"),
        gettext("attempts"),
        gettext("certificate"),
    ]
    for m in members:
        yield [
            m.username,
            m.name,
            m.email,
            m.status.label,
            m.standing.due_on.isoformat(),
            m.last_started_at,
            m.last_passed_at,
            floor_percent(m.best_percent),  # as the report page and the trainee's pages
            m.attempt_count,
            m.certificate.code if m.certificate else "",
        ]


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = Extension
        fields = ["assignment", "user", "due_on", "reason"]

    def clean(self):
        cleaned = super().clean()
        assignment, user = cleaned.get("assignment"), cleaned.get("user")
        if assignment and user and not assignment.group.members.filter(pk=user.pk).exists():
            raise ValidationError(
                gettext("%(user)s is not a member of %(group)s.")
                % {"user": user, "group": assignment.group}
            )
        return cleaned


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    """More time for one trainee: due by the extension's day instead of the assignment's."""

    form = ExtensionForm
    list_display = ["user", "assignment", "due_on", "reason", "created_at"]
    list_select_related = ["user", "assignment__quiz", "assignment__group"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["assignment", "user"]

    def get_queryset(self, request):
        return scope.only_their_groups(
            super().get_queryset(request), request.user, group="assignment__group"
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignment":
            kwargs["queryset"] = scope.only_their_groups(Assignment.objects.all(), request.user)
        if db_field.name == "user":
            kwargs["queryset"] = scope.only_their_people(
                User.objects.all(), request.user, person="pk"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
