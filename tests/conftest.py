import importlib

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"
    # Real password hashing costs ~0.3 s a login; tests check behaviour, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Tests run inside a transaction that never commits, so the page cache's invalidation
    # (after commit) never runs: off here, on in tests/test_page_cache.py.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts and cached pages live in the cache; every test starts with none."""
    cache.clear()
    # An empty test database has no section in print: the header's navigation knows it without
    # a query (a section or a sectioned story saved forgets it), so pinned counts stay exact.
    from sections.navigation import known_empty

    known_empty()


@pytest.fixture(autouse=True)
def _transactional_test_state(request):
    """A transactional test starts after the previous one's flush, which may have recreated the
    content types under new ids (or, after a serialized rollback, not at all) and removed the
    roles the migrations made: forget the cached ids and put permissions and roles back."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    importlib.import_module("articles.migrations.0002_roles").assign_roles(apps)
    importlib.import_module("sources.migrations.0003_change_cited_source").grant_to_editors(apps)
    importlib.import_module("images.migrations.0002_roles").grant(apps)
    importlib.import_module("images.migrations.0003_change_printed_image").grant_to_editors(apps)
    importlib.import_module("trust.migrations.0002_defaults_and_roles").grant(apps)
    importlib.import_module("sections.migrations.0002_roles").grant(apps)
    importlib.import_module("fronts.migrations.0002_roles").grant(apps)
    importlib.import_module("distribution.migrations.0002_roles").grant(apps)
    importlib.import_module("distribution.migrations.0004_partner_role").grant(apps)
    importlib.import_module("articles.migrations.0011_lift_embargo_role").grant(apps)
    importlib.import_module("trust.defaults").install(apps.get_model("trust", "Policies"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test stores its photos in a directory of its own, removed with it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's after-commit callbacks, as a real commit would (the page cache's
    invalidation, the stored parts' generation)."""
    from articles import cache_invalidation

    def run():
        # What the test's setup noted never commits; start this block's own batch.
        cache_invalidation._local.batch = None
        return django_capture_on_commit_callbacks(execute=True)

    return run
