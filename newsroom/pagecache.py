"""Whole-page caching for anonymous readers, invalidated by tags.

A cached page remembers the tags it shows ("article-12", "topic-3", "home", ...) and, for each,
the tag's *generation* at the time it was rendered. A generation is a cache key holding the
time (in nanoseconds) the tag last changed; invalidating a tag writes a new one. A cached page
is served only while every one of its generations is unchanged, so a change evicts exactly the
pages that show it, in one cache write however many pages, keys or app servers there are, and
without ever scanning keys.

Rules that keep the cache honest:

- Only anonymous GETs (no session cookie, no Authorization header) are looked up or stored.
- Only 200 responses that declared their tags, set no cookie and are not private are stored.
- A page is stored only if none of its tags changed in the PAGE_CACHE_SETTLE_SECONDS before it
  started rendering: a render that overlapped a write (or read a replica that had not caught up
  yet) might show the old state under the new generation.
- Scheduled articles go live with no write at all, so no page is kept past the next scheduled
  publication time (written by the invalidation hooks); when that time is unknown, pages are
  kept at most PAGE_CACHE_UNKNOWN_SCHEDULE_SECONDS.

The same tags go out in `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare, Akamai) headers,
and `tags_changed` is sent with them on every invalidation, so a CDN purge can hang off it.
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import Signal
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

from newsroom import pagestore, warming
from newsroom.pagestore import PAGE_PREFIX, TAG_PREFIX, _local  # noqa: F401 (tests read them)

logger = logging.getLogger(__name__)

SCHEDULE_KEY = "pagecache:schedule"

# Every page depends on "site": invalidating it empties the page cache in one write (used when
# a change fans out too far to list, e.g. restoring a backup).
SITE_TAG = "site"

# Sent after tags are invalidated, with `tags` (a set of names); connect a CDN purge here.
tags_changed = Signal()

# Headers that are per-response, never replayed from the cache.
_NOT_STORED = {"set-cookie", "date", "x-page-cache"}


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def depends_on(request, *tags: str) -> None:
    """Declare, from a view, that the page it is making shows these tags' objects."""
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    request.page_cache_tags = (*getattr(request, "page_cache_tags", ()), *tags)


def expires_at(request, when: float) -> None:
    """Declare, from a view, that the page it is making changes at `when` (epoch seconds) with
    no write to announce it (a front's pin that runs out): it is kept no longer than that."""
    request = getattr(request, "_request", request)
    request.page_cache_expires = min(getattr(request, "page_cache_expires", when), when)


def declared_tags(request) -> tuple[str, ...]:
    """The tags a view declared with depends_on()."""
    return getattr(getattr(request, "_request", request), "page_cache_tags", ())


def tag_for(obj, pk=None) -> str:
    """The tag naming one object's pages: `tag_for(article)` or `tag_for(Article, 12)` is
    "article-12"; likewise "topic-3", "contributor-4", "source-5"."""
    if pk is None:
        return f"{obj._meta.model_name}-{obj.pk}"
    return f"{obj._meta.model_name}-{pk}"


def is_anonymous_request(request) -> bool:
    """True when nothing in the request can make the page personal: no session, no token."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


_tag_key = pagestore.tag_key


def only(query: QueryDict, allowed: frozenset[str]) -> QueryDict:
    """The query parameters among `allowed`, in their order, values and all."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if name in allowed:
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def _query_read(request) -> frozenset[str] | None:
    """The query parameters the requested view reads; None for all of them.

    Reader pages declare theirs (`reader_page(..., query=...)`). API lists refuse any
    parameter they do not know with a 400, which is never stored, so all of theirs count; any
    other API read takes none.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return frozenset()
    declared = getattr(match.func, "page_cache_query", None)
    if declared is not None:
        return declared
    if match.namespace == "api" and match.url_name and match.url_name.endswith("-list"):
        return None
    return frozenset()


# The key of each address recently asked for, by what the request said (path, query, host and
# the headers the scheme and host are read from): a hit need not validate the host, resolve the
# path or hash again. Only an address whose host passed validation gets here; emptied when full
# and whenever a setting changes (ALLOWED_HOSTS, SECURE_PROXY_SSL_HEADER, ...).
_keys: dict[tuple, str] = {}
_KEYS_HELD = 4096


def _forget_keys(**kwargs) -> None:
    _keys.clear()


setting_changed.connect(_forget_keys, dispatch_uid="pagecache_keys")


def _page_key(request) -> str:
    meta = request.META
    said = (
        request.path,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        meta.get("wsgi.url_scheme"),
        meta.get("HTTP_X_FORWARDED_PROTO"),
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_X_FORWARDED_PORT"),
    )
    key = _keys.get(said)
    if key is None:
        key = _address_key(request)
        if len(_keys) >= _KEYS_HELD:
            _keys.clear()
        _keys[said] = key
    return key


def _address_key(request) -> str:
    return PAGE_PREFIX + hashlib.blake2b(_address(request).encode(), digest_size=16).hexdigest()


def _address(request) -> str:
    """The page's address as the cache knows it. Scheme and host are part of the page (the
    API's links are absolute), so of the address too; of the query string, only what the view
    reads (junk parameters must not fill the cache)."""
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    if request.GET:
        allowed = _query_read(request)
        query = request.GET if allowed is None else only(request.GET, allowed)
        if query:
            url += "?" + urlencode(sorted(query.lists()), doseq=True)
    return url


# --- Invalidation ----------------------------------------------------------------------------


# An invalidation the cache did not take (Redis down or hung, or this process's breaker open)
# would leave other servers serving the old page once Redis answers again. Which pages, nobody
# knows by then, so the first cache write that succeeds afterwards empties the page cache.
_invalidations_lost = False


def invalidate(tags: Iterable[str], *, warm: Iterable[str] = ()) -> None:
    """Give each tag a new generation: every cached page showing one of them is now stale.
    The pages it evicted, and those at the paths in `warm` (a story just made public), are
    then rendered again in the background (newsroom/warming.py)."""
    global _invalidations_lost
    tags = set(tags)
    if not tags:
        return
    now = time.time_ns()
    # Generations never expire; Redis should evict page entries first (volatile-lru).
    if _invalidations_lost:
        tags.add(SITE_TAG)
    if cache.set_many({_tag_key(tag): now for tag in tags}, timeout=None):
        if not _invalidations_lost:
            logger.warning("Page cache invalidation not stored; emptying it when the cache is back")
        _invalidations_lost = True
    else:
        _invalidations_lost = False
    tags_changed.send(sender=invalidate, tags=tags)
    warming.after_invalidation(tags, warm)


def make_good_lost_invalidations() -> None:
    """If an invalidation was lost, try again to empty the page cache (cheap when none was)."""
    if _invalidations_lost:
        invalidate({SITE_TAG})


def set_schedule(times: list[float], *, complete: bool) -> None:
    """Record the upcoming publication times (epoch seconds, ascending) of scheduled articles;
    `complete` is False when the list was cut short."""
    cache.set(SCHEDULE_KEY, {"times": times, "complete": complete}, timeout=None)


def _seconds_until_next_publication(schedule, now: float) -> float | None:
    """Seconds until the next scheduled article goes live; None if there is none to wait for,
    and 0 if the schedule is unknown (never recorded, or every listed time has passed and
    the list was cut short)."""
    if not isinstance(schedule, dict):
        return 0.0
    for when in schedule.get("times", []):
        if when > now:
            return when - now
    return None if schedule.get("complete") else 0.0


# --- Lookup and store ------------------------------------------------------------------------


def cached_response(request):
    """The stored page for this request if every tag it shows is unchanged, else None."""
    page = pagestore.lookup(_page_key(request))
    return None if page is None else page.response(request)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it belongs to one visitor
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False  # the page used its one-time nonce: replaying it would defeat the policy
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    # Cookie: only cookie-less (anonymous) requests get here. Accept: the API renders JSON
    # only, and an Accept it cannot meet is a 406, never stored.
    return vary <= {"cookie", "accept", "accept-encoding", "authorization"}


def store(request, response, tags: Iterable[str], *, started_ns: int) -> bool:
    """Keep this response for the next anonymous reader, if it is safe to; True if kept."""
    if not _storable(request, response):
        return False
    tags = tuple(sorted({SITE_TAG, *tags}))
    keys = [_tag_key(tag) for tag in tags]
    current = pagestore.generations(tags, extra=(SCHEDULE_KEY,))
    settle_ns = int(getattr(settings, "PAGE_CACHE_SETTLE_SECONDS", 1) * 1e9)
    missing = [key for key in keys if key not in current]
    if missing:
        # Never invalidated (or evicted): start them at a time old enough to store against.
        cache.set_many(dict.fromkeys(missing, started_ns - settle_ns - 1), timeout=None)
        current.update(cache.get_many(missing))
    generations = tuple(current.get(key) for key in keys)
    if any(g is None or g > started_ns - settle_ns for g in generations):
        return False  # changed while (or just before) this page was rendered
    timeout = settings.PAGE_CACHE_SECONDS
    wait = _seconds_until_next_publication(current.get(SCHEDULE_KEY), time.time())
    if wait == 0.0:
        timeout = min(timeout, getattr(settings, "PAGE_CACHE_UNKNOWN_SCHEDULE_SECONDS", 60))
    elif wait is not None:
        timeout = min(timeout, int(wait))
    expires = getattr(getattr(request, "_request", request), "page_cache_expires", None)
    if expires is not None:
        timeout = min(timeout, int(expires - time.time()))
    if timeout < 1:
        return False
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
    page = pagestore.Page(
        tags, generations, response.status_code, headers, response.content, time.time() + timeout
    )
    pagestore.keep(_page_key(request), page, timeout)
    if warming.enabled():
        warming.remember(_address(request), tags)
    return True


def tag_headers(response, tags: Iterable[str]) -> None:
    """Name the page's tags for a CDN that purges by key."""
    tags = sorted({SITE_TAG, *tags})
    response["Surrogate-Key"] = " ".join(tags)
    response["Cache-Tag"] = ",".join(tags)


def mark_tags(response, tags: Iterable[str]) -> None:
    """Declare what a response shows, so the page cache may keep it (and a CDN purge it)."""
    response.page_cache_tags = tuple(tags)
    tag_headers(response, response.page_cache_tags)


# --- The API ---------------------------------------------------------------------------------

# What each API read shows, by route name; article detail adds the article's own tag.
API_TAGS = {
    "api-root": (),
    "article-list": ("articles",),
    "article-detail": ("articles",),
    "article-ninjs": ("articles",),
    "topic-list": ("topics",),
    "topic-detail": ("topics",),
    "source-list": ("sources",),
    "source-detail": ("sources",),
    "contributor-list": ("contributors",),
    "contributor-detail": ("contributors",),
}


def api_tags(request, response) -> tuple[str, ...] | None:
    """The tags of an anonymous API read, or None for a response the cache must not keep."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "api" or match.url_name not in API_TAGS:
        return None
    tags = API_TAGS[match.url_name]
    data = getattr(response, "data", None)
    if match.url_name == "article-detail" and isinstance(data, dict) and "id" in data:
        # A detail shows one article: its own tag is enough, and is far more precise.
        tags = (f"article-{data['id']}",)
    return tags


def patch_api_response(response, tags) -> None:
    """Public caching for anonymous API reads (they vary on who asks)."""
    patch_vary_headers(response, ["Authorization", "Cookie"])
    if "Cache-Control" not in response:
        response["Cache-Control"] = public_cache_control()
    tag_headers(response, tags)


def public_cache_control() -> str:
    return f"public, max-age={settings.PUBLIC_MAX_AGE}, s-maxage={settings.PUBLIC_SHARED_MAX_AGE}"


# --- The middleware --------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous readers from the page cache before sessions, authentication or a view
    run at all; store what they are given when it is safe to.

    The outermost middleware: a hit runs nothing else. A page is stored as it left every
    middleware below (security headers, Content-Security-Policy, X-Frame-Options), so a hit
    carries the same headers as the miss that stored it. HTTPS redirects still apply: the key
    holds the scheme, and a plain-HTTP request that must be redirected is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # What WhiteNoise and the media view serve are files, never pages: no lookup.
        self.files = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix and prefix.startswith("/")
        )

    def __call__(self, request):
        make_good_lost_invalidations()
        if (
            request.method != "GET"
            or request.path_info.startswith(self.files)
            or not is_anonymous_request(request)
        ):
            return self.get_response(request)
        on = enabled()
        if on:
            response = cached_response(request)
            if response is not None:
                return response
        started_ns = time.time_ns()
        response = self.get_response(request)
        tags = getattr(response, "page_cache_tags", None)
        if tags is None and response.status_code == 200:
            tags = api_tags(request, response)
            if tags is not None:
                patch_api_response(response, tags)
        if on and tags is not None:
            stored = store(request, response, tags, started_ns=started_ns)
            response["X-Page-Cache"] = "miss" if stored else "pass"
        return response
