from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGER_GROUP = "Training manager"
# Managers follow what went to the LMSs and the LRS (and send it again), and make SCORM
# packages. Registering an LTI platform, which lets it sign people in, stays with superusers.
CODENAMES = [
    "view_launch",
    "view_grade",
    "view_statement",
    "add_scormpackage",
    "change_scormpackage",
    "view_scormpackage",
    "view_scormlearner",
]


def permissions(apps):
    app_config = apps.get_app_config("quiz")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="quiz", codename__in=CODENAMES)


def let_managers_run_lms_delivery(apps, schema_editor):
    manager = apps.get_model("auth", "Group").objects.filter(name=MANAGER_GROUP).first()
    if manager:
        manager.permissions.add(*permissions(apps))


def take_it_back(apps, schema_editor):
    manager = apps.get_model("auth", "Group").objects.filter(name=MANAGER_GROUP).first()
    if manager:
        manager.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("quiz", "0026_lms_lti_scorm_xapi")]

    operations = [migrations.RunPython(let_managers_run_lms_delivery, take_it_back)]
