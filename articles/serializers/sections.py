"""How a section looks in the API: its name, front page, feed and parent. Sections are the
newspaper's structure, changed in the desk, so the API only reads them."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.serializers.summaries import SectionSummarySerializer
from newsroom.serializers import LinksMixin, ModelSerializer, SummaryRelatedField, absolute
from newsroom.slugs import slug_url
from sections.models import Section


class SectionSerializer(LinksMixin, ModelSerializer):
    api_route = "api:section-detail"

    url = serializers.SerializerMethodField(help_text="The section's front page.")
    api_url = serializers.SerializerMethodField(help_text="This section in the API.")
    feed_url = serializers.SerializerMethodField(help_text="The section's RSS feed.")
    articles_url = serializers.SerializerMethodField(
        help_text="The section's published articles in the API (its own, its subsections' and "
        "those also shown in it), newest first."
    )
    parent = SummaryRelatedField(
        SectionSummarySerializer,
        read_only=True,
        allow_null=True,
        help_text="The section this one is part of (World for World › Europe), or null.",
    )

    class Meta:
        model = Section
        fields = [
            "name",
            "slug",
            "url",
            "api_url",
            "feed_url",
            "articles_url",
            "description",
            "order",
            "parent",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_feed_url(self, obj) -> str:
        return absolute(self.context.get("request"), slug_url("sections:feed", obj.slug))

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_url(self, obj) -> str:
        path = reverse("api:article-list") + f"?section={obj.slug}"
        return absolute(self.context.get("request"), path)
