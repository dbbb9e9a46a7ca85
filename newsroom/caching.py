"""HTTP caching for the reader site: conditional GET, Cache-Control and cache tags, decided per
request. The server-side page cache that uses the tags is in newsroom/pagecache.py."""

from functools import wraps
from types import FunctionType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from newsroom import pagecache


def reader_page(view, *, query: tuple[str, ...] = (), tags: tuple[str, ...] | None = None):
    """Let browsers and shared caches keep anonymous pages briefly; keep staff pages private.

    What the page shows is declared, never guessed: `tags` (or the view's `cache_tags`) names
    the lists it shows ("home", "feeds", ...), and the view adds the objects it is about with
    `pagecache.depends_on(request, tag_for(obj))`. A view that declares nothing is refused at
    start-up: a page the cache cannot invalidate must not be cached.

    `query` names the query parameters the view reads. It sees only those (so a link it builds
    from the query string never carries a stranger's `?utm_source=...`), and the page cache
    keys the page on them alone: junk parameters share the one stored copy.

    Every response varies on Cookie, so a shared cache never hands a logged-in reader's copy to
    anyone else, and carries an ETag (a hash of the body) plus any Last-Modified the view set,
    so a repeat request that still matches gets a 304 with no body. Anonymous pages name what
    they show (Surrogate-Key, Cache-Tag), which is also what lets the page cache keep them.
    """

    allowed = frozenset(query)
    declared = tags if tags is not None else getattr(_view_of(view), "cache_tags", None)
    if declared is None:
        raise ImproperlyConfigured(
            f"{_view_of(view).__name__} must declare the cache tags it shows (cache_tags)."
        )

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.GET and not allowed.issuperset(request.GET):
            request.GET = pagecache.only(request.GET, allowed)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
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
            pagecache.mark_tags(response, (*declared, *pagecache.declared_tags(request)))
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


def _view_of(view):
    """What declares the view's tags: the class behind `as_view()`, a plain function itself, or
    the class of a callable instance (a Feed)."""
    if hasattr(view, "view_class"):
        return view.view_class
    return view if isinstance(view, FunctionType) else type(view)
