"""What the sources app requires before a story is published, added to the publish checks
(articles/readiness.py) in SourcesConfig.ready(): every unnamed source says who they speak for,
and every quote in the body is attributed (an editor may override that one, on the record)."""

from articles import readiness
from sources import suggestions
from sources.models import Source


def unplaced_unnamed_sources(article) -> list[str]:
    unplaced = (
        Source.objects.filter(
            attributions__article=article,
            kind=Source.Kind.UNNAMED,
            affiliation__isnull=True,
        )
        .distinct()
        .values_list("name", flat=True)
    )
    return [
        f"the unnamed source “{name}” needs an affiliation (who they speak for)"
        for name in unplaced
    ]


def register() -> None:
    for checks, check in (
        (readiness.PUBLISH_CHECKS, unplaced_unnamed_sources),
        (readiness.OVERRIDABLE_CHECKS, suggestions.uncovered_quotes),
    ):
        if check not in checks:
            checks.append(check)
