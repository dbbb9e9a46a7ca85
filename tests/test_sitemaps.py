"""Sitemaps: valid XML in the sitemap and Google News namespaces, public pages only."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import time_machine
from django.urls import reverse

from articles import sitemaps
from newsroom.seed import seed_story
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _xml(client, url, tag="urlset"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{{{NS['sm']}}}{tag}"
    return root


def _locations(root):
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def _sitemap_pages(client):
    """The locations of the sitemaps the index lists."""
    index = _xml(client, reverse("sitemap"), tag="sitemapindex")
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def _every_location(client):
    """What a crawler finds: each sitemap the index lists, and each of their locations."""
    locations = []
    for page in _sitemap_pages(client):
        parts = urlsplit(page)
        locations += _locations(_xml(client, f"{parts.path}?{parts.query}"))
    return locations


def test_sitemap_lists_articles_topics_sources_and_contributors(client):
    article, _ = seed_story()

    locations = _every_location(client)

    assert f"http://testserver{article.get_absolute_url()}" in locations
    assert "http://testserver/topics/immigration/" in locations
    assert "http://testserver/sources/kris-kobach/" in locations
    # An organisation with no words of its own, spoken for by its spokeswoman.
    assert "http://testserver/sources/city-of-new-york/" in locations
    assert "http://testserver/contributors/ted-hesson/" in locations
    assert len(locations) == len(set(locations))
    root = _xml(client, reverse("sitemap_section", kwargs={"section": "articles"}))
    article_url = root.find(f"sm:url[sm:loc='http://testserver{article.get_absolute_url()}']", NS)
    assert article_url.find("sm:lastmod", NS).text == f"{article.updated_at:%Y-%m-%d}"


def test_index_pages_each_section_and_a_crawler_finds_every_article(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = [ArticleFactory(published=True) for _ in range(5)]
    ArticleFactory()  # a draft

    pages = _sitemap_pages(client)
    locations = _every_location(client)

    section = f"http://testserver{reverse('sitemap_section', kwargs={'section': 'articles'})}"
    assert [page for page in pages if page.startswith(section)] == [
        section,
        f"{section}?p=2",
        f"{section}?p=3",
    ]
    assert sorted(loc for loc in locations if "/articles/" in loc) == sorted(
        f"http://testserver{article.get_absolute_url()}" for article in articles
    )
    index = _xml(client, reverse("sitemap"), tag="sitemapindex")
    newest = max(article.updated_at for article in articles)
    assert index.find("sm:sitemap/sm:lastmod", NS).text == newest.isoformat()


def test_sitemap_uses_the_site_url_not_the_request_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    ArticleFactory(published=True)

    for url in [reverse("sitemap"), reverse("sitemap_section", kwargs={"section": "articles"})]:
        response = client.get(url, headers={"host": "evil.example"})
        assert response.status_code == 200
        assert b"evil.example" not in response.content


def test_empty_sitemap_is_valid(client):
    # a page for each section (articles, sections, topics, sources, contributors), even empty
    assert len(_sitemap_pages(client)) == 5
    assert _every_location(client) == []


def test_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_news_sitemap_has_the_last_two_days_in_google_news_format(client):
    recent = ArticleFactory(
        published=True, headline="Fresh & new", published_at=NOW - timedelta(hours=47)
    )
    ArticleFactory(published=True, headline="Too old", published_at=NOW - timedelta(hours=49))

    root = _xml(client, reverse("news_sitemap"))

    (url,) = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == f"http://testserver{recent.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:publication_date", NS).text == "2026-02-27T10:00:00+00:00"
    assert news.find("news:title", NS).text == "Fresh & new"


@time_machine.travel(NOW, tick=False)
def test_news_sitemap_stops_at_its_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 3)
    for hours in range(5):
        ArticleFactory(published=True, published_at=NOW - timedelta(hours=hours + 1))

    locations = _locations(_xml(client, reverse("news_sitemap")))

    assert len(locations) == 3


def test_news_sitemap_limit_is_googles_1000():
    assert sitemaps.NEWS_LIMIT == sitemaps.NewsSitemap.limit == 1000


def test_sitemaps_query_count_is_constant(client, django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            article = ArticleFactory(published=True)
            article.topics.add(TopicFactory(), TopicFactory())
            CreditFactory(article=article)
            AttributionFactory(article=article, source__affiliation=SourceFactory())

    grow(1)
    # the index: a count for each of its five sections, the newest change to an article
    with django_assert_num_queries(6):
        client.get(reverse("sitemap"))
    # a section's page: count + page
    with django_assert_num_queries(2):
        client.get(reverse("sitemap_section", kwargs={"section": "topics"}))
    with django_assert_num_queries(2):
        client.get(reverse("news_sitemap"))
    grow(10)
    with django_assert_num_queries(6):
        client.get(reverse("sitemap"))
    with django_assert_num_queries(2):
        client.get(reverse("sitemap_section", kwargs={"section": "topics"}))
    with django_assert_num_queries(2):
        client.get(reverse("news_sitemap"))
