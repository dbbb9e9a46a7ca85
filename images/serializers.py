"""How a library photo looks in the API (on its own, and inside an article), and what a client
may send to upload or describe one. Shapes and validates only: the writes are
`images/library.py` (`store_decoded`, `set_focal_point`).

Renditions are given with absolute addresses; the original's never is (it keeps the camera's
metadata, GPS included, and lives in private storage)."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from images import processing, renditions
from images.library import TEXT_FIELDS
from images.models import Image
from newsroom.serializers import ModelSerializer, absolute
from newsroom.slugs import slug_url


class RenditionSerializer(serializers.Serializer):
    """One rendition as stored (no metadata), at its public address."""

    url = serializers.URLField(help_text="Absolute address of the file.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.ChoiceField(choices=["avif", "webp", "jpeg"])
    crop = serializers.ChoiceField(
        choices=["", *processing.CROPS],
        help_text='"" for the photo\'s own shape, or the focal crop "16:9", "4:3", "1:1".',
    )


class StrictFloatField(serializers.FloatField):
    """A JSON number only: "0.5" or true would be a client's bug, not a position."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class FocalPointSerializer(serializers.Serializer):
    x = StrictFloatField(
        min_value=0, max_value=1, help_text="From the left edge: 0 to 1 (0.5 is the middle)."
    )
    y = StrictFloatField(min_value=0, max_value=1, help_text="From the top edge: 0 to 1.")


def rendition_list(image: Image, request) -> list[dict]:
    """The renditions with absolute addresses, as the API and ninjs give them."""
    return [
        {
            "url": absolute(request, renditions.url(r["name"])),
            "width": r["width"],
            "height": r["height"],
            "format": r["format"],
            "crop": r["crop"],
        }
        for r in image.renditions
    ]


class ImageSerializer(ModelSerializer):
    """A photo in the library: what must be printed with it, how it was made, its renditions."""

    api_url = serializers.SerializerMethodField(help_text="This image in the API.")
    digital_source_type_uri = serializers.CharField(
        read_only=True, help_text="The IPTC digital source type as a full URI."
    )
    is_synthetic = serializers.BooleanField(
        read_only=True,
        help_text="Made by a machine (AI-generated or algorithmic): readers are told so.",
    )
    focal_point = serializers.SerializerMethodField(
        help_text="Where the crops centre, from the top left corner, each 0 to 1."
    )
    renditions = serializers.SerializerMethodField(
        help_text="Every rendition made at upload: widths, formats and focal crops."
    )

    class Meta:
        model = Image
        fields = [
            "id",
            "api_url",
            "alt_text",
            "caption",
            "credit",
            "copyright_notice",
            "licence",
            "origin",
            "origin_detail",
            "digital_source_type",
            "digital_source_type_uri",
            "is_synthetic",
            "width",
            "height",
            "file_size",
            "format",
            "focal_point",
            "uploaded_at",
            "updated_at",
            "renditions",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "width": {"help_text": "Of the original, upright, in pixels."},
            "file_size": {"help_text": "Of the original, in bytes."},
            "format": {"help_text": "Of the original: jpeg, png, webp, gif or avif."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, image) -> str:
        return absolute(self.context.get("request"), reverse("api:image-detail", args=[image.pk]))

    @extend_schema_field(FocalPointSerializer)
    def get_focal_point(self, image) -> dict:
        return {"x": image.focal_x, "y": image.focal_y}

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image) -> list[dict]:
        return rendition_list(image, self.context.get("request"))


class StoryUseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    headline = serializers.CharField()
    api_url = serializers.URLField()
    role = serializers.ChoiceField(choices=["lead", "inline"])


class LibraryImageSerializer(ImageSerializer):
    """The images endpoint's representation: staff also see which stories use the photo."""

    used_in = serializers.SerializerMethodField(
        help_text="Staff only: the stories not in the trash that show the photo, as their lead "
        "or in their text."
    )

    class Meta(ImageSerializer.Meta):
        fields = [*ImageSerializer.Meta.fields, "used_in"]
        read_only_fields = fields
        sometimes_omitted = ["used_in"]

    @extend_schema_field(StoryUseSerializer(many=True))
    def get_used_in(self, image) -> list[dict]:
        request = self.context.get("request")
        uses = [(story, "lead") for story in image.lead_of.all()]
        uses += [(story, "inline") for story in image.inline_in.all()]
        return [
            {
                "slug": story.slug,
                "headline": story.headline,
                "api_url": absolute(request, slug_url("api:article-detail", story.slug)),
                "role": role,
            }
            for story, role in uses
        ]

    def get_fields(self):
        fields = super().get_fields()
        if not self.context.get("show_use"):
            del fields["used_in"]  # not asked at all: the stories are not even fetched
        return fields


# --- Writes ----------------------------------------------------------------------------------

_TEXT_HELP = {
    "alt_text": "What the photo shows, for readers who cannot see it. Needed to publish.",
    "credit": 'As printed: "Photographer Name/Agency". Needed to publish.',
}


class ImageTextSerializer(ModelSerializer):
    """The text of a photo, as a client may change it; the file itself never changes."""

    focal_point = FocalPointSerializer(
        required=False, help_text="Moving it re-cuts the 16:9, 4:3 and 1:1 crops."
    )

    class Meta:
        model = Image
        fields = [*TEXT_FIELDS, "focal_point"]
        extra_kwargs = {name: {"help_text": text} for name, text in _TEXT_HELP.items()}


class ImageUploadSerializer(ImageTextSerializer):
    """An upload: the file and its text. The file is decoded whole here, so a refused one is
    a 400 with nothing stored."""

    file = serializers.FileField(
        allow_empty_file=True,  # refused by the decoder, with its own message
        error_messages={
            "required": "Send the photo as multipart/form-data, in a field named file.",
            "invalid": "Send the photo as multipart/form-data, in a field named file.",
        },
        help_text=f"The photo: {processing.ACCEPTED_LABEL}, at most "
        f"{settings.IMAGE_UPLOAD_MAX_BYTES / 1e6:.0f} MB. Its metadata (GPS included) never "
        "reaches a rendition.",
    )

    class Meta(ImageTextSerializer.Meta):
        fields = ["file", *TEXT_FIELDS]

    def validate_file(self, upload):
        try:
            return processing.decode(processing.read_upload(upload))
        except processing.Refused as refused:
            raise serializers.ValidationError(refused.messages, code=refused.code) from None
