"""Slugs: the one rule for picking an unused web address, and the links made from them."""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def unique_slug(queryset, base: str, *, max_length: int = 80, fallback: str = "item") -> str:
    """slugify(base), suffixed -2, -3, ... until no row of `queryset` has it."""
    root = slugify(base)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=root).values_list("slug", flat=True))
    slug, counter = root, 2
    while slug in taken:
        slug, counter = f"{root}-{counter}", counter + 1
    return slug


# A slug the URL is reversed with once, then replaced: one no route's fixed text contains.
_SLOT = "zq-slug-slot-qz"


@functools.lru_cache(maxsize=64)
def _url_pattern(route: str, script_prefix: str, urlconf) -> str:
    return reverse(route, kwargs={"slug": _SLOT}, urlconf=urlconf)


def slug_url(route: str, slug: str) -> str:
    """reverse(route, kwargs={"slug": slug}), reversing each route once per prefix and URLconf
    rather than once per link: a list page draws a hundred or more topic, byline and source
    links, and Django's reverse() was a tenth of its time."""
    if not slug or not _SLUG.fullmatch(slug):
        return reverse(route, kwargs={"slug": slug})  # the converter's own error for a bad slug
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _url_pattern(route, get_script_prefix(), urlconf).replace(_SLOT, slug, 1)
