"""Which cached pages a change makes stale, worked out after the change commits.

Receivers note what changed while the transaction runs: an article, one of its inline rows, or
something articles show (articles/dependencies.py says what shows what). Once it commits, one
pass looks up what those things appear on and invalidates exactly those tags
(newsroom/pagecache.py). Nothing is invalidated for a transaction that rolls back, and a draft
that was never public evicts nothing but its own (never cached) page.

Tags are `pagecache.tag_for(obj)` (`article-<id>`, `topic-<id>`, `contributor-<id>`,
`source-<id>`, `image-<id>`: an object's own pages and API detail), each shown model's index
(`topics`, `contributors`, `sources`, `images`), and the lists every published article can
appear on (LIST_TAGS). A photo's edit reaches the pages of the articles showing it (as lead or
inline) and, when one of them is public, the lists their teasers are on; a photo only drafts
use evicts no public page.
"""

import threading
from collections import defaultdict
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles import dependencies, querysets
from articles.models import Article, ArticleStatus
from newsroom import pagecache, warming
from newsroom.pagecache import tag_for
from newsroom.slugs import slug_url

# Lists a published article can appear on: the home page and feeds, sitemaps and search, the
# API's lists, the indexes whose counts and membership follow published articles, and the
# corrections archive (trust/), which lists public stories' corrections.
LIST_TAGS = frozenset(
    {
        "home",
        "feeds",
        "sitemaps",
        "search",
        "articles",
        "topics",
        "sources",
        "contributors",
        "corrections",
        "sections",
    }
)
# A change touching more articles than this empties the page cache instead of listing them.
FANOUT_LIMIT = 2000
# A change to at most this many articles warms the pages of those that are public.
WARM_ARTICLES = 5
# Upcoming publication times remembered for capping page lifetimes.
SCHEDULE_LIMIT = 100

_local = threading.local()


class _Batch:
    """What one transaction changed, invalidated in one pass once it commits."""

    def __init__(self):
        self.articles = set()  # changed articles: their pages, and their relations' pages
        self.public = False  # one of them was or is public: the lists change too
        self.tags = set()
        self.shown = defaultdict(set)  # model -> ids changed: every article showing them too
        self.listed = defaultdict(set)  # model -> ids pointed at: the pages listing them too
        self.schedule = False

    def flush(self) -> None:
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        _invalidate(self)


def _current_batch() -> _Batch | None:
    """The batch already waiting for this transaction's commit, if there is one."""
    batch = getattr(_local, "batch", None)
    connection = transaction.get_connection(DEFAULT_DB_ALIAS)
    if batch is None or not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        if getattr(entry[1], "__self__", None) is batch:
            return batch
    return None  # its transaction rolled back


def _later(*, articles=(), public=False, tags=(), shown=None, listed=None, schedule=False):
    """Note a change; invalidate once the transaction commits (at once outside one)."""
    batch = _current_batch()
    new = batch is None
    if new:
        batch = _local.batch = _Batch()
    batch.articles.update(articles)
    batch.public = batch.public or public
    batch.tags.update(tags)
    for model, pks in (shown or {}).items():
        batch.shown[model].update(pks)
    for model, pks in (listed or {}).items():
        batch.listed[model].update(pks)
    batch.schedule = batch.schedule or schedule
    if new:
        # A rolled-back transaction drops the callback, and the batch with it.
        transaction.on_commit(batch.flush, using=DEFAULT_DB_ALIAS)


def _is_public(status, deleted_at) -> bool:
    # Scheduled counts: its pages are capped by the schedule, not by an invalidation.
    return status == ArticleStatus.PUBLISHED and deleted_at is None


# --- Receivers -------------------------------------------------------------------------------


def article_pre_save(sender, instance, raw=False, **kwargs):
    if sender is not Article or raw or instance.pk is None:
        return
    before = (
        Article.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=instance.pk)
        .values_list("status", "deleted_at")
        .first()
    )
    instance._was_public = before is not None and _is_public(*before)


def changed(sender, instance, raw=False, **kwargs):
    """post_save and post_delete of an article, an inline row or something articles show."""
    if raw and (
        sender is Article or sender in dependencies.INLINES or sender in dependencies.SHOWN
    ):
        _later(tags={pagecache.SITE_TAG})  # fixtures and restores: too broad to follow
    elif sender is Article:
        was_public = getattr(instance, "_was_public", False)
        public = was_public or _is_public(instance.status, instance.deleted_at)
        _later(articles={instance.pk}, public=public, schedule=True)
    elif sender in dependencies.INLINES:
        _inline_changed(sender, instance)
    elif sender in dependencies.SHOWN:
        _shown_changed(sender, instance)


def bulk_updated(sender, pks, **kwargs):
    _later(articles=set(pks), schedule=True)


def _inline_changed(sender, instance) -> None:
    """Its article changed, and so did the pages of what it points at (and pointed at, if it
    was re-pointed), and the pages listing those."""
    inline = dependencies.INLINES[sender]
    pointed = set()
    if inline.points_at:
        pointed.add(getattr(instance, inline.points_at))
        if inline.points_at in dependencies.changed(instance):
            pointed.add(instance._before[inline.points_at])
    pointed.discard(None)
    listed = {inline.model: pointed} if pointed else None
    tags = {tag_for(inline.model, pk) for pk in pointed}
    _later(articles={dependencies.article_id(instance)}, tags=tags, listed=listed)


def _shown_changed(sender, instance) -> None:
    """Its own pages, its index, every article showing it, and the pages showing it; moved to
    another of its kind (a source to another organisation), the old one's page too."""
    shown = dependencies.SHOWN[sender]
    tags = {tag_for(instance), shown.index}
    if shown.points_at and shown.points_at in dependencies.changed(instance):
        old = instance._before[shown.points_at]
        if old is not None:
            tags.add(tag_for(sender, old))
    _later(tags=tags, shown={sender: {instance.pk}})


# --- After the commit ------------------------------------------------------------------------


def _invalidate(batch: _Batch) -> None:
    """Invalidate everything a committed transaction changed."""
    tags = set(batch.tags)
    articles = {pk for pk in batch.articles if pk is not None}
    db = Article.objects.using(DEFAULT_DB_ALIAS)  # the replica may not have the commit yet
    for model, pks in batch.shown.items():
        shown = dependencies.SHOWN[model]
        tags |= shown.shown_on(pks)
        articles |= set(db.filter(shown.articles(pks)).values_list("pk", flat=True))
    for model, pks in batch.listed.items():
        tags |= dependencies.SHOWN[model].listed_on(pks)
    if len(articles) > FANOUT_LIMIT:
        tags.add(pagecache.SITE_TAG)
    elif articles:
        tags |= _article_tags(articles)
        if batch.public or any(
            _is_public(*state)
            for state in db.filter(pk__in=articles).values_list("status", "deleted_at")
        ):
            tags |= LIST_TAGS
    elif batch.public:
        tags |= LIST_TAGS
    pagecache.invalidate(tags, warm=_public_pages(articles))
    if batch.schedule:
        record_schedule()


def _article_tags(ids: set[int]) -> set[str]:
    """The articles' own tags and those of the things they show, and of the pages listing
    those (a quoted person's organisation)."""
    tags = {tag_for(Article, pk) for pk in ids}
    for model, inline in dependencies.INLINES.items():
        if not inline.points_at:
            continue
        pointed = set(
            model._default_manager.using(DEFAULT_DB_ALIAS)
            .filter(**{f"{inline.article_field}__in": ids})
            .values_list(inline.points_at, flat=True)
            .distinct()
        )
        tags |= {tag_for(inline.model, pk) for pk in pointed}
        if inline.model in dependencies.SHOWN:
            tags |= dependencies.SHOWN[inline.model].listed_on(pointed)
    return tags


def _public_pages(ids: set[int]) -> list[str]:
    """The story page and API detail of each of these articles readers can see now: a story
    just published has no stored page for its tag to evict, but it is the page wanted first."""
    if not ids or len(ids) > WARM_ARTICLES or not warming.enabled():
        return []
    slugs = Article.objects.using(DEFAULT_DB_ALIAS).filter(pk__in=ids).published()
    return [
        path
        for slug in slugs.values_list("slug", flat=True)
        for path in (slug_url("articles:detail", slug), slug_url("api:article-detail", slug))
    ]


def record_schedule() -> None:
    """Remember when the next scheduled articles go live and the next embargoes lift, so no
    page outlives that moment."""
    db = Article.objects.using(DEFAULT_DB_ALIAS)
    times = list(
        db.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)[:SCHEDULE_LIMIT]
    )
    lifts = db.embargoed().order_by("embargoed_until").values_list("embargoed_until", flat=True)
    times = sorted({*times, *lifts[:SCHEDULE_LIMIT]})[:SCHEDULE_LIMIT]
    # A second's margin: a page rendered just before the moment must not outlive it.
    pagecache.set_schedule(
        [(when - timedelta(seconds=1)).timestamp() for when in times],
        complete=len(times) < SCHEDULE_LIMIT,
    )


def connect() -> None:
    # One receiver each for every model: the sources app registers its models after this runs.
    pre_save.connect(article_pre_save, dispatch_uid="pagecache-article-pre")
    post_save.connect(changed, dispatch_uid="pagecache-saved")
    post_delete.connect(changed, dispatch_uid="pagecache-deleted")
    querysets.bulk_updated.connect(bulk_updated, dispatch_uid="pagecache-bulk-updated")
