"""What shows what: the one table of what an article shows of other things.

For each kind of thing a published article shows (its topics, its contributors, its photos,
its section and, added by the sources app, the sources it quotes), the table says which of its
fields an article shows, which articles show a given one, which index page lists them all, and
which other pages show it. For each inline row of an article (a credit, a tagging, a correction, an
attribution), it says what the row points at.

Two things read it, so they cannot disagree: the article's version (articles/signals.py: a
renamed topic is a change to every article tagged with it) and the page cache's invalidation
(articles/cache_invalidation.py: the same change evicts exactly those pages).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from django.db.models.signals import pre_save

from articles.models import Contributor, Correction, Credit, TaggedArticle, Topic
from images.models import Image
from sections.models import Section


def _nothing(pks: set) -> set[str]:
    return set()


@dataclass(frozen=True)
class Shown:
    """Something articles show."""

    fields: tuple[str, ...]  # what an article shows of it (a change to these is a change to it)
    articles: Callable[[set], Q]  # a filter on Article: those showing any of these
    index: str  # the tag of the index page listing every one of them
    # Tags of other things' pages that show one of these (an organisation's name on its
    # members' pages), and that list what points at one (a person's quotes on their
    # organisation's page).
    shown_on: Callable[[set], set[str]] = field(default=_nothing)
    listed_on: Callable[[set], set[str]] = field(default=_nothing)
    # A column naming another of its kind whose page lists it (a source's organisation): when
    # it changes, the old one's page changes too.
    points_at: str | None = None


@dataclass(frozen=True)
class Inline:
    """A row that belongs to one article and may point at something it shows."""

    article_field: str  # the column holding the article's id
    points_at: str | None = None  # the column holding what it points at
    model: type | None = None  # what that is
    # How the history shows an article's rows of this kind: a key and label, where it comes
    # among the others, the article's related manager, and a function from the rows (as
    # dicts of column values) to readable lines.
    key: str = ""
    label: str = ""
    position: int = 0
    related_name: str = ""
    describe: Callable[[list[dict]], list[str]] | None = None


SHOWN: dict[type, Shown] = {
    Topic: Shown(
        fields=("name", "slug"),
        articles=lambda pks: Q(tagged_topics__tag__in=pks),
        index="topics",
    ),
    Contributor: Shown(
        fields=("name", "slug"),
        articles=lambda pks: Q(credits__contributor__in=pks),
        index="contributors",
    ),
    # A photo is shown whole: as the lead (on the page, its teasers, the social card, feeds,
    # JSON-LD and the sitemap) or in the body; its crops follow the focal point.
    Image: Shown(
        fields=(
            "alt_text",
            "caption",
            "credit",
            "copyright_notice",
            "licence",
            "digital_source_type",
            "focal_x",
            "focal_y",
            "renditions",
        ),
        articles=lambda pks: Q(lead_image__in=pks) | Q(inline_images__in=pks),
        index="images",
    ),
    # Its home section and that section's parent, by name (the page's breadcrumb, JSON-LD
    # articleSection, the API and ninjs). Every page's navigation shows sections too: that is
    # sections/signals.py's to evict.
    Section: Shown(
        fields=("name", "slug", "parent_id"),
        articles=lambda pks: Q(section__in=pks) | Q(section__parent__in=pks),
        index="sections",
    ),
}


def _names(model, pks) -> dict:
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))


def ordered_rows(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row.get("order", 0), row.get("id") or 0))


def _credit_lines(rows: list[dict]) -> list[str]:
    contributors = _names(Contributor, {row["contributor_id"] for row in rows})
    roles = dict(Credit.Role.choices)
    return [
        f"{contributors.get(row['contributor_id'], '(deleted contributor)')}: "
        f"{row.get('role_label') or roles.get(row['role'], row['role'])}"
        + (f" in {row['place']}" if row.get("place") else "")
        for row in ordered_rows(rows)
    ]


def _topic_lines(rows: list[dict]) -> list[str]:
    topics = _names(Topic, {row["tag_id"] for row in rows})
    return sorted(topics.get(row["tag_id"], "(deleted topic)") for row in rows)


def _correction_lines(rows: list[dict]) -> list[str]:
    kinds = dict(Correction.Kind.choices)
    return [
        f"{kinds.get(row['kind'], row['kind'])}: {row['text']}"
        for row in sorted(rows, key=lambda row: str(row.get("published_at")))
    ]


INLINES: dict[type, Inline] = {
    Credit: Inline(
        "article_id",
        "contributor_id",
        Contributor,
        key="credits",
        label="Credits",
        position=10,
        related_name="credits",
        describe=_credit_lines,
    ),
    TaggedArticle: Inline(
        "content_object_id",
        "tag_id",
        Topic,
        key="topics",
        label="Topics",
        position=30,
        related_name="tagged_topics",
        describe=_topic_lines,
    ),
    Correction: Inline(
        "article_id",
        key="corrections",
        label="Corrections",
        position=40,
        related_name="corrections",
        describe=_correction_lines,
    ),
}


def inlines_in_order() -> list[tuple[type, Inline]]:
    """The article's kinds of rows, in the order the history shows them."""
    return sorted(INLINES.items(), key=lambda item: item[1].position)


def register(model: type, shown: Shown | None = None, *, inline: Inline | None = None) -> None:
    """Add another app's model (in its AppConfig.ready(), before anything is saved)."""
    if shown is not None:
        SHOWN[model] = shown
    if inline is not None:
        INLINES[model] = inline


def article_id(instance) -> int | None:
    """The id of the article an inline row belongs to."""
    return getattr(instance, INLINES[type(instance)].article_field, None)


def pointer(model: type) -> str | None:
    """The column naming what a row of `model` points at, if it points at anything."""
    if model in INLINES:
        return INLINES[model].points_at
    return SHOWN[model].points_at if model in SHOWN else None


def _watched(model: type) -> tuple[str, ...]:
    columns = SHOWN[model].fields if model in SHOWN else ()
    column = pointer(model)
    return (*columns, column) if column and column not in columns else columns


def remember(sender, instance, raw=False, **kwargs):
    """pre_save, for every model in the tables: note what the row showed and pointed at before
    this save (`instance._before`), read from the primary, so receivers after the save can tell
    what changed."""
    if sender not in SHOWN and sender not in INLINES:
        return
    columns = _watched(sender)
    instance._before = None
    if raw or instance.pk is None or not columns:
        return
    instance._before = (
        sender._default_manager.using(DEFAULT_DB_ALIAS)
        .filter(pk=instance.pk)
        .values(*columns)
        .first()
    )


def changed(instance) -> list[str]:
    """The watched columns this save changed (empty for a new row, or when nothing was noted)."""
    before = getattr(instance, "_before", None)
    if not before:
        return []
    return [column for column, old in before.items() if old != getattr(instance, column)]


def connect() -> None:
    # One receiver for every model: apps register theirs after this runs.
    pre_save.connect(remember, dispatch_uid="dependencies-remember")
