"""What the reader site tells search engines and social sites about an article: absolute URLs,
the modification time, the schema.org NewsArticle (of the type its type of work maps to) for
its JSON-LD, a contributor's Person, and its photo as social sites, feeds and crawlers take it
(absolute URLs of the 1200-px crops)."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings

from articles import contributors
from articles.models import Article, TypeOfWork
from images import renditions
from newsroom import siteurl


def absolute_url(path: str) -> str:
    """The public address of a site path: on SITE_URL when it is set, never on a Host header
    beyond it, so canonical links, feeds and sitemaps agree however the page was reached; in
    development without one, on the address the server was reached at (newsroom/siteurl.py)."""
    return siteurl.absolute_url(path)


def media_url(url: str) -> str:
    """The public address of a rendition: MEDIA_URL may already be absolute (a CDN)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"https:{url}"
    return absolute_url(url)


def _sized(image, rendition: dict | None) -> dict | None:
    if rendition is None:
        return None
    return {
        "url": media_url(renditions.url(rendition["name"])),
        "width": rendition["width"],
        "height": rendition["height"],
        "type": renditions.MIME[rendition["format"]],
        "alt": image.alt_text,
    }


def card_image(image) -> dict | None:
    """The photo for og:image, twitter:image and feeds: the 16:9 crop as a JPEG, 1200 px wide
    where the original allows ({"url", "width", "height", "type", "alt"})."""
    if image is None:
        return None
    return _sized(image, renditions.best(image, renditions.CARD_CROP, renditions.CARD_WIDTH))


def image_object(image, rendition: dict) -> dict:
    """A schema.org ImageObject for one rendition, with what must be printed with the photo."""
    url = media_url(renditions.url(rendition["name"]))
    data = {
        "@type": "ImageObject",
        "url": url,
        "contentUrl": url,
        "width": rendition["width"],
        "height": rendition["height"],
        "encodingFormat": renditions.MIME[rendition["format"]],
    }
    if image.alt_text:
        data["description"] = image.alt_text
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    if image.copyright_notice:
        data["copyrightNotice"] = image.copyright_notice
    if image.licence.startswith(("http://", "https://")):
        data["license"] = image.licence
    if image.is_synthetic:
        data["digitalSourceType"] = image.digital_source_type_uri
    return data


def image_objects(image) -> list[dict]:
    """The photo at 16:9, 4:3 and 1:1 (Google's three aspect ratios), each 1200 px wide where
    the original allows."""
    found = (renditions.best(image, crop, renditions.CARD_WIDTH) for crop in renditions.LD_CROPS)
    return [image_object(image, rendition) for rendition in found if rendition]


# The schema.org type of each type of work (the Trust Project's labels).
SCHEMA_TYPES = {
    TypeOfWork.NEWS: "NewsArticle",
    TypeOfWork.ANALYSIS: "AnalysisNewsArticle",
    TypeOfWork.OPINION: "OpinionNewsArticle",
    TypeOfWork.REVIEW: "ReviewNewsArticle",
    TypeOfWork.BACKGROUND: "BackgroundNewsArticle",
    TypeOfWork.SPONSORED: "AdvertiserContentArticle",
}

# What another app adds to the publisher, each a function of the request returning keys: the
# trust app makes it a NewsMediaOrganization naming its policies' pages.
PUBLISHER_PARTS: list[Callable[[object], dict]] = []


def publisher(request=None) -> dict:
    """The newsroom as a schema.org organisation, with what other apps add."""
    data = {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")}
    for part in PUBLISHER_PARTS:
        data.update(part(request))
    return data


def person(contributor, *, photo=True) -> dict:
    """A contributor as a schema.org Person: their page, title, expertise, profiles elsewhere
    (`sameAs`) and portrait (the photo joined)."""
    url = absolute_url(contributor.get_absolute_url())
    data = {"@type": "Person", "@id": url, "name": contributor.name, "url": url}
    if contributor.title:
        data["jobTitle"] = contributor.title
    if contributor.bio:
        data["description"] = contributor.bio
    if expertise := contributors.expertise(contributor):
        data["knowsAbout"] = expertise
    if links := contributors.links(contributor):
        data["sameAs"] = links
    if photo and contributor.photo_id and (images := image_objects(contributor.photo)):
        data["image"] = images[0]
    data["worksFor"] = {"@type": "Organization", "name": settings.SITE_NAME}
    return data


def modified_at(article: Article) -> datetime:
    """When the reader-visible story last changed: its own last save or its latest correction
    (uses the prefetched corrections)."""
    times = [article.updated_at, article.published_at]
    times += [correction.published_at for correction in article.corrections.all()]
    return max(time for time in times if time is not None)


def news_article(article: Article, request=None) -> dict:
    """The schema.org NewsArticle (or the type its type of work maps to) for an article page
    (needs credits, topics and corrections prefetched, and the lead image joined)."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(article.type_of_work, "NewsArticle"),
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
        "publisher": publisher(request),
        "keywords": [topic.name for topic in article.topics.all()],
        "isAccessibleForFree": True,
    }
    if article.dek:
        data["description"] = article.dek
    if article.lead_image:
        data["image"] = image_objects(article.lead_image)
    if article.dateline:
        data["dateline"] = article.dateline
    if article.section_id:
        data["articleSection"] = article.section.name
    if article.about_story:
        data["backstory"] = article.about_story
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
