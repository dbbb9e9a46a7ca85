"""The API's sources (routed in `newsroom/api.py`)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly

from articles import permissions
from newsroom.viewsets import ReadCreateUpdateViewSet
from sources.filters import visible_sources
from sources.models import Source
from sources.serializers import SourceSerializer


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Source.Kind.choices, label="Only sources of this kind."
    )

    class Meta:
        model = Source
        fields = []


class CitedSourcePermission(DjangoModelPermissionsOrAnonReadOnly):
    """Model permissions, and a source that a published story cites is an editor's to change."""

    message = permissions.CITED_SOURCE_REFUSAL

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return permissions.may_change_source(request.user, obj)


@extend_schema_view(
    list=extend_schema(
        summary="List sources",
        description="Sources quoted or cited in published articles, and the organisations "
        "they speak for; staff see every source.",
    ),
    retrieve=extend_schema(summary="Read a source"),
    create=extend_schema(summary="Add a source", description="Needs `sources.add_source`."),
    update=extend_schema(
        summary="Change a source",
        description="Needs `sources.change_source`; a source that a published story cites "
        "also needs `sources.change_cited_source` (editors), or the answer is 403.",
    ),
    partial_update=extend_schema(summary="Change some of a source's fields"),
)
class SourceViewSet(ReadCreateUpdateViewSet):
    """Sources, looked up by slug. Deleting one is the desk's job: it may be quoted."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    permission_classes = [CitedSourcePermission]

    def get_queryset(self):
        return visible_sources(self.request).select_related("affiliation").order_by("name", "pk")
