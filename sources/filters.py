"""The sources a reader may name in a filter, and the article list's `source` filter
(`?source=<slug>`), added to the articles app's ArticleFilter in SourcesConfig.ready()."""

from django.db.models import Exists, OuterRef

from articles.filters import ArticleFilter, SlugFilter
from articles.permissions import sees_everything_live
from sources.models import Attribution, Source


def visible_sources(request):
    """Every source for staff who see every live article; for the rest, those in print."""
    if request is not None and sees_everything_live(request.user):
        return Source.objects.all()
    return Source.objects.in_print()


def articles_quoting(queryset, name, source):
    return queryset.filter(
        Exists(Attribution.objects.filter(article=OuterRef("pk"), source=source))
    )


def register() -> None:
    ArticleFilter.base_filters["source"] = SlugFilter(
        noun="source",
        queryset=visible_sources,
        method=articles_quoting,
        label="Articles attributing words or claims to this source (its slug).",
    )
