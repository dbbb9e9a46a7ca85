"""ninjs out: an article as an IPTC ninjs 2.2 news item, for syndication partners and wire-style
consumers (the API's `/api/v1/articles/<slug>/ninjs/`).

The item must satisfy the schema in `schema.py`; the tests validate against it. Its photos are
`associations` (`pictures.py`), and the body's library figures are filled in at absolute
addresses, as the partner's page will show them.
"""

import re
from collections.abc import Callable
from datetime import UTC

from django.conf import settings
from django.utils.html import strip_tags

from articles.models import Article, ArticleStatus
from articles.ninjs.pictures import associations
from articles.ninjs.schema import NINJS_SCHEMA_URI
from articles.structured_data import SCHEMA_TYPES
from images.figures import fill
from newsroom.serializers import absolute

_WORD = re.compile(r"\w+")


def pubstatus(article: Article) -> str:
    """usable: the public can read it; withheld: not yet (draft, review, scheduled);
    canceled: taken down (archived or in the trash)."""
    if article.deleted_at is not None or article.status == ArticleStatus.ARCHIVED:
        return "canceled"
    if article.is_public:
        return "usable"
    return "withheld"


def by_line(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C": the byline as a reader sees it."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# Parts of the item another app supplies, each a function of (article, request) returning keys
# to add: the sources app adds `people` and `organisations` (who the story quotes or cites).
EXTRA_PARTS: list[Callable[[Article, object], dict]] = []


def to_ninjs(article: Article, *, request=None) -> dict:
    """The article as a ninjs 2.2 news item. Expects credits, topics, attributions (with
    their sources and affiliations) and inline images prefetched and the lead image joined, as
    the API's queryset does."""
    item = {
        "uri": absolute(request, article.get_absolute_url()),
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": _time(article.created_at),
        "versioncreated": _time(article.updated_at),
        # Wire copy is filed before we import it: the earlier of the two is when it was written.
        "contentcreated": _time(
            min(article.created_at, article.published_at)
            if article.published_at
            else article.created_at
        ),
        "pubstatus": pubstatus(article),
        "language": article.language,
        "slugline": article.slug,
        "copyrightholder": article.provider or settings.SITE_NAME,
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA_URI},
    }
    lifts = [
        when
        for when, hidden in (
            (article.published_at, article.is_scheduled),
            (article.embargoed_until, article.is_embargoed),
        )
        if hidden
    ]
    if lifts:
        # Not for the public before then: the later of the schedule and the embargo.
        item["embargoed"] = _time(max(lifts))
    if article.headline:
        item["headlines"] = [{"role": "main", "value": article.headline}]
    descriptions = []
    if article.dek:
        descriptions.append({"role": "summary", "contenttype": "text/plain", "value": article.dek})
    descriptions += [
        {"role": correction.kind, "contenttype": "text/plain", "value": correction.text}
        for correction in article.corrections.all()
    ]
    if descriptions:
        item["descriptions"] = descriptions
    if article.body_html:
        text = strip_tags(article.body_html)
        html = fill(
            article.body_html, article.inline_images.all(), build=lambda p: absolute(request, p)
        )
        item["bodies"] = [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": html,
                "charcount": len(text),
                "wordcount": len(_WORD.findall(text)),
            }
        ]
    byline = by_line([credit.contributor.name for credit in article.byline])
    if byline:
        item["by"] = byline
    if article.dateline:
        item["located"] = article.dateline
    # The type of work as the item's genre, identified by its schema.org type.
    item["genres"] = [
        {
            "name": article.get_type_of_work_display(),
            "literal": article.type_of_work,
            "uri": f"https://schema.org/{SCHEMA_TYPES[article.type_of_work]}",
        }
    ]
    if article.provider:
        item["infosources"] = [{"name": article.provider}]
    for part in EXTRA_PARTS:
        item.update(part(article, request))
    subjects = [
        {
            "name": tagged.tag.name,
            "literal": tagged.tag.slug,
            "uri": absolute(request, tagged.tag.get_absolute_url()),
        }
        for tagged in article.tagged_topics.all()
    ]
    if article.section_id:
        # Its home section first, told apart from the topics by its relationship.
        section = article.section
        subjects.insert(
            0,
            {
                "name": section.name,
                "literal": section.slug,
                "uri": absolute(request, section.get_absolute_url()),
                "rel": "section",
            },
        )
    if subjects:
        item["subjects"] = subjects
    pictures = associations(article, request=request, when=_time)
    if pictures:
        item["associations"] = pictures
    return item


def _time(value) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
