"""The photo library in the newsroom's roles: editors may do everything with images, reporters
upload and describe them (deleting one is an editor's call)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ("add", "change", "delete", "view"),
    "Reporter": ("add", "change", "view"),
}


def grant(apps, schema_editor=None):
    """Give the groups their image permissions (which must exist; see below)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="images",
                codename__in=[f"{action}_image" for action in actions],
            )
        )


def create_and_grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    config = apps.get_app_config("images")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_and_grant, migrations.RunPython.noop)]
