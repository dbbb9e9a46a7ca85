"""The role a partner's API account has when it is allowed embargoed copy: reading stories
under embargo through the API (articles.read_embargoed), nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PARTNER_GROUP = "Partner with embargoed copy"


def grant(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PARTNER_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename="read_embargoed")
    )


def create_and_grant(apps, schema_editor):
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0003_partner_account"),
        ("articles", "0010_read_embargoed"),
    ]

    operations = [migrations.RunPython(create_and_grant, migrations.RunPython.noop)]
