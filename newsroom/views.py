"""Project-level views: crawler rules, the health check, and the 500 page."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.structured_data import absolute_url
from newsroom import outage

logger = logging.getLogger(__name__)


@require_GET
def robots_txt(request):
    """Let crawlers in everywhere readers go, point them at both sitemaps."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /api/",
        # Search result pages are endless and duplicate the article pages.
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        f"Sitemap: {absolute_url(reverse('news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """Liveness plus a database round trip, as JSON; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The 500 page, rendered without context processors or the database, which may be what
    just failed. A database outage that struck outside a view (a middleware opening the
    request's transaction) is still a 503 to try again, like one inside a view."""
    exception = sys.exc_info()[1]
    if outage.is_outage(exception):
        return outage.unavailable(request, exception)
    html = loader.render_to_string("500.html", {"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
