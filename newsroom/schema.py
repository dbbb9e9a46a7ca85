"""How the OpenAPI schema describes the API's conventions (`newsroom/rest.py`): the error shape
and the error responses every operation can really give."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        required=False,
        help_text="400 only: the messages for each field (or `non_field_errors`).",
    )
    current_version = serializers.IntegerField(
        required=False, help_text="412 only: the article's version now."
    )
    problems = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="409 only: what the article lacks before it can be published.",
    )


# --- Schema --------------------------------------------------------------------------------


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


ERROR_RESPONSES = {
    "400": _error("Invalid input, or an unknown or malformed query parameter."),
    "401": _error("No or invalid credentials where a write needs them."),
    "403": _error("Authenticated, but not allowed to do this."),
    "404": _error("No such resource, or not visible to you (drafts are 404 to the public)."),
    "405": _error("The resource does not support this method."),
    "406": _error("The Accept header asks for something other than JSON."),
    "409": _error(
        "The resource's state does not allow this: the article's status (or it is not ready "
        "to publish), or a story uses the image."
    ),
    "412": _error("If-Match does not match the article's current ETag: someone else saved."),
    "413": _error("The request body is too large."),
    "415": _error("The request body is not JSON (or, for an image upload, multipart/form-data)."),
    "428": _error("If-Match is required to change an article."),
    "429": _error("Too many requests; see the Retry-After header."),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular, plus the error responses the API really gives, on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        method = self.method.upper()
        codes = ["401", "403", "404", "405", "406", "429"]
        if method in {"POST", "PUT", "PATCH"} or self._is_list_view():
            codes.append("400")
        if method in {"POST", "PUT", "PATCH"}:
            codes += ["413", "415"]
        codes += getattr(self.view, "extra_error_codes", {}).get(method, [])
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ERROR_RESPONSES[code], code, direction=direction
                )
        return dict(sorted(responses.items()))

    def get_auth(self):
        # Reads are open to everyone (DjangoModelPermissionsOrAnonReadOnly), which drf-spectacular
        # cannot tell on its own: say so, so clients and fuzzers know no credentials are needed.
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        anonymous_reads = permissions and all(
            isinstance(permission, DjangoModelPermissions)
            and not permission.authenticated_users_only
            for permission in permissions
        )
        if self.method.upper() in SAFE_METHODS and anonymous_reads and {} not in auths:
            auths.append({})
        return auths

    def _map_basic_serializer(self, serializer, direction):
        # Fields a serializer leaves out for some readers (an article's status, for the public)
        # must not be `required` in the schema, or conforming clients would reject responses.
        schema = super()._map_basic_serializer(serializer, direction)
        optional = getattr(getattr(serializer, "Meta", None), "sometimes_omitted", ())
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
