"""Sitemaps for crawlers: /sitemap.xml is an index of every public page's sitemap, a section
(articles, topics, sources, contributors: composed in newsroom/sitemaps.py) at a time and
SITEMAP_PAGE_SIZE locations a page;
/news-sitemap.xml has the last two days' articles in Google News format. The articles' sitemap
lists each story's photos (lead and inline) with Google's image extension
(templates/sitemaps/sitemap.xml).

One sitemap may hold 50,000 locations (sitemaps.org); Django's default page is that size, and
without an index its second page is linked from nowhere, so at 100,000 articles half the
archive went unlisted, and the first page took 6 s to build.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Contributor, Topic
from articles.structured_data import media_url
from images import renditions
from images.models import Image
from newsroom import siteurl

# Google News: only articles published in the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
SITEMAP_PAGE_SIZE = 2000


class ReaderSitemap(Sitemap):
    """Locations on the site's address (SITE_URL, not the request's host, when it is set),
    matching canonical links and feeds."""

    limit = SITEMAP_PAGE_SIZE

    def get_protocol(self, protocol=None):
        return urlsplit(siteurl.site_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(siteurl.site_url()).netloc


class ArticleSitemap(ReaderSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        # Oldest first: a new story changes the last page, not every page. The photos: the
        # lead joined, the inline ones in one query a page, the name of the largest JPEG only
        # (decoding each photo's list of renditions cost a page 180 ms and 30 MiB).
        return (
            Article.objects.published()
            .select_related("lead_image")
            .only("slug", "updated_at", "lead_image", "lead_image__largest_jpeg")
            .prefetch_related(
                Prefetch("inline_images", queryset=Image.objects.only("pk", "largest_jpeg"))
            )
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def images(self, item) -> list[str]:
        """The absolute URLs of the story's photos, the largest JPEG of each (lead first)."""
        photos = [item.lead_image] if item.lead_image else []
        photos += [image for image in item.inline_images.all() if image.pk != item.lead_image_id]
        return [
            media_url(renditions.url(image.largest_jpeg)) for image in photos if image.largest_jpeg
        ]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["images"] = self.images(url["item"])
        return urls

    def get_latest_lastmod(self):
        # Django's asks every item; the index needs only the newest.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(ReaderSitemap):
    """Without a lastmod: a topic's newest story means reading every article it holds (260 ms
    at 100k articles, on every publish, since publishing evicts the sitemaps)."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Topic.objects.in_print().only("slug").order_by("name")


class ContributorSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Contributor.objects.in_print().only("slug").order_by("name")


class NewsSitemap(ReaderSitemap):
    """Recent articles, for the Google News sitemap template (publication, date and title)."""

    limit = NEWS_LIMIT

    def items(self):
        # A story counts from when readers could first see it: its publication time, or the
        # end of its embargo if later (a story filed days ago and released today is news).
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(Q(published_at__gte=since) | Q(embargoed_until__gte=since))
            .annotate(
                public_at=Greatest("published_at", Coalesce("embargoed_until", "published_at"))
            )
            .filter(public_at__gte=since)
            .order_by("-public_at", "-pk")
            .only("slug", "headline", "language", "published_at", "updated_at")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return item.updated_at


@x_robots_tag
def index(request, sitemaps):
    """The index of every section's pages, its locations on the site's address like the
    sitemaps' own (Django's index view would use the request's host even with SITE_URL set)."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        path = reverse("sitemap_section", kwargs={"section": section})
        location = f"{sitemap.get_protocol()}://{sitemap.get_domain()}{path}"
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append(
                SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod)
            )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


NEWS_SITEMAPS = {"news": NewsSitemap}
