from django.contrib.auth.management import create_permissions
from django.db import migrations

# Managers and coordinators follow what went to the LMSs and the LRS (a coordinator, their
# own people's only: the admin scopes the lists), and send it again. Managers alone make
# SCORM packages, whose launches make accounts. Registering an LTI platform, which lets it
# sign people in, stays with superusers.
FOLLOW_DELIVERY = ["view_launch", "view_grade", "view_statement"]
MAKE_PACKAGES = [
    "add_scormpackage",
    "change_scormpackage",
    "view_scormpackage",
    "view_scormlearner",
]
GRANTS = {
    "Training manager": FOLLOW_DELIVERY + MAKE_PACKAGES,
    "Training coordinator": FOLLOW_DELIVERY,
}


def permissions(apps, codenames):
    app_config = apps.get_app_config("quiz")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="quiz", codename__in=codenames)


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(*permissions(apps, GRANTS[group.name]))


def take_back(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions(apps, GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [("quiz", "0026_lms_lti_scorm_xapi")]

    operations = [migrations.RunPython(grant, take_back)]
