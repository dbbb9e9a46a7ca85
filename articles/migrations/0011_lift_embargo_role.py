"""The role that may lift an embargo early (articles.lift_embargo): a group of its own, so an
administrator chooses who (a managing editor, the desk chief) rather than every editor."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIFTERS = "Lifts embargoes"


def grant(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=LIFTERS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename="lift_embargo")
    )


def create_and_grant(apps, schema_editor):
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=LIFTERS).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_read_embargoed")]

    operations = [migrations.RunPython(create_and_grant, remove)]
