"""Distribution in the newsroom's roles: editors manage partners and watch (and resend) their
deliveries; reporters see none of it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    "add_partner",
    "change_partner",
    "delete_partner",
    "view_partner",
    "change_delivery",
    "view_delivery",
    "view_attempt",
    "view_event",
]


def grant(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="distribution", codename__in=EDITOR)
    )


def create_and_grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    config = apps.get_app_config("distribution")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_and_grant, migrations.RunPython.noop)]
