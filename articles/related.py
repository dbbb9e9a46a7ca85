"""The "Related" block at the end of an article page: up to four other stories readers may see
that share a topic, the section or a source with it, newest first, in one query (no join).

It reads what the page already loaded (the prefetched topics and attributions, the section's
id), so the block costs exactly one query, and none for a story with nothing to share. It also
names the page-cache tags the block shows (`related_tags`): each related story's own, so an edit
to or the withdrawal of one evicts the page, and those of the story's topics and sources, which
a newly published story sharing them invalidates.
"""

from functools import reduce
from operator import itemgetter, or_

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from articles.models import Article, TaggedArticle, Topic
from newsroom.pagecache import tag_for
from newsroom.prepared import Prepared
from newsroom.slugs import slug_url

LIMIT = 4


def shared(article) -> tuple[set[int], set[int]]:
    """The story's topic and source ids, from its prefetched rows."""
    topics = {topic.pk for topic in article.topics.all()}
    sources = {attribution.source_id for attribution in article.attributions.all()}
    return topics, sources


def shared_tags(article) -> list[str]:
    """The page-cache tags of the story's topics and sources, from its prefetched rows."""
    topics, _ = shared(article)
    return [
        *(tag_for(Topic, pk) for pk in sorted(topics)),
        # articles/ does not import sources/: the tag comes from the prefetched source rows.
        *sorted({tag_for(attribution.source) for attribution in article.attributions.all()}),
    ]


def related_stories(article, limit: int = LIMIT, *, ids=None) -> list[dict]:
    """Teasers (pk, url, headline, published_at) of up to `limit` published stories sharing a
    topic, the section or a source with `article`, newest first, never `article` itself.

    One query, no join: each shared thing is a semi-join (EXISTS), so no candidate is repeated
    per tag or quote. On PostgreSQL each kind of sharing is its own branch of a UNION ALL,
    newest first with its own LIMIT, which the planner serves by walking the public order's
    index and probing each story (a popular topic) or by reading the few stories a rare one
    has; as one filter ORed together it would instead hash every story of every shared topic
    and source (95 ms at 100,000 stories, against 3). SQLite cannot limit a UNION's branches,
    and has no archive that size, so there the branches are ORed.

    `ids`, the (topics, sources) ids a stored page part kept (articles/parts.py), stand in for
    the prefetched rows."""
    topics, sources = shared(article) if ids is None else ids
    values = {"pk": article.pk, "now": timezone.now()}
    if topics:
        values["topics"] = sorted(topics)
    if article.section_id:
        values["section"] = article.section_id
    if sources:
        values["sources"] = sorted(sources)
    if len(values) == 2:
        return []
    # Compiled once per process and shape (newsroom/prepared.py) for the page's limit.
    rows = _related(**values) if limit == LIMIT else list(_candidates(limit=limit, **values))
    # The UNION's branches each give their newest: once each, the newest of them all.
    found = {row["pk"]: row for row in rows}
    rows = sorted(found.values(), key=itemgetter("published_at", "pk"), reverse=True)[:limit]
    return [{**row, "url": slug_url("articles:detail", row["slug"])} for row in rows]


def _candidates(*, pk, now, topics=(), section=None, sources=(), limit=LIMIT):
    """The query: up to `limit` per branch on PostgreSQL (a UNION ALL), `limit` in all on
    SQLite (ORed)."""
    branches = []
    if topics:
        branches.append(
            Exists(
                TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=topics)
            )
        )
    if section is not None:
        branches.append(Q(section_id=section))
    if sources:
        branches.append(
            Exists(
                Article.attributions.rel.related_model.objects.filter(
                    article_id=OuterRef("pk"), source_id__in=sources
                )
            )
        )
    candidates = (
        Article.objects.published(at=now)
        .exclude(pk=pk)
        .order_by("-published_at", "-pk")
        .values("pk", "slug", "headline", "published_at")
    )
    if len(branches) > 1 and connection.features.supports_slicing_ordering_in_compound:
        first, *rest = (candidates.filter(branch)[:limit] for branch in branches)
        return first.union(*rest, all=True)
    return candidates.filter(reduce(or_, branches))[:limit]


_related = Prepared(Article, _candidates, in_lists=True)


def related_tags(article, related: list[dict], *, tags=None) -> list[str]:
    """The page-cache tags the block shows: the related stories' and the shared things' (the
    stored part's `tags`, or from the prefetched rows)."""
    return [
        *(tag_for(Article, row["pk"]) for row in related),
        *(shared_tags(article) if tags is None else tags),
    ]
