"""Database outages answered as 503 with Retry-After, not 500 (a middleware)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """A 503 with Retry-After, not a 500, while the database cannot be reached (a restart, a
    failover): clients and proxies know to try again, and nothing caches the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        return unavailable(request, exception)


def is_outage(exception) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable(request, exception) -> HttpResponse:
    """The 503 for a database outage: JSON under /api/, plain text elsewhere."""
    logger.warning("Database unavailable: %s %s: %s", request.method, request.path, exception)
    message = "The database is briefly unavailable; try again in a few seconds."
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
