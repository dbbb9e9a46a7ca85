"""The sitemap of source pages (every source a published story cites)."""

from articles.sitemaps import ReaderSitemap
from sources.models import Source


class SourceSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Source.objects.in_print().only("slug").order_by("name")
