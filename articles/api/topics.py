"""The topics endpoint: list, read, create and change (routed in `newsroom/api.py`)."""

from articles.api import schema
from articles.filters import visible_topics
from articles.models import Topic
from articles.serializers.topics import TopicSerializer
from newsroom.viewsets import ReadCreateUpdateViewSet


@schema.topics
class TopicViewSet(ReadCreateUpdateViewSet):
    serializer_class = TopicSerializer

    def get_queryset(self):
        return visible_topics(self.request).order_by("name")

    def made_on_create(self, serializer) -> dict:
        """A new topic's slug, when the client sent none, made from its name before the write.

        django-taggit would make it during the write and add "_1" if it was taken (racily, so
        two at once still clash): "budget" would become a second topic beside "Budget". Made
        here, a taken slug is refused like any other.
        """
        data = serializer.validated_data
        if data.get("slug"):
            return {}
        return {"slug": Topic(name=data["name"]).slugify(data["name"])}
