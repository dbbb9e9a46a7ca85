"""The permission backend: Django's answers, in one query."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request sees it: no permissions cached yet."""
    return type(user).objects.get(pk=user.pk)


def test_own_and_group_permissions_in_one_query(django_assert_num_queries):
    user = staff_user("reporter")
    user.user_permissions.add(Permission.objects.get(codename="delete_source"))
    user = fresh(user)

    with django_assert_num_queries(1):
        assert user.has_perm("sources.delete_source")  # the user's own
        assert user.has_perm("articles.add_article")  # the Reporter group's
        assert not user.has_perm("articles.publish_article")  # an editor's only
        assert user.has_perms(["articles.change_article", "sources.add_source"])


def test_same_answers_as_the_separate_lookups():
    user = staff_user("editor")
    user.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    user = fresh(user)

    assert "admin.view_logentry" in user.get_user_permissions()
    assert (
        user.get_all_permissions()
        == fresh(user).get_user_permissions() | fresh(user).get_group_permissions()
    )


def test_superuser_has_every_permission_inactive_user_none():
    superuser = fresh(staff_user("superuser"))
    assert len(superuser.get_all_permissions()) == Permission.objects.count()

    inactive = UserFactory(is_staff=True, is_active=False)
    inactive.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert fresh(inactive).get_all_permissions() == set()
    assert not fresh(inactive).has_perm("articles.add_article")
