"""How a contributor looks in the API, and what a client may send to add or change one."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.contributors import validate_links
from articles.models import Contributor
from newsroom.serializers import LinksMixin, ModelSerializer, absolute


class ContributorSerializer(LinksMixin, ModelSerializer):
    api_route = "api:contributor-detail"
    url = serializers.SerializerMethodField(help_text="The contributor's public page.")
    api_url = serializers.SerializerMethodField()
    articles_api_url = serializers.SerializerMethodField(help_text="Their articles in the API.")

    class Meta:
        model = Contributor
        fields = [
            "id",
            "name",
            "slug",
            "title",
            "bio",
            "expertise",
            "links",
            "url",
            "api_url",
            "articles_api_url",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "expertise": {
                "help_text": 'Areas of expertise, comma-separated ("courts, city hall").'
            },
            "links": {"help_text": "Profile pages elsewhere: https addresses, one a line."},
        }

    def validate_links(self, links: str) -> str:
        try:
            return validate_links(links)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_api_url(self, obj) -> str:
        return absolute(
            self.context.get("request"),
            f"{reverse('api:article-list')}?{urlencode({'contributor': obj.slug})}",
        )
