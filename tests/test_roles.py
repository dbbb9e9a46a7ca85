"""The Reporter and Editor groups come from a migration; the demo login is an Editor."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _perms(user):
    return user.get_all_permissions()


def test_editor_can_do_everything_on_the_newsroom_models_including_publish():
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))

    perms = _perms(editor)

    assert "articles.publish_article" in perms
    for model in ("article", "contributor", "credit", "correction", "topic"):
        for action in ("add", "change", "delete", "view"):
            assert f"articles.{action}_{model}" in perms
    for model in ("source", "attribution"):
        assert f"sources.delete_{model}" in perms


def test_reporter_writes_but_cannot_publish_or_delete_articles():
    reporter = UserFactory(is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))

    perms = _perms(reporter)

    assert {"articles.add_article", "articles.change_article", "sources.add_attribution"} <= perms
    assert "articles.publish_article" not in perms
    assert "articles.delete_article" not in perms
    assert "articles.change_correction" not in perms


def test_demo_editor_is_created_once_in_the_editor_group(settings, monkeypatch, capsys):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_EDITOR_USERNAME", "desk")
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)

    call_command("demo_editor")
    first = capsys.readouterr().out
    call_command("demo_editor")
    second = capsys.readouterr().out

    password = first.rsplit("password: ", 1)[1].strip()
    user = authenticate(username="desk", password=password)
    assert user is not None
    assert user.is_staff
    assert user.has_perm("articles.publish_article")
    assert "password unchanged" in second
    assert password not in second


def test_demo_editor_takes_its_password_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a long demo passphrase")

    call_command("demo_editor")

    assert authenticate(username="editor", password="a long demo passphrase") is not None


def test_demo_editor_refuses_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="demo logins are for development only"):
        call_command("demo_editor")
