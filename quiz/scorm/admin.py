"""SCORM packages in the admin: make one for a quiz, download its zip, withdraw it; and
the learners each brought, to read.

Packages are made by those who run the whole training (managers, superusers): a package's
learners belong to no training group, so a coordinator, who sees only their groups, does
not see packages at all (quiz/scope.py)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import scope
from ..models import Quiz, ScormLearner, ScormPackage
from ..readonly_admin import ReadOnlyAdmin
from .package import build_zip, file_name
from .selectors import why_it_cannot_launch


class WholeTrainingOnly:
    """Mix into a ModelAdmin: nothing here for those who see only their groups."""

    def has_module_permission(self, request):
        return scope.sees_every_group(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return scope.sees_every_group(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return scope.sees_every_group(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return scope.sees_every_group(request.user) and allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return scope.sees_every_group(request.user) and allowed


SHOWN = ["quiz", "created_at", "created_by", "is_active", "learner_count", "download_link"]


@admin.register(ScormPackage)
class ScormPackageAdmin(WholeTrainingOnly, admin.ModelAdmin):
    list_display = SHOWN
    list_filter = ["is_active", "quiz"]
    list_select_related = ["quiz", "created_by"]
    actions = ["withdraw"]

    def has_download_permission(self, request):
        """A zip launches as any learner id: only those who may make packages get one."""
        return self.has_add_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(learner_count=Count("learners"))

    def get_fields(self, request, obj=None):
        return ["quiz"] if obj is None else SHOWN

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [name for name in SHOWN if name != "is_active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = Quiz.objects.filter(is_published=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("learners"), ordering="learner_count")
    def learner_count(self, package):
        return package.learner_count

    @admin.display(description=_("SCORM zip"))
    def download_link(self, package):
        if why_it_cannot_launch(package):  # a zip that would not launch is not handed out
            return "–"
        url = reverse("admin:quiz_scormpackage_download", args=[package.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download the SCORM package"))

    @admin.action(description=_("Withdraw: their zips no longer launch"), permissions=["change"])
    def withdraw(self, request, packages):
        count = packages.filter(is_active=True).update(is_active=False)
        message = ngettext("%(count)d package withdrawn.", "%(count)d packages withdrawn.", count)
        self.message_user(request, message % {"count": count})

    def download_view(self, request, pk):
        if not self.has_download_permission(request):
            raise PermissionDenied
        package = get_object_or_404(ScormPackage.objects.select_related("quiz"), pk=pk)
        if why := why_it_cannot_launch(package):
            self.message_user(request, why, messages.WARNING)
            return redirect("admin:quiz_scormpackage_changelist")
        response = HttpResponse(build_zip(package), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{file_name(package)}"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/download/", view(self.download_view), name="quiz_scormpackage_download"),
            *super().get_urls(),
        ]


@admin.register(ScormLearner)
class ScormLearnerAdmin(WholeTrainingOnly, ReadOnlyAdmin, admin.ModelAdmin):
    """Which trainee each LMS learner id became. Rows go with their trainee's account:
    deleting one alone would give that learner a new, empty account at the next launch."""

    deletable = False
    list_display = ["student_id", "user", "package"]
    list_filter = ["package__quiz"]
    list_select_related = ["user", "package__quiz"]
    search_fields = ["student_id", "user__username", "user__first_name", "user__last_name"]
    fields = ["student_id", "user", "package"]
    readonly_fields = fields
