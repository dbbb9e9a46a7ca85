import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"
    # Real password hashing costs ~0.3 s a login; tests check behaviour, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Tests run inside a transaction that never commits, so the page cache's invalidation
    # (after commit) never runs: off here, on in tests/test_page_cache.py.
    settings.PAGE_CACHE_SECONDS = 0
