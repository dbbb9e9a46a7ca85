"""HTTP caching for the reader site: conditional GET, Cache-Control and cache tags, decided per
request. The server-side page cache that uses the tags is in newsroom/pagecache.py."""

from functools import wraps

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from newsroom import pagecache

# What each reader page lists, by route name; the objects a page is about (its article, topic,
# contributor or source, found in the template context) add their own tags.
PAGE_TAGS = {
    "articles:index": ("home",),
    "articles:detail": (),
    "articles:topics": ("topics",),
    "articles:topic": (),
    "articles:topic_feed": ("feeds",),
    "articles:contributor": (),
    "articles:search": ("search",),
    "articles:feed_rss": ("feeds",),
    "articles:feed_atom": ("feeds",),
    "sources:index": ("sources",),
    "sources:detail": (),
    "sitemap": ("sitemaps",),
    "sitemap_section": ("sitemaps",),
    "news_sitemap": ("sitemaps",),
    "robots": (),
}
_CONTEXT_TAGS = ("article", "topic", "contributor", "source")


def page_tags(request, response) -> tuple[str, ...] | None:
    """The tags naming what this page shows, or None if it is not a page we know."""
    match = request.resolver_match
    if match is None or match.view_name not in PAGE_TAGS:
        return None
    tags = list(PAGE_TAGS[match.view_name])
    context = getattr(response, "context_data", None) or {}
    for name in _CONTEXT_TAGS:
        obj = context.get(name)
        if getattr(obj, "pk", None) is not None:
            tags.append(f"{name}-{obj.pk}")
    return tuple(tags)


def reader_page(view, *, query: tuple[str, ...] = ()):
    """Let browsers and shared caches keep anonymous pages briefly; keep staff pages private.

    `query` names the query parameters the view reads. It sees only those (so a link it builds
    from the query string never carries a stranger's `?utm_source=...`), and the page cache
    keys the page on them alone: junk parameters share the one stored copy.

    Every response varies on Cookie, so a shared cache never hands a logged-in reader's copy to
    anyone else, and carries an ETag (a hash of the body) plus any Last-Modified the view set,
    so a repeat request that still matches gets a 304 with no body. Anonymous pages name what
    they show (Surrogate-Key, Cache-Tag), which is also what lets the page cache keep them.
    """

    allowed = frozenset(query)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.GET and not allowed.issuperset(request.GET):
            request.GET = pagecache.only(request.GET, allowed)
        response = view(request, *args, **kwargs)
        tags = None
        if hasattr(response, "render") and callable(response.render):
            tags = page_tags(request, response)
            # The ETag is a hash of the body, so the template must be rendered now.
            response = response.render()
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_MAX_AGE,
                s_maxage=settings.PUBLIC_SHARED_MAX_AGE,
            )
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        if not request.user.is_authenticated:
            if tags is None:
                tags = page_tags(request, response)
            if tags is not None:
                pagecache.mark_tags(response, tags)
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Headers set above are copied onto a 304, so it carries the same caching rules.
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    wrapped.page_cache_query = allowed
    return wrapped
