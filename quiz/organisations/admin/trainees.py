"""Trainees: imported in bulk, put into groups, corrected, and each one's record on a page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from ... import scope
from ...accounts.services import address_is_taken
from ...models import Mail, Reminder, Trainee, TrainingGroup
from ...models.mail import Delivery
from ...readonly_admin import ReadOnlyAdmin
from .. import selectors, services, uploads
from ..imports import TraineeResource
from ..tasks import invite


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
    list_display = ["username", "full_name", "email", "is_active", "date_joined", "mail"]
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
        trainees = scope.only_their_people(super().get_queryset(request), request.user, person="pk")
        failed = Delivery.State.FAILED
        return trainees.annotate(
            mail_failed=Exists(Mail.objects.filter(user=OuterRef("pk"), state=failed))
            | Exists(Reminder.objects.filter(user=OuterRef("pk"), state=failed))
        )

    @admin.display(description=_("mail"))
    def mail(self, trainee):
        """Whether a mail to them failed for good: their page says which, and why."""
        return gettext("Not delivered") if trainee.mail_failed else "–"

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
