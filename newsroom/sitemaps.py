"""Every public page's sitemap, a section each, in the order the index lists them: the project
is where the articles app and the sources app (which depends on it) meet."""

from articles.sitemaps import ArticleSitemap, ContributorSitemap, TopicSitemap
from sections.sitemaps import SectionSitemap
from sources.sitemaps import SourceSitemap

SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
    "contributors": ContributorSitemap,
}
