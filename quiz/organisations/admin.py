"""The training's administration: groups, assignments and their completion reports,
trainees (imported in bulk, each with a page of their record) and the reminders sent.

Who may do what comes from model permissions (migration 0010): the "Training manager"
group adds and changes groups and assignments and imports trainees; the "Training
reviewer" group reads the reports. Neither may change a result, a user's account or a
reminder: those pages are read-only to everyone.
"""

from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from .. import scope
from ..accounts.services import address_is_taken
from ..models import Assignment, Extension, Membership, Reminder, Trainee, TrainingGroup
from ..outbox.admin import ResendMixin, error_line
from ..readonly_admin import ReadOnlyAdmin
from ..safe_csv import csv_response
from ..safe_xlsx import xlsx_response
from ..scores import floor_percent
from . import selectors, services, uploads
from .imports import TraineeResource
from .standing import Status
from .tasks import invite, send_reminders

# --- Groups and assignments ---------------------------------------------------------


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


AUDIT_ENTRIES_SHOWN = 20


def change_text(field: str, values) -> str:
    if isinstance(values, dict):  # a many-to-many change: who was added or removed
        verb = gettext("added") if values.get("operation") == "add" else gettext("removed")
        return f"{field}: {verb} {', '.join(values.get('objects', []))}"
    old, new = values
    return f"{field}: {old} → {new}"


def audit_trail(obj):
    """The object's last changes, newest first: when, who, and each field's old and new
    value (django-auditlog). One query."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor")[:AUDIT_ENTRIES_SHOWN]
    rows = format_html_join(
        "",
        "<li><time>{}</time> – {} – {}</li>",
        (
            (
                date_format(entry.timestamp, "DATETIME_FORMAT"),
                entry.actor or gettext("the system"),
                "; ".join(change_text(f, v) for f, v in entry.changes_dict.items())
                or entry.get_action_display(),
            )
            for entry in entries
        ),
    )
    return format_html('<ul class="audit-trail">{}</ul>', rows) if rows else gettext("None yet.")


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


def count_of(model, group_field: str):
    """How many rows of `model` name the group: a subquery each, not a join of members
    with assignments (10,000 members and 50 assignments made 500,000 rows to count)."""
    rows = model.objects.filter(**{group_field: OuterRef("pk")}).order_by()
    counted = rows.values(group_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def members_url(group: TrainingGroup) -> str:
    return reverse("admin:quiz_trainee_changelist") + f"?training_groups__id__exact={group.pk}"


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
    list_display = ["quiz", "group", "due_on", "time_zone", "renew_every_months", "report_link"]
    list_filter = ["group", "quiz"]
    list_select_related = ["quiz", "group"]
    search_fields = ["group__name", "quiz__title"]
    fields = ["group", "quiz", "due_on", "due_within_days", "time_zone", "renew_every_months"]
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


# --- Trainees -----------------------------------------------------------------------


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


class GroupChoiceForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Training group"), queryset=TrainingGroup.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = scope.groups_for(user).order_by("name")


class TraineeForm(forms.ModelForm):
    """What a manager may correct on a trainee's page: the address, and whether they may
    still log in. An address another confirmed account has is refused, as everywhere."""

    class Meta:
        model = Trainee
        fields = ["email", "is_active"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if not email:
            raise ValidationError(gettext("A trainee needs an email address."))
        if address_is_taken(email, besides=self.instance):
            raise ValidationError(gettext("Another account has this address."))
        return email


class TraineeImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        uploads.check_upload(upload)
        return upload


@admin.register(Trainee)
class TraineeAdmin(ImportMixin, ReadOnlyAdmin, admin.ModelAdmin):
    """Trainees in: imported from a file (never typed with a password), then each one's
    record on a page: groups, assignments and where they stand, attempts, certificates."""

    resource_classes = [TraineeResource]
    formats = [CSV, XLSX]
    import_form_class = TraineeImportForm
    tmp_storage_class = uploads.UploadStorage
    list_display = ["username", "full_name", "email", "is_active", "date_joined"]
    list_filter = ["training_groups", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fields = ["username", "full_name", "email", "is_active", "date_joined", "last_login"]
    form = TraineeForm
    change_form_template = "admin/quiz/trainee/change_form.html"
    import_template_name = "admin/quiz/trainee/import.html"
    actions = ["add_to_group", "remove_from_group", "invite_again", "mark_left", "mark_back"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """A manager corrects a trainee's email address and marks who has left; a member of
        staff's account is changed only in the users admin, by whoever may."""
        if obj is not None and (obj.is_staff or obj.is_superuser):
            return False
        return request.user.has_perm("quiz.change_trainee")

    def get_readonly_fields(self, request, obj=None):
        editable = {"email", "is_active"} if self.has_change_permission(request, obj) else set()
        return [name for name in self.fields if name not in editable]

    def save_model(self, request, obj, form, change):
        services.correct_trainee(
            trainee=obj, email=form.cleaned_data["email"], active=form.cleaned_data["is_active"]
        )

    def save_related(self, request, form, formsets, change):
        """Nothing related is edited here: groups change through the actions."""

    @admin.action(description=_("Mark as left (cannot log in)"), permissions=["change"])
    def mark_left(self, request, trainees):
        count = services.set_active(trainees=trainees, active=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d trainee marked as left.", "%(count)d trainees marked as left.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Mark as back (may log in)"), permissions=["change"])
    def mark_back(self, request, trainees):
        count = services.set_active(trainees=trainees, active=True)
        self.message_user(
            request,
            ngettext("%(count)d trainee may log in.", "%(count)d trainees may log in.", count)
            % {"count": count},
        )

    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user, person="pk")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "importer": request.user}

    def has_manage_groups_permission(self, request):
        return request.user.has_perm("quiz.change_traininggroup")

    @admin.action(description=_("Add to a training group"), permissions=["manage_groups"])
    def add_to_group(self, request, trainees):
        return self.change_membership(request, trainees, joining=True)

    @admin.action(description=_("Remove from a training group"), permissions=["manage_groups"])
    def remove_from_group(self, request, trainees):
        return self.change_membership(request, trainees, joining=False)

    def change_membership(self, request, trainees, *, joining: bool):
        """Ask which group (an intermediate page, as Django's delete action does), then
        add the ticked trainees to it or take them out; back to the list."""
        form = GroupChoiceForm(request.POST if "apply" in request.POST else None, user=request.user)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Add to a training group")
                if joining
                else gettext("Remove from a training group"),
                "form": form,
                "count": trainees.count(),
                "examples": list(trainees.order_by("username")[:10]),
                "posted": request.POST,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/quiz/trainee/change_membership.html", context)
        group = form.cleaned_data["group"]
        if joining:
            count = services.add_to_group(group=group, trainees=trainees)
            message = ngettext(
                "%(count)d trainee is in %(group)s now.",
                "%(count)d trainees are in %(group)s now.",
                count,
            )
        else:
            count = services.remove_from_group(group=group, trainees=trainees)
            message = ngettext(
                "%(count)d trainee is out of %(group)s now.",
                "%(count)d trainees are out of %(group)s now.",
                count,
            )
        self.message_user(request, message % {"count": count, "group": group.name})
        return None

    def has_invite_permission(self, request):
        return request.user.has_perm("quiz.add_trainee")

    @admin.action(description=_("Send the invitation again"), permissions=["invite"])
    def invite_again(self, request, trainees):
        """A fresh link to choose a password, for those who never logged in."""
        invited = invite(list(trainees.filter(last_login=None).values_list("pk", flat=True)))
        message = ngettext(
            "%(count)d invitation queued.", "%(count)d invitations queued.", invited
        ) % {"count": invited}
        if invited < len(trainees):
            message += " " + gettext(
                "Trainees who have logged in, are inactive or have no email address get none."
            )
        self.message_user(request, message)
        return None

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, trainee):
        return trainee.get_full_name()

    def get_import_data_kwargs(self, **kwargs):
        # A row that became bad between the preview and the confirmation (its username
        # taken meanwhile) must undo the whole file, not leave the others written.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def import_action(self, request, **kwargs):
        """The preview. Its file waits for the confirmation under a name bound to this
        session; a preview that cannot be confirmed deletes it at once."""
        uploads.remove_abandoned_uploads()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        upload = form.cleaned_data.get("import_file") if form and form.is_bound else None
        name = getattr(upload, "tmp_storage_name", None)
        if name and context.get("confirm_form"):
            uploads.remember_upload(request.session, name)
        else:
            uploads.remove_upload(name)
        return response

    def process_import(self, request, **kwargs):
        """The confirmation: only of this session's own preview, once; its file is
        deleted whatever happens."""
        name = request.POST.get("import_file_name", "")
        if not self.has_import_permission(request):
            raise PermissionDenied
        if not uploads.claim_upload(request.session, name):
            messages.error(
                request,
                gettext("This preview is no longer open. Choose the file again to import it."),
            )
            return HttpResponseRedirect(reverse("admin:quiz_trainee_import"))
        try:
            return super().process_import(request, **kwargs)
        finally:
            uploads.remove_upload(name)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext(
                    "Nothing was imported: some rows became invalid after the preview. "
                    "Import the file again to see which."
                ),
            )
            return HttpResponseRedirect(reverse("admin:quiz_trainee_changelist"))
        return super().process_result(result, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        trainee = self.get_object(request, object_id)
        extra = {}
        if trainee is not None:
            extra = {
                **selectors.training_record(trainee),
                "may_view_attempts": request.user.has_perm("quiz.view_attempt"),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})


@admin.register(Reminder)
class ReminderAdmin(ResendMixin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "user",
        "assignment",
        "stage",
        "due_on",
        "state",
        "tries",
        "created_at",
        "sent_at",
        "error_",
    ]
    list_filter = ["state", "stage", "assignment__group"]
    list_select_related = ["user", "assignment__quiz", "assignment__group"]
    search_fields = ["user__username", "user__email"]
    fields = [
        "user",
        "assignment",
        "stage",
        "due_on",
        "state",
        "tries",
        "created_at",
        "next_try_at",
        "sent_at",
        "error",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user)

    @admin.display(description=_("error"))
    def error_(self, reminder):
        return error_line(reminder)

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, reminders):
        """Queue again: it goes if it is still true when the worker gets to it."""
        ids = list(reminders.exclude(state=Reminder.State.SENT).values_list("pk", flat=True))
        count = services.resend_reminders(Reminder.objects.filter(pk__in=ids))
        if ids:
            send_reminders.enqueue(ids)
        message = ngettext(
            "%(count)d reminder queued again.", "%(count)d reminders queued again.", count
        ) % {"count": count}
        self.message_user(request, message)


class UserAdmin(auth_admin.UserAdmin):
    """Django's, showing a coordinator only the members of their groups (managers pick
    members by searching users)."""

    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user, person="pk")


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
