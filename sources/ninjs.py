"""ninjs and sources, added to the articles app's export and import in SourcesConfig.ready():
an item names the people and organisations a story quotes or cites (including those an unnamed
source speaks for, since the unnamed source itself names nobody), and importing an item makes
the ones it names sources."""

from articles.ingest import NINJS_NAMED
from articles.ninjs.export import EXTRA_PARTS
from newsroom.serializers import absolute
from newsroom.slugs import unique_slug
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


class NamedInNinjs:
    """The people and organisations a ninjs item names become sources (articles/ingest.py's
    NINJS_NAMED): found by our slug (their `literal`), then by name, else new."""

    KINDS = {"people": Source.Kind.PERSON, "organisations": Source.Kind.ORGANIZATION}

    def checks(self, story) -> list[tuple]:
        return [
            (f"the {self.KINDS[group].label.lower()} name", name, Source, "name")
            for group, name, _ in story.named
        ]

    def write(self, article, story) -> None:
        for group, name, literal in story.named:
            found = (
                Source.objects.filter(slug=literal).first()
                or Source.objects.filter(name__iexact=name).first()
            )
            if found is None:
                Source.objects.create(
                    name=name,
                    slug=unique_slug(Source.objects.all(), name, max_length=180, fallback="source"),
                    kind=self.KINDS[group],
                )


def register() -> None:
    if people_and_organisations not in EXTRA_PARTS:
        EXTRA_PARTS.append(people_and_organisations)
    if not any(isinstance(handler, NamedInNinjs) for handler in NINJS_NAMED):
        NINJS_NAMED.append(NamedInNinjs())
