"""How a topic, contributor or section appears inside another resource (an article's credits,
topics and sections), and the topic-names field an article is tagged with. (Sources' summaries
are the sources app's.)

Written as slugs or names, read as these summaries; the base pieces are `newsroom/serializers.py`.
"""

from django.utils.text import slugify
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from articles.models import Contributor, Topic
from newsroom.serializers import LinksMixin, ModelSerializer, StrictCharField
from sections.models import Section


class ContributorSummarySerializer(LinksMixin, ModelSerializer):
    api_route = "api:contributor-detail"
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Contributor
        fields = ["name", "slug", "api_url"]


class TopicSummarySerializer(LinksMixin, ModelSerializer):
    api_route = "api:topic-detail"
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["name", "slug", "api_url"]


def check_topic_name(name: str) -> str:
    """A topic's web address is made from its name, so the name needs a letter or digit."""
    if not slugify(name):
        raise serializers.ValidationError(
            f"“{name}” cannot be a topic name: it needs at least one letter or digit (A–Z, 0–9)."
        )
    return name


class TopicNamesField(serializers.ListField):
    """Written as a list of topic names (new names become new topics); read as summaries."""

    child = StrictCharField(max_length=100)

    def to_representation(self, tagged_topics):
        if getattr(self, "_summary", None) is None:
            self._summary = TopicSummarySerializer(context=self.context)
        return [self._summary.to_representation(tagged.tag) for tagged in tagged_topics.all()]

    def to_internal_value(self, data):
        names = [name.strip() for name in super().to_internal_value(data)]
        for name in names:
            check_topic_name(name)
        # Topic names compare case-insensitively (TAGGIT_CASE_INSENSITIVE).
        unique = {name.casefold(): name for name in names}
        return list(unique.values())


class TopicNamesFieldExtension(OpenApiSerializerFieldExtension):
    target_class = TopicNamesField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_array_type(build_basic_type(OpenApiTypes.STR))
        return build_array_type(
            auto_schema.resolve_serializer(TopicSummarySerializer, direction).ref
        )


class SectionSummarySerializer(LinksMixin, ModelSerializer):
    api_route = "api:section-detail"
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["name", "slug", "api_url"]
