"""The images endpoint (routed in `newsroom/api.py`): who sees which photos (readers only those
a published story shows; staff who may view images, the whole library), the list's filters,
the multipart upload, the text and focal point changes, and deleting a photo no story uses.

Thin: `serializers.py` shapes and validates (the upload is decoded whole there), and
`library.py` does every write of a file or a crop. Errors become JSON in `newsroom/rest.py`.
"""

import django_filters
import reversion
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.response import Response

from images import library, permissions
from images.models import DigitalSourceType, Image
from images.serializers import ImageTextSerializer, ImageUploadSerializer, LibraryImageSerializer
from newsroom.rest import Conflict, JSONParser, PrivateToCallers

MULTIPART = "multipart/form-data"


def sees_every_image(user) -> bool:
    """Staff who may view images see the whole library; everyone else, the photos in print."""
    return bool(user is not None and user.is_active and user.has_perm("images.view_image"))


def image_queryset(user):
    """The photos this user may read."""
    return Image.objects.all() if sees_every_image(user) else Image.objects.in_print()


# --- Filters -------------------------------------------------------------------------------


class ImageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        label="Words found in the caption, credit or alt text (each word somewhere in one of "
        "them; case does not matter).",
    )
    digital_source_type = django_filters.ChoiceFilter(
        choices=DigitalSourceType.choices,
        label="Only images made this way (an IPTC digital source type code, e.g. "
        "trainedAlgorithmicMedia).",
    )
    uploaded_after = django_filters.IsoDateTimeFilter(
        field_name="uploaded_at",
        lookup_expr="gte",
        label="Uploaded at or after this ISO 8601 date or time.",
    )
    uploaded_before = django_filters.IsoDateTimeFilter(
        field_name="uploaded_at",
        lookup_expr="lte",
        label="Uploaded at or before this ISO 8601 date or time.",
    )

    class Meta:
        model = Image
        fields = []

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(caption__icontains=word) | Q(credit__icontains=word) | Q(alt_text__icontains=word)
            )
        return queryset


# --- Schema --------------------------------------------------------------------------------

UPLOADED = OpenApiResponse(LibraryImageSerializer, description="Stored, with its renditions.")
ALREADY_THERE = OpenApiResponse(
    LibraryImageSerializer,
    description="The same photo (byte for byte) is already in the library: that image, with "
    "its text as it was (the text sent is not applied; change it with PATCH).",
)

IMAGE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The image's id."
)

schema = extend_schema_view(
    list=extend_schema(
        summary="List images",
        description="Photos that published stories show, newest upload first; staff who may "
        "view images see the whole library, with `used_in`. Unknown query parameters are "
        "refused with 400.",
    ),
    retrieve=extend_schema(
        summary="Read an image",
        parameters=[IMAGE_ID],
        description="A photo only a draft uses is 404 to the public, like the draft.",
    ),
    create=extend_schema(
        summary="Upload a photo",
        description="multipart/form-data with the photo in `file` and its text. The file is "
        "decoded whole before anything is stored: a file that is not a still JPEG, PNG, WebP, "
        "AVIF or GIF (SVG, HEIC, animations, polyglots, damaged or empty files, one over the "
        "size or pixel limit) is refused with 400 and a message saying why, and nothing is "
        "stored. Renditions (five widths and three focal crops, AVIF/WebP/JPEG, no metadata) "
        "are made now. Needs `images.add_image`.",
        request={MULTIPART: ImageUploadSerializer},
        responses={201: UPLOADED, 200: ALREADY_THERE},
    ),
    partial_update=extend_schema(
        summary="Change an image's text or focal point",
        parameters=[IMAGE_ID],
        description="The text fields and `focal_point` (which re-cuts the crops); the file "
        "cannot be changed (upload the new photo instead). Needs `images.change_image`.",
        request={"application/json": ImageTextSerializer},
        responses={200: LibraryImageSerializer},
    ),
    destroy=extend_schema(
        summary="Delete an unused image",
        parameters=[IMAGE_ID],
        description="Needs `images.delete_image` (editors). A photo any story uses, as its "
        "lead or in its text (stories in the trash included), is refused with 409.",
        responses={204: OpenApiResponse(description="Deleted, with its files.")},
    ),
)


# --- The endpoint --------------------------------------------------------------------------


@schema
class ImageViewSet(
    PrivateToCallers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The photo library, looked up by id."""

    serializer_class = LibraryImageSerializer
    filterset_class = ImageFilter
    # JSON for changes, multipart for the upload (the API's default is JSON only).
    parser_classes = [JSONParser, parsers.MultiPartParser, parsers.FormParser]
    # No PUT: the file is not replaceable, so a whole-resource replace means nothing.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]+"
    extra_error_codes = {"DELETE": ["409"]}

    def get_queryset(self):
        return self._with_use(image_queryset(self.request.user))

    def _shows_use(self) -> bool:
        return sees_every_image(self.request.user)

    def _with_use(self, images):
        """Staff see the stories (not in the trash) using each photo: two queries a page."""
        if not self._shows_use():
            return images
        stories = Image.lead_of.field.model.objects.live()
        return images.prefetch_related(
            Prefetch("lead_of", queryset=stories.only("pk", "slug", "headline", "lead_image")),
            Prefetch("inline_in", queryset=stories.only("pk", "slug", "headline")),
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_use": self._shows_use()}

    def _respond(self, image: Image, status_code=status.HTTP_200_OK) -> Response:
        # Re-read from the whole library: an uploader gets their photo back even before a
        # story shows it (and without view permission).
        image = self._with_use(Image.objects.filter(pk=image.pk)).get()
        data = self.get_serializer(image).data
        headers = {"Location": data["api_url"]} if status_code == status.HTTP_201_CREATED else {}
        return Response(data, status=status_code, headers=headers)

    def create(self, request, *args, **kwargs):
        if not (request.content_type or "").startswith(MULTIPART):
            raise exceptions.ValidationError(
                {"file": ["Send the photo as multipart/form-data, in a field named file."]}
            )
        serializer = ImageUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        decoded = fields.pop("file")
        with transaction.atomic(), reversion.create_revision():
            image, created = library.store_decoded(decoded, user=request.user, **fields)
            if created:
                reversion.set_user(request.user)
                reversion.set_comment("Uploaded through the API")
        return self._respond(image, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request, *args, **kwargs):
        image = self.get_object()
        if not permissions.may_change(request.user, image):
            raise exceptions.PermissionDenied(permissions.REFUSED)
        if "file" in request.data or request.FILES:
            raise exceptions.ValidationError(
                {"file": ["An image's file cannot be changed: upload the new photo instead."]}
            )
        serializer = ImageTextSerializer(image, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        focal = fields.pop("focal_point", None)
        with transaction.atomic(), reversion.create_revision():
            for name, value in fields.items():
                setattr(image, name, value)
            if fields:
                image.save(update_fields=[*fields, "updated_at"])
            if focal is not None:
                library.set_focal_point(image, focal["x"], focal["y"])
            reversion.set_user(request.user)
            reversion.set_comment("Edited through the API")
        return self._respond(image)

    def destroy(self, request, *args, **kwargs):
        image = self.get_object()
        if Image.objects.in_use().filter(pk=image.pk).exists():
            raise _in_use()
        try:
            with transaction.atomic():
                image.delete()
        except ProtectedError:  # a story took it as its lead a moment ago
            raise _in_use() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


def _in_use() -> Conflict:
    return Conflict(
        "A story uses this image, as its lead or in its text (stories in the trash count too): "
        "take it out of them before deleting it."
    )
