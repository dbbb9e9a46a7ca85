"""A fresh install's policies (trust/defaults.py), and the trust tools in the newsroom's roles:
editors edit the policies and answer readers' feedback; reporters read both."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": [
        "view_policies",
        "change_policies",
        "view_feedbackrequest",
        "change_feedbackrequest",
        "delete_feedbackrequest",
    ],
    "Reporter": ["view_policies", "view_feedbackrequest"],
}


def grant(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="trust", codename__in=codenames)
        )


def forwards(apps, schema_editor):
    from trust.defaults import install

    install(apps.get_model("trust", "Policies"))
    config = apps.get_app_config("trust")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("trust", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
