"""How a topic looks in the API, and what a client may send to create or change one."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Topic
from articles.serializers.summaries import check_topic_name
from newsroom.serializers import LinksMixin, ModelSerializer, absolute


class TopicSerializer(LinksMixin, ModelSerializer):
    api_route = "api:topic-detail"
    url = serializers.SerializerMethodField(help_text="The topic's public page.")
    api_url = serializers.SerializerMethodField()
    articles_api_url = serializers.SerializerMethodField(help_text="Its articles in the API.")

    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description", "url", "api_url", "articles_api_url"]
        read_only_fields = ["id"]
        extra_kwargs = {"slug": {"required": False, "help_text": "Made from the name if left out."}}

    def validate_name(self, name):
        return check_topic_name(name)

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_api_url(self, obj) -> str:
        return absolute(
            self.context.get("request"),
            f"{reverse('api:article-list')}?{urlencode({'topic': obj.slug})}",
        )
