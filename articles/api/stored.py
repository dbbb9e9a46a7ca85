"""The public's API representation of a published article, made once per version and kept
(articles/stored.py: StoredRepresentation), so an anonymous read with the cache off is one
query and a JSON parse instead of five queries and the serializer.

It is served by the rules of the article page's stored parts (articles/parts.py): only while
the article's version, the generation of what every page shows, and a key of the code and of
the scheme and host its links name (the request's) are those it was made from; a change to
the article or its rows deletes it in the same transaction, and so does the page cache's
invalidation of the article's tag. Staff (who see the status) and partners allowed embargoed
copy are answered by the serializer every time.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Subquery
from django.db.models.functions import Coalesce

from articles import parts
from articles.permissions import reads_embargoed, sees_everything_live
from articles.stored import StoredRepresentation, StoredStoryGeneration

PAGE_FIELDS = ("id", "slug", "version")
STORED_FIELDS = tuple(
    f"stored_representation__{name}" for name in ("version", "key", "generation", "data")
)


def for_the_public(request) -> bool:
    """Whether this caller gets the public's representation (neither staff nor a partner
    allowed embargoed copy)."""
    user = request.user
    return not sees_everything_live(user) and not reads_embargoed(user)


def with_stored(queryset):
    """The article with its stored representation and the current generation, one query."""
    generation = StoredStoryGeneration.objects.filter(pk=1).values("value")[:1]
    return (
        queryset.select_related("stored_representation")
        .only(*PAGE_FIELDS, *STORED_FIELDS)
        .annotate(parts_generation=Coalesce(Subquery(generation), 0))
    )


def _key(request) -> str:
    return parts.key(f"{request.scheme}://{request.get_host()}")


def servable(article, request) -> dict | None:
    """The stored representation, parsed, if it was made from what is current."""
    try:
        stored = article.stored_representation
    except StoredRepresentation.DoesNotExist:
        return None
    if (
        stored.version == article.version
        and stored.generation == article.parts_generation
        and stored.key == _key(request)
    ):
        return json.loads(stored.data)
    return None


def store(article, request, data: dict, generation: int) -> None:
    """Keep the representation the serializer made of `article` (as loaded for it)."""
    row = StoredRepresentation(
        article=article,
        version=article.version,
        key=_key(request),
        generation=generation,
        data=json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
    )
    StoredRepresentation.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["version", "key", "generation", "data", "rendered_at"],
    )
