"""The Redis cache fails open: with Redis down the site and API keep serving, and caching
resumes by itself when Redis is back."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from newsroom.cache import FailOpenRedisCache
from tests.api import client_for, full_article, user
from tests.api import fresh_throttles as fresh_throttles


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _redis_cache(settings, url: str):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsroom-test",
        }
    }
    return caches["default"]


def test_a_cache_that_cannot_connect_misses_and_ignores_writes(settings):
    cache = _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")
    assert isinstance(cache, FailOpenRedisCache)

    started = time.monotonic()
    assert cache.get("key", "default") == "default"
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.get_many(["key", "other"]) == {}
    assert cache.set_many({"key": 1, "other": 2}) == ["key", "other"]
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    cache.clear()
    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_pages_and_api_keep_serving_with_redis_down(settings):
    _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")
    article = full_article()
    editor = client_for(user("editor"))

    for url in [
        reverse("articles:index"),
        article.get_absolute_url(),
        reverse("articles:topics"),
        reverse("articles:search") + "?q=headline",
        reverse("healthz"),
    ]:
        assert client_for().get(url).status_code == 200, url
    # The API's throttles read and write the cache on every request.
    assert client_for().get("/api/v1/articles/").status_code == 200
    assert client_for().get(f"/api/v1/articles/{article.slug}/").status_code == 200
    response = editor.patch(
        f"/api/v1/articles/{article.slug}/",
        {"dek": "Changed with the cache down."},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.dek == "Changed with the cache down."


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_caching_resumes_when_redis_comes_back(settings, tmp_path):
    port = _free_port()
    cache = _redis_cache(settings, f"redis://127.0.0.1:{port}/0")
    assert cache.set("key", "before") is None
    assert cache.get("key") is None

    options = {"bind": "127.0.0.1", "port": port, "save": "", "appendonly": "no", "dir": tmp_path}
    server = subprocess.Popen(  # noqa: S603 (a throwaway Redis of our own, on loopback)
        [shutil.which("redis-server")]
        + [part for name, value in options.items() for part in (f"--{name}", str(value))],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _listening(port):
                break
            time.sleep(0.1)
        cache.set("key", "after")
        assert cache.get("key") == "after"
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert cache.get("key", "gone") == "gone"


@pytest.mark.skipif(not _listening(6379), reason="no Redis on 127.0.0.1:6379")
def test_the_real_redis_stores_and_returns_values(settings):
    cache = _redis_cache(settings, "redis://127.0.0.1:6379/3")
    cache.set("fail-open-probe", {"answer": 42}, 30)

    assert cache.get("fail-open-probe") == {"answer": 42}
    assert cache.get_many(["fail-open-probe"]) == {"fail-open-probe": {"answer": 42}}
    cache.delete("fail-open-probe")
    assert cache.get("fail-open-probe") is None
