"""The seeded Reuters story: imported through the wire ingest, then given the newsroom's own
editorial data (headline, dek, credits, topics, sources and attributions) from a data file."""

import json
from pathlib import Path

import reversion
from django.db import transaction

from articles.contributors import contributor_for
from articles.ingest import import_wire
from articles.models import Article, Credit, Topic
from sections.models import Section
from sources.models import Attribution, Source

DATA_DIR = Path(__file__).resolve().parent / "data"
REUTERS_STORY = DATA_DIR / "reuters-2020-02-25-ice-subpoenas.json"


@transaction.atomic
@reversion.create_revision()
def seed_story(*, data_file: Path = REUTERS_STORY) -> tuple[Article, bool]:
    """Import a story and apply its editorial data, once; returns (article, created).

    A story already imported is left exactly as the desk has it: seeding never overwrites edits.
    """
    data = json.loads(data_file.read_text(encoding="utf-8"))
    result = import_wire(text=(data_file.parent / data["wire_file"]).read_text(encoding="utf-8"))
    if not result.created:
        return result.article, False
    article = result.article
    reversion.set_comment("Seeded with the newsroom's editorial data")
    for field, value in data["article"].items():
        setattr(article, field, value)
    if data.get("section"):
        article.section = _section(data["section"])
    article.save()

    article.credits.all().delete()
    Credit.objects.bulk_create(
        Credit(
            article=article,
            contributor=contributor_for(credit["name"]),
            role=credit["role"],
            place=credit.get("place", ""),
            order=order,
        )
        for order, credit in enumerate(data["credits"])
    )

    topics = []
    for topic in data["topics"]:
        obj, _ = Topic.objects.get_or_create(
            name=topic["name"], defaults={"description": topic.get("description", "")}
        )
        topics.append(obj)
    article.topics.set(topics)

    sources = _sources(data["sources"])
    Attribution.objects.bulk_create(
        Attribution(
            article=article,
            source=sources[attribution["source"]],
            kind=attribution["kind"],
            text=attribution["text"],
            verb=attribution["verb"],
            paragraph=attribution["paragraph"],
            order=order,
        )
        for order, attribution in enumerate(data["attributions"])
    )
    # The story as distributed was last updated when it was filed, not when we seeded it: its
    # "Updated" time, dateModified, feeds, sitemaps and the API give its own date. (A queryset
    # update, since save() stamps the time of the save.)
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    article.updated_at = article.published_at
    # bulk_create sends no signals: record the finished article with all its inlines.
    reversion.add_to_revision(article)
    return article, True


def _sources(entries: list[dict]) -> dict[str, Source]:
    """Sources by slug; existing ones are reused untouched, new ones get their affiliation."""
    sources, created = {}, []
    for entry in entries:
        fields = {key: entry.get(key, "") for key in ("name", "kind", "title", "description")}
        fields["aliases"] = "\n".join(entry.get("aliases", []))
        sources[entry["slug"]], is_new = Source.objects.get_or_create(
            slug=entry["slug"], defaults=fields
        )
        if is_new and entry.get("affiliation"):
            created.append((sources[entry["slug"]], entry["affiliation"]))
    for source, affiliation in created:
        source.affiliation = sources[affiliation]
        source.save(update_fields=["affiliation"])
    return sources


def _section(entry: dict) -> Section:
    """The section by slug (and its parent), made if missing; an existing one is left as is."""
    parent = _section(entry["parent"]) if entry.get("parent") else None
    fields = {key: entry[key] for key in ("name", "order", "description") if key in entry}
    section, _ = Section.objects.get_or_create(
        slug=entry["slug"], defaults={**fields, "parent": parent}
    )
    return section
