"""Which cached pages a change makes stale, worked out after the change commits.

Receivers note what changed (an article, one of its credits, topics, attributions or
corrections, a topic, contributor or source) while the transaction runs; once it commits, one
pass looks up what those things appear on and invalidates exactly those tags
(newsroom/pagecache.py). Nothing is invalidated for a transaction that rolls back, and a draft
that was never public evicts nothing but its own (never cached) page.

Tags: `article-<id>` (its page and API detail), `topic-<id>`, `contributor-<id>`,
`source-<id>` (their pages), and the lists every published article can appear on: `home`,
`feeds`, `sitemaps`, `search`, `articles` (API lists), `topics`, `sources`, `contributors`
(their indexes, whose counts and membership follow published articles).
"""

import threading
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles.models import (
    Article,
    ArticleStatus,
    Contributor,
    Correction,
    Credit,
    TaggedArticle,
    Topic,
)
from newsroom import pagecache
from sources.models import Attribution, Source

# Lists a published article can appear on.
LIST_TAGS = frozenset(
    {"home", "feeds", "sitemaps", "search", "articles", "topics", "sources", "contributors"}
)
# A change touching more articles than this empties the page cache instead of listing them.
FANOUT_LIMIT = 2000
# Upcoming publication times remembered for capping page lifetimes.
SCHEDULE_LIMIT = 100

_local = threading.local()


class _Batch:
    """What one transaction changed, invalidated in one pass once it commits."""

    def __init__(self):
        self.articles = set()  # changed articles: their pages, and their relations' pages
        self.public = False  # one of them was or is public: the lists change too
        self.tags = set()
        self.topics = set()  # topics, contributors and sources whose articles all change
        self.contributors = set()
        self.sources = set()
        self.speakers = set()  # sources quoted: their pages and their organisations' pages
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


def _later(**kwargs) -> None:
    """Note a change; invalidate once the transaction commits (at once outside one)."""
    batch = _current_batch()
    new = batch is None
    if new:
        batch = _local.batch = _Batch()
    for name, value in kwargs.items():
        if isinstance(value, bool):
            setattr(batch, name, getattr(batch, name) or value)
        else:
            getattr(batch, name).update(value)
    if new:
        # A rolled-back transaction drops the callback, and the batch with it.
        transaction.on_commit(batch.flush, using=DEFAULT_DB_ALIAS)


def _is_public(status, deleted_at) -> bool:
    # Scheduled counts: its pages are capped by the schedule, not by an invalidation.
    return status == ArticleStatus.PUBLISHED and deleted_at is None


# --- Receivers -------------------------------------------------------------------------------


def article_pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = (
        Article.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=instance.pk)
        .values_list("status", "deleted_at")
        .first()
    )
    instance._was_public = before is not None and _is_public(*before)


def article_changed(sender, instance, raw=False, **kwargs):
    if raw:
        _later(tags={pagecache.SITE_TAG})  # fixtures and restores: too broad to follow
        return
    public = getattr(instance, "_was_public", False) or _is_public(
        instance.status, instance.deleted_at
    )
    _later(articles={instance.pk}, public=public, schedule=True)


# What each inline points at, and its pages' tag prefix.
_POINTERS = {Credit: ("contributor_id", "contributor"), TaggedArticle: ("tag_id", "topic")}
_POINTERS[Attribution] = ("source_id", "source")


def pointer_pre_save(sender, instance, raw=False, **kwargs):
    """Before a credit, attribution, article topic or source is saved, note what it pointed at:
    re-pointed, the old contributor's, source's, topic's or organisation's page changes too."""
    if raw or instance.pk is None:
        return
    field = "affiliation_id" if sender is Source else _POINTERS[sender][0]
    instance._was_pointing_at = (
        sender.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=instance.pk)
        .values_list(field, flat=True)
        .first()
    )


def inline_changed(sender, instance, raw=False, **kwargs):
    """A credit, attribution, article topic or correction: its article changed, and so did
    the page of the contributor, source or topic it points at."""
    if raw:
        _later(tags={pagecache.SITE_TAG})
        return
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    tags = set()
    if isinstance(instance, Credit):
        tags.add(f"contributor-{instance.contributor_id}")
    elif isinstance(instance, Attribution):
        tags.add(f"source-{instance.source_id}")
        # Its affiliation's page lists it too; looked up once, after the commit.
        _later(speakers={instance.source_id})
    elif isinstance(instance, TaggedArticle):
        tags.add(f"topic-{instance.tag_id}")
    old = getattr(instance, "_was_pointing_at", None)
    if old is not None and type(instance) in _POINTERS:
        field, prefix = _POINTERS[type(instance)]
        if old != getattr(instance, field):
            tags.add(f"{prefix}-{old}")
            if prefix == "source":
                _later(speakers={old})
    _later(articles={article_id}, tags=tags)


def topic_changed(sender, instance, raw=False, **kwargs):
    _later(tags={f"topic-{instance.pk}", "topics"}, topics={instance.pk})


def contributor_changed(sender, instance, raw=False, **kwargs):
    _later(tags={f"contributor-{instance.pk}", "contributors"}, contributors={instance.pk})


def source_changed(sender, instance, raw=False, **kwargs):
    tags = {f"source-{instance.pk}", "sources"}
    old_affiliation = getattr(instance, "_was_pointing_at", None)
    if old_affiliation is not None and old_affiliation != instance.affiliation_id:
        tags.add(f"source-{old_affiliation}")  # its page listed this source as a member
    _later(tags=tags, sources={instance.pk})


# --- After the commit ------------------------------------------------------------------------


def _invalidate(batch: _Batch) -> None:
    """Invalidate everything a committed transaction changed."""
    pending = vars(batch)
    tags = set(pending["tags"])
    articles = {pk for pk in pending["articles"] if pk is not None}
    db = Article.objects.using(DEFAULT_DB_ALIAS)  # the replica may not have the commit yet
    if pending["topics"]:
        articles |= set(
            db.filter(tagged_topics__tag__in=pending["topics"]).values_list("pk", flat=True)
        )
    if pending["contributors"]:
        articles |= set(
            db.filter(credits__contributor__in=pending["contributors"]).values_list("pk", flat=True)
        )
    if pending["sources"]:
        sources = pending["sources"]
        tags |= {
            f"source-{pk}"
            for pk in Source.objects.using(DEFAULT_DB_ALIAS)
            .filter(affiliation__in=sources)
            .values_list("pk", flat=True)
        }
        articles |= set(
            db.filter(attributions__source__in=sources).values_list("pk", flat=True)
        ) | set(
            db.filter(attributions__source__affiliation__in=sources).values_list("pk", flat=True)
        )
    if pending["speakers"]:
        for source, affiliation in (
            Source.objects.using(DEFAULT_DB_ALIAS)
            .filter(pk__in=pending["speakers"])
            .values_list("pk", "affiliation_id")
        ):
            tags |= (
                {f"source-{source}", f"source-{affiliation}"}
                if affiliation
                else {f"source-{source}"}
            )
    if len(articles) > FANOUT_LIMIT:
        tags.add(pagecache.SITE_TAG)
    elif articles:
        tags |= _article_tags(articles)
        if pending["public"] or any(
            _is_public(*state)
            for state in db.filter(pk__in=articles).values_list("status", "deleted_at")
        ):
            tags |= LIST_TAGS
    elif pending["public"]:
        tags |= LIST_TAGS
    pagecache.invalidate(tags)
    if pending["schedule"]:
        record_schedule()


def _article_tags(ids: set[int]) -> set[str]:
    """The articles' own tags and those of the topics, contributors and sources they show."""
    tags = {f"article-{pk}" for pk in ids}
    tags |= {
        f"topic-{pk}"
        for pk in TaggedArticle.objects.using(DEFAULT_DB_ALIAS)
        .filter(content_object__in=ids)
        .values_list("tag_id", flat=True)
        .distinct()
    }
    tags |= {
        f"contributor-{pk}"
        for pk in Credit.objects.using(DEFAULT_DB_ALIAS)
        .filter(article__in=ids)
        .values_list("contributor_id", flat=True)
        .distinct()
    }
    for source, affiliation in (
        Attribution.objects.using(DEFAULT_DB_ALIAS)
        .filter(article__in=ids)
        .values_list("source_id", "source__affiliation_id")
        .distinct()
    ):
        tags.add(f"source-{source}")
        if affiliation:
            tags.add(f"source-{affiliation}")
    return tags


def record_schedule() -> None:
    """Remember when the next scheduled articles go live, so no page outlives that moment."""
    times = list(
        Article.objects.using(DEFAULT_DB_ALIAS)
        .scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)[:SCHEDULE_LIMIT]
    )
    # A second's margin: a page rendered just before the moment must not outlive it.
    pagecache.set_schedule(
        [(when - timedelta(seconds=1)).timestamp() for when in times],
        complete=len(times) < SCHEDULE_LIMIT,
    )


def connect() -> None:
    uid = "pagecache-"
    pre_save.connect(article_pre_save, sender=Article, dispatch_uid=uid + "article-pre")
    for model in (*_POINTERS, Source):
        pre_save.connect(pointer_pre_save, sender=model, dispatch_uid=f"{uid}{model.__name__}-pre")
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(article_changed, sender=Article, dispatch_uid=f"{uid}article-{name}")
        for model in (Credit, Attribution, TaggedArticle, Correction):
            signal.connect(
                inline_changed, sender=model, dispatch_uid=f"{uid}{model.__name__}-{name}"
            )
        signal.connect(topic_changed, sender=Topic, dispatch_uid=f"{uid}topic-{name}")
        signal.connect(contributor_changed, sender=Contributor, dispatch_uid=f"{uid}contrib-{name}")
        signal.connect(source_changed, sender=Source, dispatch_uid=f"{uid}source-{name}")
