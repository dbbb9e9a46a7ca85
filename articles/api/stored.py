"""The public's API representation of a published article, and its item in a list, made once
per version and kept (articles/stored.py: StoredRepresentation, StoredListItem), so an anonymous
detail with the cache off is one query and a JSON parse instead of six queries and the
serializer, and a list of twenty is its page and its count.

It is served by the rules of the article page's stored parts (articles/parts.py): only while
the article's version, the generation of what every page shows, and a key of the code and of
the scheme and host its links name (the request's) are those it was made from; a change to
the article or its rows deletes it in the same transaction, and so does the page cache's
invalidation of the article's tag. Staff (who see the status) and partners allowed embargoed
copy are answered by the serializer every time.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import parts
from articles.models import Article
from articles.permissions import reads_embargoed, sees_everything_live
from articles.stored import StoredListItem, StoredRepresentation, StoredStoryGeneration
from newsroom.prepared import Prepared

PAGE_FIELDS = ("id", "slug", "version")
STORED_FIELDS = ("version", "key", "generation", "data")
# What is stored of an article for each read: a detail's representation, a list's item.
DETAIL = "stored_representation"
LIST_ITEM = "stored_list_item"
MODELS = {DETAIL: StoredRepresentation, LIST_ITEM: StoredListItem}


def for_the_public(request) -> bool:
    """Whether this caller gets the public's representation (neither staff nor a partner
    allowed embargoed copy)."""
    user = request.user
    return not sees_everything_live(user) and not reads_embargoed(user)


def with_stored(queryset, relation: str):
    """The articles with what is stored of them for this read and the current generation, in
    one query (their other columns left unread)."""
    generation = StoredStoryGeneration.objects.filter(pk=1).values("value")[:1]
    return (
        queryset.prefetch_related(None)
        .select_related(relation)
        .only(*PAGE_FIELDS, *(f"{relation}__{name}" for name in STORED_FIELDS))
        .annotate(parts_generation=Coalesce(Subquery(generation), 0))
    )


@dataclass
class Found:
    """A published article as its public API detail needs it: no model loaded."""

    pk: int
    slug: str
    version: int
    parts_generation: int
    stored_representation: StoredRepresentation | None


def _detail_row(*, slug: str, now):
    fields = [*PAGE_FIELDS, *(f"{DETAIL}__{name}" for name in STORED_FIELDS)]
    return parts.published_with(slug, now, fields)


_find = Prepared(Article, _detail_row)  # compiled once per process (newsroom/prepared.py)


def find(slug: str) -> Found | None:
    """The published article at this slug with its stored representation and the current
    generation, in one query; None if there is no such article."""
    rows = _find(slug=slug, now=timezone.now())
    if not rows:
        return None
    row = rows[0]
    kept = None
    if row[f"{DETAIL}__version"] is not None:
        kept = StoredRepresentation(
            article_id=row["id"], **{name: row[f"{DETAIL}__{name}"] for name in STORED_FIELDS}
        )
    return Found(row["id"], row["slug"], row["version"], row["parts_generation"], kept)


def key(request) -> str:
    """The key what is stored for this request must have been made with (a list asks once)."""
    return parts.key(f"{request.scheme}://{request.get_host()}")


def servable(article, key: str, relation: str = DETAIL) -> dict | None:
    """What is stored of the article for this read, parsed, if it was made from what is
    current (`key`: the request's, from key())."""
    try:
        stored = getattr(article, relation)
    except MODELS[relation].DoesNotExist:
        return None
    if (
        stored is not None
        and stored.version == article.version
        and stored.generation == article.parts_generation
        and stored.key == key
    ):
        return json.loads(stored.data)
    return None


def store(made: list[tuple], request, generation: int, relation: str = DETAIL) -> None:
    """Keep what the serializer made of each article: [(article as loaded for it, data)]."""
    model = MODELS[relation]
    made_with = key(request)
    rows = [
        model(
            article_id=article.pk,
            version=article.version,
            key=made_with,
            generation=generation,
            data=json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        )
        for article, data in made
    ]
    # Named, not routed: no write of the reader's, so no pin to the primary (articles/parts.py).
    model.objects.using(DEFAULT_DB_ALIAS).bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=[*STORED_FIELDS, "rendered_at"],
    )
