"""What a ninjs item says of a story's sources, added to the articles app's export
(articles/ninjs/export.py) in SourcesConfig.ready(): named people and organisations, including
those an unnamed source speaks for, since the unnamed source itself names nobody."""

from articles.ninjs.export import EXTRA_PARTS
from newsroom.serializers import absolute
from sources.models import Source


def people_and_organisations(article, request) -> dict:
    people, organisations, seen = [], [], set()

    def entry(source: Source) -> dict:
        return {
            "name": source.name,
            "rel": "source",
            "literal": source.slug,
            "uri": absolute(request, source.get_absolute_url()),
        }

    for attribution in article.attributions.all():
        source = attribution.source
        if source.kind == Source.Kind.UNNAMED:
            source = source.affiliation
        if source is None or source.pk in seen:
            continue
        seen.add(source.pk)
        if source.kind == Source.Kind.PERSON:
            people.append(entry(source))
        elif source.kind == Source.Kind.ORGANIZATION:
            organisations.append(entry(source))
    part = {}
    if people:
        part["people"] = people
    if organisations:
        part["organisations"] = organisations
    return part


def register() -> None:
    if people_and_organisations not in EXTRA_PARTS:
        EXTRA_PARTS.append(people_and_organisations)
