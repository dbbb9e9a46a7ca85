"""The sections endpoint: list and read (routed in `newsroom/api.py`). Sections are changed in
the desk; the API reads them, and filters articles by them (`/api/v1/articles/?section=`)."""

from rest_framework import viewsets

from articles.api import schema
from articles.filters import visible_sections
from articles.serializers.sections import SectionSerializer
from newsroom.rest import PrivateToCallers


@schema.sections
class SectionViewSet(PrivateToCallers, viewsets.ReadOnlyModelViewSet):
    serializer_class = SectionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        # In the navigation's order; a subsection names its parent.
        return (
            visible_sections(self.request).select_related("parent").order_by("order", "name", "pk")
        )
