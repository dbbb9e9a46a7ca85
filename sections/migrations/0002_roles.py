"""Sections in the newsroom's roles: editors curate them (add, change, delete); reporters see
them in the desk."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ("add", "change", "delete", "view"),
    "Reporter": ("view",),
}


def grant(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="sections",
                codename__in=[f"{action}_section" for action in actions],
            )
        )


def create_and_grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    config = apps.get_app_config("sections")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_and_grant, migrations.RunPython.noop)]
