"""Where the page cache keeps pages, and how a stored page is answered (newsroom/pagecache.py
decides what is stored and when it is stale).

A stored page is its status, body and every header it left the site with, security headers
and Content-Security-Policy included (the page cache is the outermost middleware, so it stores
what the middleware below it added), in the shared cache and in each worker's memory. A hit
replays it: one response object, its headers copied as they were validated on the way out,
nothing recomputed, nothing below the page cache run.
"""

import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

TAG_PREFIX = "pagecache:tag:"
PAGE_PREFIX = "pagecache:page:"

# Request headers that make a GET conditional: only then is the stored ETag compared.
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
_HIT = {"x-page-cache": ("X-Page-Cache", "hit")}


def tag_key(tag: str) -> str:
    return TAG_PREFIX + tag


def generations(tags, *, extra=()) -> dict:
    """The current generation of each tag (and the `extra` keys), by cache key."""
    return cache.get_many([TAG_PREFIX + tag for tag in tags] + list(extra))


class Page:
    """One stored page: what it shows (tags, each at the generation it was rendered under),
    until when it may be served, and the response itself."""

    __slots__ = ("_store", "content", "expires", "generations", "headers", "status", "tags")

    def __init__(self, tags, generations, status, headers, content, expires):
        self.tags, self.generations = tags, generations
        self.status, self.headers, self.content, self.expires = status, headers, content, expires
        # ResponseHeaders' own mapping (lower-case name -> (name, value)), made once: the
        # values were validated when the page was first sent.
        self._store = {name.lower(): (name, value) for name, value in headers}
        self._store.update(_HIT)

    @classmethod
    def from_entry(cls, entry) -> "Page | None":
        """A page from its shared-cache form (a tuple), or None for anything else."""
        if not isinstance(entry, tuple) or len(entry) != 6:
            return None
        return cls(*entry)

    def entry(self) -> tuple:
        return (self.tags, self.generations, self.status, self.headers, self.content, self.expires)

    def is_current(self) -> bool:
        """True while every tag the page shows is at the generation it was rendered under."""
        now = generations(self.tags)
        return all(
            now.get(TAG_PREFIX + tag) == generation
            for tag, generation in zip(self.tags, self.generations, strict=True)
        )

    def response(self, request) -> HttpResponse:
        """The stored response, answering a conditional request with 304 when it matches."""
        response = HttpResponse(self.content, status=self.status)
        # Every header as stored (Content-Type too), without validating each one again.
        response.headers._store.update(self._store)
        meta = request.META
        if any(name in meta for name in _CONDITIONAL):
            response = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
            response["X-Page-Cache"] = "hit"  # a 304 is a new response, with some headers
        return response


# Each worker keeps its hottest pages in memory too, so a hit costs at most one small read of
# the generations instead of fetching the page, and none at all within
# PAGE_CACHE_LOCAL_CHECK_SECONDS of the last check (the only staleness the page cache allows).
_local: OrderedDict[str, list] = OrderedDict()  # key -> [page, time last checked]
_local_bytes = 0


class _Limits:
    """The local copy's settings, read once (a hit should not pay for settings lookups) and
    again whenever a test changes them."""

    budget = check_seconds = None

    @classmethod
    def load(cls) -> None:
        cls.budget = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 0)
        cls.check_seconds = getattr(settings, "PAGE_CACHE_LOCAL_CHECK_SECONDS", 0)


def _reload(*, setting, **kwargs) -> None:
    if setting.startswith("PAGE_CACHE_") or setting == "CACHES":
        _Limits.budget = None
        _local.clear()
        global _local_bytes
        _local_bytes = 0


setting_changed.connect(_reload, dispatch_uid="pagestore_limits")


def remember(key: str, page: Page) -> None:
    """Keep a page in this worker's memory, least recently used out first, within
    PAGE_CACHE_LOCAL_BYTES."""
    global _local_bytes
    if _Limits.budget is None:
        _Limits.load()
    size = len(page.content)
    if size > _Limits.budget // 4:
        return
    forget(key)
    _local[key] = [page, time.time()]
    _local_bytes += size
    while _local_bytes > _Limits.budget:
        forget(next(iter(_local)))


def forget(key: str) -> None:
    global _local_bytes
    held = _local.pop(key, None)
    if held is not None:
        _local_bytes -= len(held[0].content)


def _local_page(key: str) -> Page | None:
    held = _local.get(key)
    if held is None:
        return None
    page, checked = held
    now = time.time()
    if page.expires < now:
        forget(key)
        return None
    if _Limits.budget is None:
        _Limits.load()
    if now - checked < _Limits.check_seconds:
        return page
    if not page.is_current():
        forget(key)
        return None
    held[1] = now
    _local.move_to_end(key)
    return page


def lookup(key: str) -> Page | None:
    """The stored page under `key` if it is still current: this worker's copy, else the
    shared cache's (then kept here too)."""
    page = _local_page(key)
    if page is None:
        page = Page.from_entry(cache.get(key))
        if page is None or not page.is_current():
            return None
        remember(key, page)
    return page


def keep(key: str, page: Page, timeout: int) -> None:
    """Store a page in the shared cache for `timeout` seconds, and in this worker's memory."""
    cache.set(key, page.entry(), timeout)
    remember(key, page)
