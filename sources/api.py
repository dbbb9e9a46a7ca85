"""The API's sources (routed in `newsroom/api.py`)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from articles.api import ReadCreateUpdateViewSet
from articles.filters import visible_sources
from sources.models import Source
from sources.serializers import SourceSerializer


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Source.Kind.choices, label="Only sources of this kind."
    )

    class Meta:
        model = Source
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary="List sources",
        description="Sources quoted or cited in published articles, and the organisations "
        "they speak for; staff see every source.",
    ),
    retrieve=extend_schema(summary="Read a source"),
    create=extend_schema(summary="Add a source", description="Needs `sources.add_source`."),
    update=extend_schema(summary="Change a source", description="Needs `sources.change_source`."),
    partial_update=extend_schema(summary="Change some of a source's fields"),
)
class SourceViewSet(ReadCreateUpdateViewSet):
    """Sources, looked up by slug. Deleting one is the desk's job: it may be quoted."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return visible_sources(self.request).select_related("affiliation").order_by("name", "pk")
