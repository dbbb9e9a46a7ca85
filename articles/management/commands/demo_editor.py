import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the development login in the Editor group (and Lifts embargoes, so the whole "
        "desk can be tried). Username and password come from "
        "DEMO_EDITOR_USERNAME and DEMO_EDITOR_PASSWORD, or a password is generated and printed "
        "once."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo logins are for development only (set DEBUG=1)")
        username = os.environ.get("DEMO_EDITOR_USERNAME", "editor")
        password = os.environ.get("DEMO_EDITOR_PASSWORD", "")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "first_name": "Demo", "last_name": "Editor"},
        )
        user.groups.add(*Group.objects.filter(name__in=["Editor", "Lifts embargoes"]))
        if not created and not password:
            self.stdout.write(
                f"Demo editor {username!r} exists; password unchanged "
                "(set DEMO_EDITOR_PASSWORD to reset it)."
            )
            return
        password = password or secrets.token_urlsafe(12)
        user.is_staff = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor login at /admin/ — username: {username}  password: {password}"
            )
        )
