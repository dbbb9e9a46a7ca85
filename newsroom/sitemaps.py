"""Every public page's sitemap, a section each, in the order the index lists them: the project
is where the articles app and the sources app (which depends on it) meet."""

from articles.sitemaps import ArticleSitemap, ContributorSitemap, TopicSitemap
from sources.sitemaps import SourceSitemap

SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
    "contributors": ContributorSitemap,
}
