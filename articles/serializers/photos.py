"""An article's photos in the API: the lead image, written as a library image's id and read as
the image with its renditions and credit, and the body's HTML with its library figures filled
in at absolute addresses (as a partner embedding the copy elsewhere needs them)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from images.figures import PLACEHOLDER, fill
from images.models import Image
from images.serializers import ImageSerializer
from newsroom.serializers import absolute


class LeadImageField(serializers.PrimaryKeyRelatedField):
    """Written as an image's id (see /api/v1/images/), or null for none; read as the image."""

    default_error_messages = {
        "does_not_exist": "There is no image {pk_value} in the library: upload it to "
        "/api/v1/images/ first.",
        "incorrect_type": "Give the image's id, a whole number (or null for no lead image).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Image.objects.all())
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False  # the representation is the whole image (joined by the queryset)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    def to_representation(self, image):
        # One image serializer per field, reused for every article of a list.
        if getattr(self, "_image", None) is None:
            self._image = ImageSerializer(context=self.context)
        return self._image.to_representation(image)


class LeadImageFieldExtension(OpenApiSerializerFieldExtension):
    """In the schema, the lead image is an id in requests and the image in responses."""

    target_class = LeadImageField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return auto_schema.resolve_serializer(ImageSerializer, direction).ref


def inline_images(article) -> list:
    """The prefetched inline images in the order the body shows them."""
    order = {int(pk): n for n, pk in enumerate(PLACEHOLDER.findall(article.body_html))}
    return sorted(article.inline_images.all(), key=lambda image: order.get(image.pk, len(order)))


def body_html_with_figures(article, request) -> str:
    """The stored body_html with each library figure filled in, its addresses absolute (from
    the prefetched inline images; no query for a body without photos)."""
    return fill(
        article.body_html,
        article.inline_images.all(),
        build=lambda path: absolute(request, path),
    )
