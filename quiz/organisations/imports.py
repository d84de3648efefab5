"""Trainees imported from CSV or XLSX with django-import-export.

Columns: username, email, name (optional, the full name as written), groups (optional,
training group names separated by ";"). Each row makes a new, active account with no
usable password, put in its groups; once the import is confirmed, each new trainee is
mailed a link to choose a password. A file that carries passwords is refused whole.

Every bad row is named with its reason (a bad or missing email, a username or email
already taken in the site or earlier in the file, an unknown group), and a file with
any bad row writes nothing: the import runs in one transaction, and the admin only
offers to confirm a preview without errors.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from .. import scope
from ..models import Trainee, TrainingGroup
from .tasks import invite
from .uploads import MAX_ROWS

GROUP_SEPARATOR = ";"
FORBIDDEN_COLUMNS = {"password", "password1", "password2"}


def group_names(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split(GROUP_SEPARATOR) if name.strip()]


class TraineeResource(resources.ModelResource):
    name = Field(column_name="name")
    groups = Field(column_name="groups")

    class Meta:
        model = Trainee
        fields = ("username", "email", "name", "groups")
        import_id_fields = ("username",)
        clean_model_instances = True

    def __init__(self, *, importer=None, **kwargs):
        super().__init__(**kwargs)
        self.importer = importer  # a coordinator may put trainees only in their groups
        self.created_ids: list[int] = []
        self.groups_by_name: dict[str, TrainingGroup] = {}

    def dehydrate_name(self, trainee):
        return trainee.get_full_name()

    def dehydrate_groups(self, trainee):
        """For the preview: the groups the trainee was put in."""
        if not trainee.pk:
            return ""
        return f"{GROUP_SEPARATOR} ".join(g.name for g in trainee.training_groups.all())

    def before_import(self, dataset, **kwargs):
        # "Username" or " Email " in a spreadsheet's first row mean the columns below.
        dataset.headers = [(header or "").strip().lower() for header in dataset.headers or []]
        headers = set(dataset.headers)
        if headers & FORBIDDEN_COLUMNS:
            raise ValidationError(
                _("This file has a password column. Remove it: new trainees choose their own.")
            )
        if len(dataset) > MAX_ROWS:
            raise ValidationError(
                _("This file has %(rows)d rows; import at most %(limit)d at a time.")
                % {"rows": len(dataset), "limit": MAX_ROWS}
            )
        missing = {"username", "email"} - headers
        if missing:
            raise ValidationError(
                _("The file needs the columns username and email; missing: %(columns)s.")
                % {"columns": ", ".join(sorted(missing))}
            )
        groups = scope.groups_for(self.importer) if self.importer else TrainingGroup.objects.all()
        self.groups_by_name = {group.name: group for group in groups}

    def get_instance(self, instance_loader, row):
        """Always a new account: a username already taken is an error, never an update."""
        return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.username = (instance.username or "").strip()
        instance.email = (instance.email or "").strip()
        instance.first_name, _space, instance.last_name = " ".join(
            str(row.get("name") or "").split()
        ).partition(" ")
        instance.is_active, instance.is_staff, instance.is_superuser = True, False, False
        instance.set_unusable_password()
        errors.update(self.username_errors(instance.username))
        errors.update(self.email_errors(instance.email))
        errors.update(self.group_errors(row.get("groups")))
        if errors:
            raise ValidationError(errors)

    def username_errors(self, username: str) -> dict:
        """Usernames differ in more than case, as at sign-up ("IMPBOSS" is "impboss").
        The same username exactly is the model's own error."""
        twin = (
            Trainee.objects.filter(username__iexact=username)
            .exclude(username=username)
            .values_list("username", flat=True)
            .first()
        )
        if username and twin:
            message = _(
                "A user named %(other)s already exists: usernames differ in more than case."
            )
            return {"username": [message % {"other": twin}]}
        return {}

    def email_errors(self, email: str) -> dict:
        if not email:
            return {"email": [_("An email address is needed, to send the password link.")]}
        if Trainee.objects.filter(email__iexact=email).exists():
            return {"email": [_("%(email)s already has an account.") % {"email": email}]}
        return {}

    def group_errors(self, text) -> dict:
        names = group_names(text)
        if not names and self.importer and not scope.sees_every_group(self.importer):
            # Without a group of theirs, the coordinator could not see the trainee again.
            return {"groups": [_("Name one of your training groups.")]}
        unknown = [name for name in names if name not in self.groups_by_name]
        if unknown:
            return {
                "groups": [
                    _("No training group is named %(names)s.")
                    % {"names": ", ".join(f"“{name}”" for name in unknown)}
                ]
            }
        return {}

    def after_save_instance(self, instance, row, **kwargs):
        groups = [self.groups_by_name[name] for name in group_names(row.get("groups"))]
        instance.training_groups.set(groups)
        if not kwargs.get("dry_run"):
            self.created_ids.append(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        invite(self.created_ids)
