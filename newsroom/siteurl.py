"""The site's public address, for every absolute link it gives out: canonical links, og:url and
JSON-LD, feeds, sitemaps and robots.txt all ask `site_url()` (through
`articles.structured_data.absolute_url`).

A configured SITE_URL always wins, whatever Host a request names, and with DEBUG off no Host
header is ever linked to: production links to its one public address. In development (DEBUG on)
without one, a request's links use the address it reached, so `make run PORT=8010` links to port
8010; `request.get_host()` admits only ALLOWED_HOSTS (any other Host is a 400 before a link is
made). Outside a request (commands), links use SITE_URL's default.
"""

from contextvars import ContextVar

from django.conf import settings

_current_request = ContextVar("site_url_request", default=None)


def site_url() -> str:
    """The scheme and host (and port) absolute links start with, without a trailing slash."""
    request = _current_request.get()
    if request is not None and settings.DEBUG and not settings.SITE_URL_CONFIGURED:
        return f"{request.scheme}://{request.get_host()}"
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    """The public address of a site path ("/articles/x/")."""
    return f"{site_url()}{path}"


class SiteUrlMiddleware:
    """Makes the request being answered known to `site_url()`, for as long as it is answered
    (its templates render inside), in this thread or task only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
