"""
The API's shared conventions, named in `REST_FRAMEWORK` and used by every resource: JSON errors,
pagination, strict query parameters, throttles, the request-size limit, who may keep a copy of
a response, and duplicates refused as a 400 even when two requests race. (How the OpenAPI
schema describes them is in `newsroom/schema.py`.)

DRF imports this module while it defines its own views, so nothing here may import
rest_framework.views or generics at module level.
"""

import io
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError, router, transaction
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, parsers, status, throttling
from rest_framework.settings import api_settings
from rest_framework.utils.field_mapping import get_unique_error_message

from articles.workflow import NotReady, StaleVersion, WorkflowError
from newsroom import jsonlimits
from newsroom.clientip import client_address

# --- Errors --------------------------------------------------------------------------------


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag you read, so nobody's edits are overwritten."
    default_code = "precondition_required"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than the {limit} bytes allowed.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The article is not in a state that allows this."
    default_code = "conflict"


def _first_message(errors) -> str:
    """A one-line summary of DRF validation errors, for clients that show only `detail`."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                return (
                    message if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: {message}"
                )
    elif isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
    elif errors:
        return str(errors)
    return ""


def exception_handler(exc, context):
    """Every API error as JSON: `{"detail": "..."}`, plus `errors` by field for a 400.

    Django's own exceptions and the workflow's are translated here so views never need to.
    """
    extra = {}
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, StaleVersion):
        extra = {"current_version": exc.current.version}
        exc = PreconditionFailed(str(exc))
    elif isinstance(exc, NotReady):
        extra = {"problems": exc.problems}
        exc = Conflict(str(exc))
    elif isinstance(exc, WorkflowError):
        exc = Conflict(str(exc))

    # Imported here: this module is loaded while rest_framework.views is still being defined.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let Django log it and answer 500
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if isinstance(errors, dict) and set(errors) == {"detail"}:
            errors = {api_settings.NON_FIELD_ERRORS_KEY: [errors["detail"]]}
        elif not isinstance(errors, dict):
            errors = {api_settings.NON_FIELD_ERRORS_KEY: errors}
        response.data = {"detail": _first_message(errors) or "Invalid input.", "errors": errors}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": _first_message(response.data)}
    response.data.update(extra)
    return response


# --- Requests ------------------------------------------------------------------------------


class JSONParser(parsers.JSONParser):
    """JSON bodies, refused with 413 beyond DATA_UPLOAD_MAX_MEMORY_SIZE and with 400 when they
    nest too deeply or hold strings that are not Unicode text (see `newsroom.jsonlimits`).

    Django checks that limit only when it reads the body itself; DRF streams JSON past it.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise PayloadTooLarge()
        body = stream.read()
        try:
            # Decided on the text: the parser, and all that walks what it returns, recurses
            # once per level and would end in RecursionError, as a 500.
            jsonlimits.check_depth(body.decode(parsers.get_encoding(parser_context or {})))
        except ValueError as exc:  # too deep, or not text in that encoding
            raise exceptions.ParseError(f"JSON parse error - {exc}.") from None
        data = super().parse(io.BytesIO(body), media_type, parser_context)
        # JSON may escape half a surrogate pair ("\ud800"), which is no text at all: the
        # database and the Markdown renderer would fail on it later, as a 500.
        try:
            jsonlimits.check_strings(data)
        except jsonlimits.JSONLimitError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}.") from None
        return data


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """`page_size` must be a whole number from 1; above 100 it is capped at 100."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page: {self.page_size} unless given; more than "
                    f"{self.max_page_size} gives {self.max_page_size}."
                )
        return parameters


def _names_one(view) -> bool:
    """Whether the request names one object by its lookup (a detail route)."""
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    return bool(lookup) and lookup in getattr(view, "kwargs", {})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but a list refuses query parameters it does not know or gets twice.

    A misspelt filter (`?topics=x`) silently ignored would return everything: the opposite of
    what the client asked, and the way drafts leak.
    """

    def filter_queryset(self, request, queryset, view):
        if _names_one(view):
            # A detail is looked up by its slug: the list's filters do not narrow it (its junk
            # parameters are ignored, as on every read), and their choices (what the reader
            # may see of topics, people and sections) cost a third of the request to set up.
            return queryset
        if getattr(view, "action", None) == "list":
            self._check_parameters(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def _check_parameters(self, request, queryset, view):
        allowed = set()
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            allowed |= {paginator.page_query_param, paginator.page_size_query_param}
        errors = {}
        for name in request.query_params:
            if name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                errors[name] = [f"Unknown query parameter. Known parameters: {known}."]
            elif len(request.query_params.getlist(name)) > 1:
                errors[name] = ["Give this parameter once."]
            elif not request.query_params[name].strip():
                # `?topic=` is usually a client's unset variable; answering with everything
                # would hide the bug.
                errors[name] = ["Give a value, or leave the parameter out."]
        if errors:
            raise exceptions.ValidationError(errors)


# --- Responses -----------------------------------------------------------------------------


class PrivateToCallers:
    """For every API view: answers vary on the credentials (a token in Authorization, a session
    in Cookie), and an answer to an authenticated caller is private and never stored.

    Staff answers include drafts; a shared cache keeping one would hand it to the public.
    Anonymous answers are left as they are: the page cache (newsroom/pagecache.py) makes its
    reads public.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if _authenticated(request):
            # As the reader pages do for staff (newsroom/caching.py).
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response


def _authenticated(request) -> bool:
    try:
        return request.user.is_authenticated
    except exceptions.APIException:
        # Refused credentials (a bad token): the answer is that refusal, nothing personal.
        return False


# --- Writes --------------------------------------------------------------------------------


@contextmanager
def duplicates_refused(model, values: dict, *, pk=None):
    """Run a write in a savepoint; if the database refuses it because another request stored
    one of its unique values (a slug) after validation passed, answer 400 with the message the
    serializer's uniqueness check gives without a race, rather than 500.

    `values` are the fields the write stores; `pk` is the row it changes, if any.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        # Rolled back to the savepoint, the transaction can still ask what is taken; the other
        # request has committed, or the database would not have refused ours.
        taken = _taken(model, values, pk=pk)
        if not taken:
            raise  # some other constraint: a bug, not a race
        raise exceptions.ValidationError(taken, code="unique") from error


def _taken(model, values: dict, *, pk) -> dict[str, list[str]]:
    rows = model._base_manager.db_manager(router.db_for_write(model)).all()
    if pk is not None:
        rows = rows.exclude(pk=pk)
    return {
        field.name: [get_unique_error_message(field)]
        for field in model._meta.fields
        if field.unique
        and not field.primary_key
        and values.get(field.name) not in (None, "")
        and rows.filter(**{field.name: values[field.name]}).exists()
    }


# --- Throttling ----------------------------------------------------------------------------


class _LiveRate:
    # DRF reads the rates once, at import; reading them per request lets settings (and tests)
    # change them.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # DRF's own believes any X-Forwarded-For unless NUM_PROXIES is set, so a forged header
        # was a fresh allowance per request; the sign-in throttle's rule is the one rule.
        return client_address(request)


class AnonRateThrottle(_LiveRate, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_LiveRate, throttling.UserRateThrottle):
    pass
