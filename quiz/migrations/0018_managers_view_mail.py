from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGER_GROUP = "Training manager"


def mail_permission(apps):
    app_config = apps.get_app_config("quiz")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="quiz", codename="view_mail")


def let_managers_see_mail(apps, schema_editor):
    """Managers see the mail queued and sent, to find what failed and send it again."""
    manager = apps.get_model("auth", "Group").objects.filter(name=MANAGER_GROUP).first()
    if manager:
        manager.permissions.add(mail_permission(apps))


def take_it_back(apps, schema_editor):
    manager = apps.get_model("auth", "Group").objects.filter(name=MANAGER_GROUP).first()
    if manager:
        manager.permissions.remove(mail_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("quiz", "0017_mail_delivery")]

    operations = [migrations.RunPython(let_managers_see_mail, take_it_back)]
