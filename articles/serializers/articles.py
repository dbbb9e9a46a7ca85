"""How an article looks in the API (whole, and as a list item), with its credits, corrections,
photos (`photos.py`) and (added by the sources app) attributions, and what a client may send to
write or publish one.

Serializers shape and validate only; the writes themselves go through `articles/workflow.py`.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import embargo
from articles.models import Article, Contributor, Correction, Credit
from articles.photos import validate_image_references
from articles.rendering import validate_own_images
from articles.serializers.photos import LeadImageField, body_html_with_figures, inline_images
from articles.serializers.summaries import (
    ContributorSummarySerializer,
    SectionSummarySerializer,
    TopicNamesField,
)
from images.serializers import ImageSerializer
from newsroom.serializers import LinksMixin, ModelSerializer, SummaryRelatedField, absolute
from newsroom.slugs import slug_url
from sections.models import Section

# --- Article parts --------------------------------------------------------------------------


class CreditSerializer(ModelSerializer):
    contributor = SummaryRelatedField(
        ContributorSummarySerializer,
        queryset=Contributor.objects.all(),
        help_text="The contributor's slug (see /api/v1/contributors/).",
    )
    label = serializers.CharField(
        read_only=True, help_text="The role as the credit line prints it."
    )

    class Meta:
        model = Credit
        fields = ["contributor", "role", "role_label", "label", "place", "order"]
        extra_kwargs = {
            "order": {"help_text": "Position in the credit line; defaults to list order."}
        }

    def validate(self, attrs):
        if attrs.get("role") == Credit.Role.OTHER and not attrs.get("role_label"):
            raise serializers.ValidationError(
                {"role_label": ['Required when the role is "other".']}
            )
        return attrs


class CorrectionSerializer(ModelSerializer):
    class Meta:
        model = Correction
        fields = ["kind", "text", "published_at"]
        read_only_fields = fields


# --- Articles -------------------------------------------------------------------------------


class SourcingSerializer(serializers.Serializer):
    named_people = serializers.IntegerField()
    named_organizations = serializers.IntegerField()
    unnamed_sources = serializers.IntegerField()
    direct_quotes = serializers.IntegerField()
    documents = serializers.IntegerField()


# Fields another app supplies, by name, each made by a function per serializer: the sources app
# adds `attributions` (who said what) in its AppConfig.ready(), since articles may not import it.
EXTRA_FIELDS: dict[str, Callable[[], serializers.Field]] = {}


class ArticleSerializer(LinksMixin, ModelSerializer):
    api_route = "api:article-detail"

    url = serializers.SerializerMethodField(help_text="The article's public page.")
    api_url = serializers.SerializerMethodField(help_text="This article in the API.")
    ninjs_url = serializers.SerializerMethodField(help_text="This article as IPTC ninjs 2.2.")
    byline = serializers.SerializerMethodField(help_text="The byline's contributors, in order.")
    credits = CreditSerializer(
        many=True,
        required=False,
        help_text="Everyone credited. When sent, replaces all credits; when left out, unchanged.",
    )
    topics = TopicNamesField(
        source="tagged_topics",
        required=False,
        help_text="Sent as names (new names create topics), replacing all topics; read as "
        "summaries.",
    )
    section = SummaryRelatedField(
        SectionSummarySerializer,
        queryset=Section.objects.all(),
        required=False,
        allow_null=True,
        help_text="The story's home section, sent as its slug (see /api/v1/sections/); "
        "needed to publish once the newsroom has sections.",
        error_messages={
            "does_not_exist": "There is no section with the slug “{value}” (see /api/v1/sections/)."
        },
    )
    lead_image = LeadImageField(
        required=False,
        allow_null=True,
        help_text="The photo at the top of the story: sent as a library image's id (null for "
        "none), read as the image with its renditions and credit.",
    )
    inline_images = serializers.SerializerMethodField(
        help_text="The library photos the body shows (`![note](image:N)` in a paragraph of its "
        "own), in the body's order."
    )
    body_html = serializers.SerializerMethodField(
        help_text="The body as HTML, each library photo a <figure> with its caption, credit "
        "and renditions at absolute addresses."
    )
    corrections = CorrectionSerializer(many=True, read_only=True)
    embargo_notice = serializers.SerializerMethodField(
        help_text="For a story under embargo (seen by partners allowed embargoed copy, and "
        "staff): not for publication before `embargoed_until`. Null otherwise."
    )
    sourcing = serializers.SerializerMethodField(
        help_text="Who the story relies on: distinct named people, named organisations and "
        "unnamed sources, and the direct quotes and documents it cites."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "url",
            "api_url",
            "ninjs_url",
            "headline",
            "dek",
            "type_of_work",
            "about_story",
            "status",
            "dateline",
            "provider",
            "language",
            "published_at",
            "embargoed_until",
            "embargo_notice",
            "created_at",
            "updated_at",
            "version",
            "byline",
            "credits",
            "section",
            "topics",
            "lead_image",
            "inline_images",
            "body",
            "body_html",
            "attributions",
            "sourcing",
            "corrections",
        ]
        # Status and publication time change only through the workflow actions.
        read_only_fields = [
            "id",
            "status",
            "published_at",
            "created_at",
            "updated_at",
            "version",
            "body_html",
        ]
        extra_kwargs = {
            "status": {"help_text": "Staff only: draft, review, published or archived."},
            "dek": {"help_text": "The standfirst: one or two sentences under the headline."},
            "embargoed_until": {
                "help_text": "Partners allowed embargoed copy get the story as soon as it is "
                "published; the public only from this time. Must be in the future; cannot be "
                "set on a story the public can already read; once the story is out under "
                "embargo it may only move later (lift it early with POST "
                "`lift-embargo/`)."
            },
            "type_of_work": {
                "help_text": "What kind of work it is: news, analysis, opinion, review, "
                "background (an explainer) or sponsored."
            },
        }
        # The public sees only published articles, so status is shown to staff alone.
        sometimes_omitted = ["status"]

    def get_fields(self):
        fields = super().get_fields()
        for name, make in EXTRA_FIELDS.items():
            if name in fields:
                fields[name] = make()
        return fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_ninjs_url(self, obj) -> str:
        return absolute(self.context.get("request"), slug_url("api:article-ninjs", obj.slug))

    @extend_schema_field(ImageSerializer(many=True))
    def get_inline_images(self, obj) -> list[dict]:
        if getattr(self, "_image", None) is None:
            self._image = ImageSerializer(context=self.context)
        return [self._image.to_representation(image) for image in inline_images(obj)]

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, obj) -> str:
        return body_html_with_figures(obj, self.context.get("request"))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_embargo_notice(self, obj) -> str | None:
        if not obj.is_embargoed:
            return None
        lifts = timezone.localtime(obj.embargoed_until)
        return (
            f"EMBARGOED: not for publication or broadcast before "
            f"{lifts:%Y-%m-%d %H:%M} {lifts.tzname()} ({obj.embargoed_until.isoformat()})."
        )

    @extend_schema_field(SourcingSerializer)
    def get_sourcing(self, obj) -> dict:
        return obj.sourcing_summary()

    @extend_schema_field(ContributorSummarySerializer(many=True))
    def get_byline(self, obj):
        if getattr(self, "_byline_summary", None) is None:
            self._byline_summary = ContributorSummarySerializer(context=self.context)
        return [self._byline_summary.to_representation(c.contributor) for c in obj.byline]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_status"):
            data.pop("status", None)
        return data

    def validate_embargoed_until(self, until):
        try:
            embargo.check_change(self.instance, until)
        except DjangoValidationError as refused:
            raise serializers.ValidationError(refused.messages) from refused
        return until

    def validate_body(self, body):
        validate_own_images(body)
        validate_image_references(body)
        return body

    def validate_credits(self, credits):
        seen = set()
        for credit in credits:
            key = (credit["contributor"].pk, credit["role"], credit.get("role_label", ""))
            if key in seen:
                raise serializers.ValidationError(
                    f"{credit['contributor']} is credited twice with the same role."
                )
            seen.add(key)
        return credits


# Left out of list items: the copy and its photos, and the lists of who said what and what was
# corrected. The lead image and the home section stay (joined: no query).
LIST_LEAVES_OUT = (
    "body",
    "body_html",
    "inline_images",
    "attributions",
    "corrections",
)


class ArticleListItemSerializer(ArticleSerializer):
    """An article as a list shows it, without LIST_LEAVES_OUT: twenty whole articles are 330
    kB, and most clients page through a list to choose what to read (`full=true` asks for them
    whole). The sourcing summary stays: it is the list's answer to "who does this rely on"."""

    attributions = None
    corrections = None
    inline_images = None
    body_html = None

    class Meta(ArticleSerializer.Meta):
        fields = [f for f in ArticleSerializer.Meta.fields if f not in LIST_LEAVES_OUT]
        read_only_fields = fields


class PublishSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False,
        help_text="When to publish; a future time schedules the article. Default: now.",
    )


class LiftEmbargoSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, help_text="Why the embargo is lifted early; recorded in the history."
    )
