"""Changing a photo that a published story shows is an editor's action."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAME = "change_printed_image"


def grant_to_editors(apps, schema_editor=None):
    """Give the Editor group the permission (which must exist; see below)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="images", codename=CODENAME)
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(permission)


def create_and_grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    config = apps.get_app_config("images")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant_to_editors(apps)


class Migration(migrations.Migration):
    dependencies = [("images", "0002_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="image",
            options={
                "ordering": ["-uploaded_at", "-id"],
                "permissions": [
                    ("change_printed_image", "Can change photos that published stories show")
                ],
            },
        ),
        migrations.RunPython(create_and_grant, migrations.RunPython.noop),
    ]
