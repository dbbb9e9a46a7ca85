"""The sitemap of section fronts (every section a published story is in)."""

from articles.sitemaps import ReaderSitemap
from sections.models import Section


class SectionSitemap(ReaderSitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.in_print().only("slug").order_by("order", "name")
