"""The newsroom's two roles, as groups with model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

EDITOR = {
    "articles": {
        "article": ALL,
        "contributor": ALL,
        "credit": ALL,
        "correction": ALL,
        "topic": ALL,
        "taggedarticle": ALL,
    },
    "sources": {"source": ALL, "attribution": ALL},
}
EDITOR_EXTRA = [("articles", "publish_article")]

# Reporters write and edit drafts (which drafts is enforced by the desk's workflow), record
# sources and attributions, and tag topics. They cannot publish or delete articles.
REPORTER = {
    "articles": {
        "article": ("add", "change", "view"),
        "contributor": ("view",),
        "credit": ALL,
        "correction": ("view",),
        "topic": ("add", "view"),
        "taggedarticle": ALL,
    },
    "sources": {"source": ("add", "change", "view"), "attribution": ALL},
}


def _codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_roles(apps)


def assign_roles(apps):
    """The two groups with their permissions (which must exist already)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in (
        ("Editor", [*_codenames(EDITOR), *EDITOR_EXTRA]),
        ("Reporter", list(_codenames(REPORTER))),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Reporter"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
