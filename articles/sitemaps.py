"""Sitemaps for crawlers: every public page in /sitemap.xml, and the last two days' articles in
Google News format in /news-sitemap.xml."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article
from articles.views import published_contributors, published_topics
from sources.views import public_sources

# Google News: only articles published in the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class ReaderSitemap(Sitemap):
    """Locations on SITE_URL (not the request's host), matching canonical links and feeds."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(ReaderSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(ReaderSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        published = Article.objects.published()
        return (
            published_topics()
            .annotate(
                last_published_at=Max(
                    "tagged_articles__content_object__published_at",
                    filter=Q(tagged_articles__content_object__in=published),
                )
            )
            .order_by("name")
        )

    def lastmod(self, item):
        return item.last_published_at


class SourceSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return public_sources().only("slug").order_by("name")


class ContributorSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return published_contributors().only("slug").order_by("name")


class NewsSitemap(ReaderSitemap):
    """Recent articles, for the Google News sitemap template (publication, date and title)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "language", "published_at", "updated_at")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
    "contributors": ContributorSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
