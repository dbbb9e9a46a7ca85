"""Changing or merging a source that a published story cites is an editor's action."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAME = "change_cited_source"


def grant_to_editors(apps, schema_editor=None):
    """Give the Editor group the permission (which must exist; see below)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="sources", codename=CODENAME)
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(permission)


def create_and_grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    config = apps.get_app_config("sources")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant_to_editors(apps)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="sources", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_aliases_and_suggestions"),
        ("articles", "0002_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": ["name"],
                "permissions": [
                    (
                        "change_cited_source",
                        "Can change or merge sources that published stories cite",
                    )
                ],
            },
        ),
        migrations.RunPython(create_and_grant, revoke),
    ]
