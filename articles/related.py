"""The "Related" block at the end of an article page: up to four other stories readers may see
that share a topic, the section or a source with it, newest first, in one query (no join).

It reads what the page already loaded (the prefetched topics and attributions, the section's
id), so the block costs exactly one query, and none for a story with nothing to share. It also
names the page-cache tags the block shows (`related_tags`): each related story's own, so an edit
to or the withdrawal of one evicts the page, and those of the story's topics and sources, which
a newly published story sharing them invalidates.
"""

from django.db.models import Exists, OuterRef, Q

from articles.models import Article, TaggedArticle, Topic
from newsroom.pagecache import tag_for
from newsroom.slugs import slug_url

LIMIT = 4


def _shared(article) -> tuple[set[int], set[int]]:
    """The story's topic and source ids, from its prefetched rows."""
    topics = {topic.pk for topic in article.topics.all()}
    sources = {attribution.source_id for attribution in article.attributions.all()}
    return topics, sources


def related_stories(article, limit: int = LIMIT) -> list[dict]:
    """Teasers (pk, url, headline, published_at) of up to `limit` published stories sharing a
    topic, the section or a source with `article`, newest first, never `article` itself.

    Each shared thing is a semi-join (EXISTS), not a join: a join would multiply every
    candidate by its tags and quotes and need a DISTINCT over them all; this way PostgreSQL
    walks the public order's index and stops at the fourth story that shares anything."""
    topics, sources = _shared(article)
    condition = Q()
    if topics:
        condition |= Exists(
            TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=topics)
        )
    if article.section_id:
        condition |= Q(section_id=article.section_id)
    if sources:
        condition |= Exists(
            article.attributions.model.objects.filter(
                article_id=OuterRef("pk"), source_id__in=sources
            )
        )
    if not condition:
        return []
    rows = (
        Article.objects.published()
        .filter(condition)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
        .values("pk", "slug", "headline", "published_at")[:limit]
    )
    return [{**row, "url": slug_url("articles:detail", row["slug"])} for row in rows]


def related_tags(article, related: list[dict]) -> list[str]:
    """The page-cache tags the block shows: the related stories' and the shared things'."""
    topics, _ = _shared(article)
    return [
        *(tag_for(Article, row["pk"]) for row in related),
        *(tag_for(Topic, pk) for pk in sorted(topics)),
        # articles/ does not import sources/: the tag comes from the prefetched source rows.
        *sorted({tag_for(attribution.source) for attribution in article.attributions.all()}),
    ]
