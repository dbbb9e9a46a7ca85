"""How sources look in the API (whole, as a summary inside other resources, and as an
article's attributions), and what a client may send to create or change one."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.serializers.articles import EXTRA_FIELDS
from newsroom.serializers import LinksMixin, ModelSerializer, SummaryRelatedField, absolute
from sources.models import Attribution, Source


# A source as it appears inside another resource (an attribution, an affiliation). No docstring:
# the OpenAPI schema would take it as the component's description.
class SourceSummarySerializer(LinksMixin, ModelSerializer):
    api_route = "api:source-detail"
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "title", "api_url"]


class AttributionSerializer(ModelSerializer):
    source = SummaryRelatedField(
        SourceSummarySerializer,
        queryset=Source.objects.all(),
        help_text="The source's slug (see /api/v1/sources/).",
    )

    class Meta:
        model = Attribution
        fields = ["source", "kind", "text", "verb", "paragraph", "order"]
        extra_kwargs = {
            "order": {"help_text": "Position among the attributions; defaults to list order."}
        }


def article_attributions():
    return AttributionSerializer(
        many=True,
        required=False,
        help_text="Who said what. When sent, replaces all attributions; when left out, unchanged.",
    )


def register() -> None:
    """Give the article API its `attributions` field."""
    EXTRA_FIELDS["attributions"] = article_attributions


class SourceSerializer(LinksMixin, ModelSerializer):
    api_route = "api:source-detail"
    url = serializers.SerializerMethodField(help_text="The source's public page.")
    api_url = serializers.SerializerMethodField()
    articles_api_url = serializers.SerializerMethodField(
        help_text="The articles attributing words or claims to this source, in the API."
    )
    affiliation = SummaryRelatedField(
        SourceSummarySerializer,
        queryset=Source.objects.filter(kind=Source.Kind.ORGANIZATION),
        required=False,
        allow_null=True,
        help_text="The slug of the organisation they speak for or belong to.",
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "title",
            "affiliation",
            "description",
            "url",
            "api_url",
            "articles_api_url",
        ]
        read_only_fields = ["id"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_api_url(self, obj) -> str:
        query = urlencode({"source": obj.slug})
        return absolute(self.context.get("request"), f"{reverse('api:article-list')}?{query}")

    def validate_affiliation(self, affiliation):
        if (
            affiliation is not None
            and self.instance is not None
            and affiliation.pk == self.instance.pk
        ):
            raise serializers.ValidationError("A source cannot be its own affiliation.")
        return affiliation
