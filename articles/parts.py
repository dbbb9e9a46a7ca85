"""An article page's parts that every reader gets the same (the head's meta tags and JSON-LD,
and the story: headline, byline, photo, corrections, body, topics, sources, sharing), rendered
once per version of the article and stored (articles/stored.py), so a page with the cache off
costs one query for the story and one for its related block instead of eight and a full render.

A stored part is served only when all three of what it was rendered from still hold:

- the article's `version`, which every change to it or to anything it shows moves (its form,
  its inline rows, a renamed topic, source, contributor, section or photo: articles/signals.py
  reads articles/dependencies.py, the same table the page cache's invalidation reads);
- the generation of what every page shows (`WIDE_TAGS`: the whole site, the publisher's
  policies), moved by the same page-cache invalidation that evicts every page showing it;
- a key of the code and templates that render it and of the site's address (a deploy, or in
  development another port, renders again).

A change to an article or one of its inline rows (whatever route it takes, the version moved or
not) deletes its stored part in the same transaction, and the page cache's invalidation of an
article's tag deletes it too, so what evicts the page evicts its parts by the same rule. What
differs per request (the site header's sections and current link, the related block, the
scripts) is rendered around the parts on every request.
"""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import dependencies, querysets, related, structured_data
from articles.models import Article
from articles.stored import (
    StoredListItem,
    StoredRepresentation,
    StoredStory,
    StoredStoryGeneration,
)
from newsroom import pagecache, siteurl
from newsroom.pagecache import tag_for
from newsroom.prepared import Prepared

logger = logging.getLogger(__name__)

HEAD = "articles/parts/head.html"
STORY = "articles/parts/story.html"

# Tags of things every stored part may show, whose invalidation retires every part at once
# (an app whose part of the page declares one adds it: trust/ adds its policies').
WIDE_TAGS: set[str] = {pagecache.SITE_TAG}

# What the page itself needs of a served article besides its parts.
PAGE_FIELDS = ("id", "slug", "headline", "language", "version", "section_id")
STORED_FIELDS = ("version", "key", "generation", "head", "story", "modified_at", "shared")


@dataclass
class PageArticle:
    """A published article as its page needs it when its parts are stored: no model loaded."""

    pk: int
    slug: str
    headline: str
    language: str
    version: int
    section_id: int | None
    parts_generation: int
    stored: StoredStory | None


def published_with(slug: str, now, fields):
    """The published article at `slug` as a `values()` query of `fields`, with the current
    generation (`parts_generation`): the lookup of every read served from what is stored."""
    generation = StoredStoryGeneration.objects.filter(pk=1).values("value")[:1]
    return (
        Article.objects.published(at=now)
        .filter(slug=slug)
        .values(*fields, parts_generation=Coalesce(Subquery(generation), 0))
    )


def _page_row(*, slug: str, now):
    return published_with(slug, now, [*PAGE_FIELDS, *(f"stored__{n}" for n in STORED_FIELDS)])


# Compiled once per process (newsroom/prepared.py): the page's one query but the related one.
_find = Prepared(Article, _page_row)


def find(slug: str) -> PageArticle | None:
    """The published article at this slug with its stored parts (None if it has none yet)
    and the current generation, in one query; None if there is no such article."""
    rows = _find(slug=slug, now=timezone.now())
    if not rows:
        return None
    row = rows[0]
    stored = None
    if row["stored__version"] is not None:
        stored = StoredStory(
            article_id=row["id"], **{name: row[f"stored__{name}"] for name in STORED_FIELDS}
        )
    return PageArticle(
        pk=row["id"],
        slug=row["slug"],
        headline=row["headline"],
        language=row["language"],
        version=row["version"],
        section_id=row["section_id"],
        parts_generation=row["parts_generation"],
        stored=stored,
    )


def servable(article: PageArticle) -> StoredStory | None:
    """The article's stored parts if they were rendered from what it is now, else None."""
    stored = article.stored
    if (
        stored is not None
        and stored.version == article.version
        and stored.generation == article.parts_generation
        and stored.key == key()
    ):
        return stored
    return None


def render(article, request, *, head=HEAD, story=STORY, news_article=None, **extra) -> StoredStory:
    """Render the parts of an article loaded for the page (`Article.objects.for_page()`), as an
    unsaved row. The desk's preview passes its own templates, JSON-LD and context."""
    modified_at = structured_data.modified_at(article)
    context = {
        "article": article,
        "modified_at": modified_at,
        "sources_in_story": sources_in_story(article),
        "news_article": news_article or structured_data.news_article(article, request),
        "card_image": structured_data.card_image(article.lead_image),
        **extra,
    }
    topics, sources = related.shared(article)
    return StoredStory(
        article_id=article.pk,
        version=article.version,
        key=key(),
        head=render_to_string(head, context, request),
        story=render_to_string(story, context, request),
        modified_at=modified_at,
        shared={
            "topics": sorted(topics),
            "sources": sorted(sources),
            "tags": related.shared_tags(article),
        },
    )


def store(article, request, generation: int) -> StoredStory:
    """Render the parts of an article loaded for the page and keep them, unless what they
    declared showing cannot be invalidated by the rules above (then they are rendered again
    for every reader, and a warning says why)."""
    before = pagecache.declared_tags(request)
    stored = render(article, request)
    stored.generation = generation
    declared = sorted(set(pagecache.declared_tags(request)[len(before) :]))
    stored.shared["declared"] = declared
    unknown = set(declared) - WIDE_TAGS - {tag_for(article)}
    if unknown:
        logger.warning(
            "Not storing article %s's parts: they show %s, which no rule retires them for",
            article.pk,
            ", ".join(sorted(unknown)),
        )
        return stored
    # The database named, and the row made from the article's id, not the article: routed, it
    # would count as the reader's write and pin them to the primary with a cookie
    # (newsroom/routers.py), which no cache may store.
    StoredStory.objects.using(DEFAULT_DB_ALIAS).bulk_create(
        [stored],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=[*STORED_FIELDS, "rendered_at"],
    )
    return stored


def html(stored: StoredStory) -> tuple[str, str]:
    """The head and the story, ready for the page's template."""
    return mark_safe(stored.head), mark_safe(stored.story)  # noqa: S308 - rendered by our templates


def sources_in_story(article) -> list[tuple]:
    """The story's sources in order of first appearance, each with what it said: [(source,
    [attributions])]. Uses the prefetched attributions."""
    grouped: dict[int, tuple] = {}
    for attribution in article.attributions.all():
        grouped.setdefault(attribution.source_id, (attribution.source, []))[1].append(attribution)
    return list(grouped.values())


# --- What the parts were rendered from ----------------------------------------------------


_format: list[str] = []


def rendered_by() -> list[Path]:
    """The files whose change may change a part: the templates and the project's packages
    (not its tests, uploads or artifacts)."""
    root = Path(settings.BASE_DIR)
    top = [root / "templates"] + [
        entry
        for entry in sorted(root.iterdir())
        if (entry / "__init__.py").is_file() and entry.name not in {"tests", "bench"}
    ]
    return [
        path
        for folder in top
        for path in sorted(folder.rglob("*"))
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
    ]


def _format_hash() -> str:
    """A hash of everything that renders a part: the project's code and templates, Django's
    version and the settings the templates read. Worked out once per process (a deploy
    restarts it)."""
    if not _format:
        digest = hashlib.sha1(usedforsecurity=False)
        root = Path(settings.BASE_DIR)
        for path in rendered_by():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        for value in (
            django.get_version(),
            settings.SITE_NAME,
            settings.TIME_ZONE,
            settings.LANGUAGE_CODE,
            settings.MEDIA_URL,
        ):
            digest.update(str(value).encode())
        _format.append(digest.hexdigest())
    return _format[0]


_keys: dict[str, str] = {}


def key(site: str | None = None) -> str:
    """The key of the code and templates, and of the site address (`site_url()` unless given),
    a part is rendered with now."""
    site = siteurl.site_url() if site is None else site
    if site not in _keys:
        _keys[site] = hashlib.sha1(
            f"{_format_hash()} {site}".encode(), usedforsecurity=False
        ).hexdigest()
    return _keys[site]


# --- Retiring them by the page cache's rule --------------------------------------------------


def _article_ids(tags) -> set[int]:
    prefix = tag_for(Article, 0).removesuffix("0")
    return {int(tag[len(prefix) :]) for tag in tags if tag.startswith(prefix)}


def tags_invalidated(sender, tags, **kwargs) -> None:
    """pagecache.tags_changed: an article's tag deletes its parts; a wide tag retires all."""
    if tags & WIDE_TAGS:
        updated = StoredStoryGeneration.objects.using(DEFAULT_DB_ALIAS).filter(pk=1)
        if not updated.update(value=F("value") + 1):
            StoredStoryGeneration.objects.using(DEFAULT_DB_ALIAS).get_or_create(
                pk=1, defaults={"value": 1}
            )
    forget(_article_ids(tags))


def forget(ids) -> None:
    """Delete these articles' stored parts and API representations (in the transaction
    changing them: a rollback keeps them, a commit takes them away with the change)."""
    ids = {pk for pk in ids if pk is not None}
    if ids:
        # One DELETE: with receivers on every model's post_delete, delete() would first read
        # the rows to send signals no one here listens for.
        for model in (StoredStory, StoredRepresentation, StoredListItem):
            rows = model.objects.using(DEFAULT_DB_ALIAS).filter(article_id__in=ids)
            rows._raw_delete(DEFAULT_DB_ALIAS)


def row_changed(sender, instance, raw=False, **kwargs):
    """post_save and post_delete of an article or one of its inline rows."""
    if sender is Article:
        forget({instance.pk})
    elif sender in dependencies.INLINES:
        forget({dependencies.article_id(instance)})


def bulk_updated(sender, pks, **kwargs):
    forget(pks)


def connect() -> None:
    pagecache.tags_changed.connect(tags_invalidated, dispatch_uid="stored-stories-invalidated")
    post_save.connect(row_changed, dispatch_uid="stored-stories-saved")
    post_delete.connect(row_changed, dispatch_uid="stored-stories-deleted")
    querysets.bulk_updated.connect(bulk_updated, dispatch_uid="stored-stories-bulk-updated")
