"""No cold first reader: the pages a change evicted are rendered again in the background.

The page cache remembers, for each tag, the addresses of the last pages it stored under that tag
(ADDRESSES_PER_TAG, newest first, for as long as a page is kept). When tags are invalidated, once
the change has committed, the addresses of the pages they evicted, and the pages of the stories
that change made public, go to the queue (django-tasks: `manage.py db_worker`, which `make run`
starts). Once the settle window has passed, the worker asks for each one in-process, as an
anonymous reader with no cookie would, so the page cache stores it exactly as it stores a reader's
miss (same rules, same headers, same key); the reader who comes next gets a hit.

Nothing here decides what is stale: that is the tags' contract alone (newsroom/pagecache.py).
Warming only brings back what the contract evicted, so a warmed page can never be staler than
a reader's miss at the same moment. It is on with a shared cache (REDIS_URL) and a page cache;
with each process's own memory (development without Redis) the worker's copy would help no one.
"""

import hashlib
import io
import logging
import sys
import time
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ADDRESS_PREFIX = "pagecache:addresses:"
PENDING_PREFIX = "pagecache:warming:"
# The addresses remembered per tag, and the most pages one change warms.
ADDRESSES_PER_TAG = 12
WARM_LIMIT = 40
# Tags too broad to follow: emptying the whole cache is not a reason to render every page.
_NOT_FOLLOWED = {"site"}
# Lists readers see first, warmed right after the pages of the things that changed.
_FIRST_LISTS = ("home", "sections", "feeds", "articles")


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_WARM", False)) and settings.PAGE_CACHE_SECONDS > 0


def remember(url: str, tags: Iterable[str]) -> None:
    """Note that the page at `url` (scheme, host, path and the query it reads) is stored under
    these tags. Called on a store, never on a hit."""
    keys = [ADDRESS_PREFIX + tag for tag in tags if tag not in _NOT_FOLLOWED]
    held = cache.get_many(keys)
    changed = {}
    for key in keys:
        urls = held.get(key) or []
        if not urls or urls[0] != url:
            changed[key] = [url, *(u for u in urls if u != url)][:ADDRESSES_PER_TAG]
    if changed:
        cache.set_many(changed, timeout=settings.PAGE_CACHE_SECONDS)


def _priority(tag: str) -> tuple:
    if tag[-1:].isdigit():  # an object's own pages: "article-12", "topic-3", "front-2"
        return (0, tag)
    if tag in _FIRST_LISTS:
        return (1, _FIRST_LISTS.index(tag))
    return (2, tag)


def pages_to_warm(tags: Iterable[str], paths: Iterable[str] = ()) -> list[str]:
    """The addresses to render again after these tags changed: the pages of what `paths` names
    (addresses on this site that no page cache holds yet, a story just made public), then
    those stored under the most precise tags first, at most WARM_LIMIT."""
    tags = sorted((t for t in set(tags) if t not in _NOT_FOLLOWED), key=_priority)
    held = cache.get_many([ADDRESS_PREFIX + tag for tag in tags])
    remembered = [url for tag in tags for url in held.get(ADDRESS_PREFIX + tag) or ()]
    paths = list(paths)
    urls = []
    if paths:
        if getattr(settings, "SITE_URL_CONFIGURED", False):
            origins = [settings.SITE_URL]
        else:  # development: the addresses readers used
            origins = list(dict.fromkeys(_origin(url) for url in remembered))
        urls = [origin + path for path in paths for origin in origins]
    return list(dict.fromkeys([*urls, *remembered]))[:WARM_LIMIT]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def after_invalidation(tags: Iterable[str], paths: Iterable[str] = ()) -> None:
    """Have a worker render again what these tags' invalidation evicted, once the settle window
    (PAGE_CACHE_SETTLE_SECONDS) lets it be stored. A repeat within that window (a save every
    few seconds) adds no second task for the same pages. Never raises: a change that committed
    must not fail because its pages could not be queued."""
    if not enabled():
        return
    try:
        urls = pages_to_warm(tags, paths)
        if not urls:
            return
        settle = getattr(settings, "PAGE_CACHE_SETTLE_SECONDS", 1)
        digest = hashlib.blake2b("\n".join(urls).encode(), digest_size=12).hexdigest()
        if not cache.add(PENDING_PREFIX + digest, 1, timeout=settle + 1):
            return
        # A fifth of a second past the window: a render that starts then may be stored.
        when = timezone.now() + timedelta(seconds=settle + 0.2)
        warm_pages.using(run_after=when).enqueue(urls)
    except Exception:
        logger.exception("Could not queue the pages to warm after an invalidation")


@task()
def warm_pages(urls: list[str]) -> dict:
    return warm(urls)


_handler: WSGIHandler | None = None


def warm(urls: list[str]) -> dict:
    """Ask for each address as an anonymous reader would; the page cache stores what it may."""
    global _handler
    if _handler is None:
        _handler = WSGIHandler()  # loads the middleware, the page cache outermost
    outcome = {"stored": 0, "hit": 0, "not_stored": 0, "failed": 0}
    started = time.monotonic()
    for url in urls:
        try:
            response = _handler.get_response(WSGIRequest(_environ(url)))
        except Exception:
            logger.exception("Warming %s failed", url)
            outcome["failed"] += 1
            continue
        state = response.get("X-Page-Cache")
        _close(response)
        if response.status_code != 200:
            outcome["failed"] += 1
        elif state == "miss":
            outcome["stored"] += 1
        elif state == "hit":
            outcome["hit"] += 1  # a reader got there first
        else:
            outcome["not_stored"] += 1
    outcome["seconds"] = round(time.monotonic() - started, 3)
    return outcome


def _close(response) -> None:
    """Close a warmed response (its request_finished handlers run) but keep the database
    connection: a warmed page is one step of the task, not a request of its own, and closing
    the connection in the middle of the task's transaction would break the rest of it (what
    Django's test client does for the same reason)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _environ(url: str) -> dict:
    parts = urlsplit(url)
    https = parts.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if https else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "HTTP_USER_AGENT": "newsroom page warmer",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and https:  # behind the proxy, this is how a reader's https arrives
        environ[proxy[0]] = proxy[1]
    return environ
