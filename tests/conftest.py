import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
