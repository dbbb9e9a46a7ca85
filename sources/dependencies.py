"""What articles show of sources, added to the articles app's table (articles/dependencies.py):
a story shows each source it quotes, with the organisation they speak for; an organisation's
page lists its members' quotes; a member's page shows its organisation's name."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

from articles import dependencies
from newsroom.pagecache import tag_for
from sources.models import Attribution, Source


def _sources():
    return Source.objects.using(DEFAULT_DB_ALIAS)  # after a commit the replica may lag


def _members(pks: set) -> set[str]:
    members = _sources().filter(affiliation__in=pks).values_list("pk", flat=True)
    return {tag_for(Source, pk) for pk in members}


def _organisations(pks: set) -> set[str]:
    quoted = _sources().filter(pk__in=pks, affiliation__isnull=False)
    return {tag_for(Source, pk) for pk in quoted.values_list("affiliation_id", flat=True)}


def _showing(pks: set) -> Q:
    # A quoted person's organisation is shown beside them.
    return Q(attributions__source__in=pks) | Q(attributions__source__affiliation__in=pks)


SOURCE = dependencies.Shown(
    fields=("name", "slug", "kind", "title", "affiliation_id"),
    articles=_showing,
    index="sources",
    shown_on=_members,
    listed_on=_organisations,
    points_at="affiliation_id",
)


def _attribution_lines(rows: list[dict]) -> list[str]:
    sources = dict(
        Source.objects.filter(pk__in={row["source_id"] for row in rows}).values_list("pk", "name")
    )
    kinds = dict(Attribution.Kind.choices)
    return [
        f"{sources.get(row['source_id'], '(deleted source)')} — "
        f"{kinds.get(row['kind'], row['kind'])}, “{row['text']}” ({row.get('verb') or '—'}"
        + (f", paragraph {row['paragraph']}" if row.get("paragraph") is not None else "")
        + ")"
        for row in dependencies.ordered_rows(rows)
    ]


ATTRIBUTION = dependencies.Inline(
    "article_id",
    "source_id",
    Source,
    key="attributions",
    label="Attributions",
    position=20,
    related_name="attributions",
    describe=_attribution_lines,
)


def register() -> None:
    dependencies.register(Source, SOURCE)
    dependencies.register(Attribution, inline=ATTRIBUTION)
