"""What the reader site tells search engines and social sites about an article: absolute URLs,
the modification time, and the schema.org NewsArticle for its JSON-LD."""

from datetime import datetime

from django.conf import settings

from articles.models import Article
from newsroom import siteurl


def absolute_url(path: str) -> str:
    """The public address of a site path: on SITE_URL when it is set, never on a Host header
    beyond it, so canonical links, feeds and sitemaps agree however the page was reached; in
    development without one, on the address the server was reached at (newsroom/siteurl.py)."""
    return siteurl.absolute_url(path)


def modified_at(article: Article) -> datetime:
    """When the reader-visible story last changed: its own last save or its latest correction
    (uses the prefetched corrections)."""
    times = [article.updated_at, article.published_at]
    times += [correction.published_at for correction in article.corrections.all()]
    return max(time for time in times if time is not None)


def news_article(article: Article) -> dict:
    """The schema.org NewsArticle for an article page (needs credits, topics and corrections
    prefetched)."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.headline,
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": modified_at(article).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": credit.contributor.name,
                "url": absolute_url(credit.contributor.get_absolute_url()),
            }
            for credit in article.byline
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
        },
        "keywords": [topic.name for topic in article.topics.all()],
        "isAccessibleForFree": True,
    }
    if article.dek:
        data["description"] = article.dek
    if article.dateline:
        data["dateline"] = article.dateline
    if article.provider:
        # Agency copy: the wire service produced it, we publish it.
        data["sourceOrganization"] = {"@type": "Organization", "name": article.provider}
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": correction.published_at.isoformat(),
        }
        for correction in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    return data
