"""The serializer pieces every API resource is built from, whatever its app: absolute links
(`url`, `api_url`), strict JSON field types, the base `ModelSerializer`, and the related field
written as a slug and read as a summary (with how the OpenAPI schema shows it).

The resources themselves are in each app's `serializers`: `articles/serializers/` and
`sources/serializers.py`.
"""

import re

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.slugs import slug_url

# Paths build_absolute_uri() would only prefix with the scheme and host: no dot segments, no
# character iri_to_uri() would quote.
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9_~%=&?+,:;@!$*()'/.-]*")


def absolute(request, path: str) -> str:
    """An absolute URL for `path`: the request's own host, or SITE_URL outside a request.

    A list draws hundreds of these (every rendition of every photo); a plain path takes the
    request's scheme and host, worked out once per request, instead of a build_absolute_uri()
    each."""
    if request is None:
        return settings.SITE_URL + path
    if _PLAIN_PATH.fullmatch(path) and "/." not in path:
        return request._current_scheme_host + path
    return request.build_absolute_uri(path)


class LinksMixin:
    """`url` (the public page) and `api_url` (this resource in the API)."""

    api_route = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self._memo(("url", type(obj), obj.slug), obj.get_absolute_url)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return self._memo((self.api_route, obj.slug), lambda: slug_url(self.api_route, obj.slug))

    def _memo(self, key, path) -> str:
        # A list names the same sources, topics and people again and again: each address is
        # reversed once per response, not once per mention.
        cache = self.context.setdefault("_links", {})
        if key not in cache:
            cache[key] = absolute(self.context.get("request"), path())
        return cache[key]


# --- Strict JSON types ---------------------------------------------------------------------
# DRF turns 0 into "0" and "5" into 5; the schema promises strings and integers, so the API
# holds clients to exactly that instead of guessing what they meant.


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugField(serializers.SlugField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


_STRICT = {
    serializers.CharField: StrictCharField,
    serializers.SlugField: StrictSlugField,
    serializers.IntegerField: StrictIntegerField,
}


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializers: model fields become the strict field types above."""

    serializer_field_mapping = {
        model_field: _STRICT.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }


# --- Related resources ---------------------------------------------------------------------


class SummaryRelatedField(serializers.SlugRelatedField):
    """Written as the related object's slug; read as a short summary of it."""

    def __init__(self, summary_serializer, **kwargs):
        self.summary_serializer = summary_serializer
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        # One summary serializer per field, reused for every object: building a serializer
        # (and copying its fields) per related object dominated list responses.
        if getattr(self, "_summary", None) is None:
            self._summary = self.summary_serializer(context=self.context)
        return self._summary.to_representation(obj)

    def to_internal_value(self, data):
        # A NUL is in no slug, and PostgreSQL refuses it even in a lookup (a 500, not a 400).
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class SummaryRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """In the schema, a summary field is a slug in requests and an object in responses."""

    target_class = SummaryRelatedField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        return auto_schema.resolve_serializer(self.target.summary_serializer, direction).ref
