"""A page-cache hit is the stored response replayed from the outermost middleware: the same
body and the same security headers as the miss that stored it, with no query and none of the
middleware below it run."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from newsroom import pagecache
from tests.api import full_article

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
    "Cache-Control",
    "Vary",
    "ETag",
    "Surrogate-Key",
)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_the_page_cache_is_the_outermost_middleware():
    assert settings.MIDDLEWARE[0] == "newsroom.pagecache.PageCacheMiddleware"


@pytest.mark.parametrize("page", ["article", "api-detail"])
def test_a_hit_is_byte_identical_to_the_miss_with_the_same_security_headers(
    client, page, django_assert_num_queries
):
    article = full_article()
    url = (
        article.get_absolute_url()
        if page == "article"
        else reverse("api:article-detail", kwargs={"slug": article.slug})
    )
    miss = client.get(url)
    assert miss["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        hit = client.get(url)

    assert hit["X-Page-Cache"] == "hit"
    assert hit.status_code == 200
    assert hit.content == miss.content
    for name in SECURITY_HEADERS:
        assert name in miss, name
        assert hit[name] == miss[name], name
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    # Everything else the miss sent, and nothing more but the hit's own marker.
    assert set(hit.headers) - {"X-Page-Cache"} == set(miss.headers) - {"X-Page-Cache"}


def test_a_hit_runs_no_session_auth_or_csrf(client):
    article = full_article()
    client.get(article.get_absolute_url())

    hit = client.get(article.get_absolute_url())

    assert hit["X-Page-Cache"] == "hit"
    # The middleware below the page cache set these on the request; on a hit none ran.
    request = hit.wsgi_request
    assert not hasattr(request, "session")
    assert not hasattr(request, "user")
    assert not hasattr(request, "csp_nonce")
    assert not hit.cookies


def test_a_conditional_hit_is_a_304_with_the_marker(client):
    article = full_article()
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_a_page_that_used_its_csp_nonce_is_never_stored():
    request = RequestFactory().get("/articles/x/")
    response = HttpResponse("<script nonce='abc'></script>")
    response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"

    assert not pagecache.store(request, response, ["home"], started_ns=0)


def test_static_files_are_never_looked_up(client, monkeypatch):
    looked_up = []
    monkeypatch.setattr(pagecache, "cached_response", lambda request: looked_up.append(request))

    client.get(settings.STATIC_URL + "css/site.css")

    assert looked_up == []


def test_a_host_not_allowed_is_refused_even_for_a_stored_page(client):
    article = full_article()
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    response = client.get(url, headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "X-Page-Cache" not in response
