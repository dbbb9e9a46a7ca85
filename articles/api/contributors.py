"""The contributors endpoint: list, read, add and change (routed in `newsroom/api.py`)."""

from articles.api import schema
from articles.filters import visible_contributors
from articles.serializers.contributors import ContributorSerializer
from newsroom.viewsets import ReadCreateUpdateViewSet


@schema.contributors
class ContributorViewSet(ReadCreateUpdateViewSet):
    serializer_class = ContributorSerializer

    def get_queryset(self):
        return visible_contributors(self.request).order_by("name", "pk")
