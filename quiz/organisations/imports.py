"""Trainees imported from CSV or XLSX with django-import-export.

Columns: username, email, name (optional, the full name as written), groups (optional,
training group names separated by ";"), status (optional: "left" or "active"). A row
whose email belongs to no account makes a new, active account with no usable password,
put in its groups; once the import is confirmed, each new trainee is mailed a link to
choose a password. A row whose email and username are an existing trainee's updates
them: a name given replaces theirs, the groups named are added to theirs, "left" stops
them logging in and "active" lets them again. A file that carries passwords is refused
whole.

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
STATUSES = {"": None, "active": True, "left": False}


def cell(row, column: str) -> str:
    return str(row.get(column) or "").strip()


def group_names(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split(GROUP_SEPARATOR) if name.strip()]


class TraineeResource(resources.ModelResource):
    name = Field(column_name="name")
    groups = Field(column_name="groups")

    status = Field(column_name="status")

    class Meta:
        model = Trainee
        fields = ("username", "email", "name", "groups", "status")
        import_id_fields = ("username",)
        clean_model_instances = True

    def __init__(self, *, importer=None, **kwargs):
        super().__init__(**kwargs)
        self.importer = importer  # a coordinator may put trainees only in their groups
        self.created_ids: list[int] = []
        self.groups_by_name: dict[str, TrainingGroup] = {}
        self.emails_seen: set[str] = set()

    def dehydrate_name(self, trainee):
        return trainee.get_full_name()

    def dehydrate_status(self, trainee):
        return "active" if trainee.is_active else "left"

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
        """The trainee this row updates: the one with its email address and username, if
        the importer may see them; otherwise a new account (a username or address taken
        is then an error, never an update of someone else)."""
        email, username = cell(row, "email"), cell(row, "username")
        trainees = Trainee.objects.filter(is_staff=False, is_superuser=False)
        if self.importer:
            trainees = scope.only_their_people(trainees, self.importer, person="pk")
        return trainees.filter(email__iexact=email, username=username).first() if email else None

    def import_instance(self, instance, row, **kwargs):
        updating = instance.pk is not None
        errors = {}
        if not updating:
            try:
                super().import_instance(instance, row, **kwargs)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            instance.username = (instance.username or "").strip()
            instance.email = (instance.email or "").strip()
            instance.is_active, instance.is_staff, instance.is_superuser = True, False, False
            instance.set_unusable_password()
            errors.update(self.username_errors(instance.username))
            errors.update(self.email_errors(instance.email))
        name = " ".join(cell(row, "name").split())
        if name or not updating:
            instance.first_name, _space, instance.last_name = name.partition(" ")
        status = cell(row, "status").lower()
        if status not in STATUSES:
            errors["status"] = [_("The status is “left”, “active” or empty.")]
        elif STATUSES[status] is not None:
            instance.is_active = STATUSES[status]
        errors.update(self.repeat_errors(cell(row, "email")))
        errors.update(self.group_errors(row.get("groups")))
        if errors:
            raise ValidationError(errors)

    def repeat_errors(self, email: str) -> dict:
        """One row per trainee: a second row for the same address is an error."""
        if email and email.casefold() in self.emails_seen:
            return {"email": [_("%(email)s is in the file twice.") % {"email": email}]}
        self.emails_seen.add(email.casefold())
        return {}

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

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if is_create and not kwargs.get("dry_run"):
            self.created_ids.append(instance.pk)  # invited once the import is confirmed

    def after_save_instance(self, instance, row, **kwargs):
        """The trainee is added to the groups named; one already here stays in the others
        (groups another coordinator may run)."""
        for name in group_names(row.get("groups")):
            self.groups_by_name[name].members.add(instance)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        invite(self.created_ids)
