from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGER_GROUP = "Training manager"
COORDINATOR_GROUP = "Training coordinator"


def permission(apps, app_label: str, codename: str):
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grants(apps):
    """Managers, who see every group, read the whole audit trail (a coordinator reads a
    group's or an assignment's own changes on its page); both correct a trainee's email
    address and mark who has left."""
    read_audit = permission(apps, "auditlog", "view_logentry")
    correct = permission(apps, "quiz", "change_trainee")
    return {MANAGER_GROUP: [read_audit, correct], COORDINATOR_GROUP: [correct]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in grants(apps).items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*permissions)


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in grants(apps).items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0020_coordinators"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(grant, take_back)]
