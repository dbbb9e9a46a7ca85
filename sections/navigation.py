"""The sections in the site header: the top-level sections in print, in order (`NavSection`:
pk, name, url). Read from the cache (no query on a warm page), refilled by one query on a miss,
and forgotten whenever a section changes, a story with a section is saved, or the public lists are
invalidated; NAV_SECONDS bounds how long a scheduled story's section can wait to appear."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from newsroom.prepared import Prepared
from sections.models import Section


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


NAV_KEY = "sections:nav"
NAV_SECONDS = 60


# Compiled once per process (newsroom/prepared.py): with no cache, every reader page asks.
_in_print = Prepared(
    Section,
    lambda now: Section.objects.in_print(at=now).top_level().values("pk", "name", "slug"),
)


def top_sections() -> list[NavSection]:
    entries = cache.get(NAV_KEY)
    if entries is None:
        entries = [
            NavSection(row["pk"], row["name"], Section(slug=row["slug"]).get_absolute_url())
            for row in _in_print(now=timezone.now())
        ]
        cache.set(NAV_KEY, entries, NAV_SECONDS)
    return entries


def forget() -> None:
    """Drop the cached navigation now and again once the current transaction commits (a page
    rendered in between might have read the state before it)."""
    cache.delete(NAV_KEY)
    transaction.on_commit(lambda: cache.delete(NAV_KEY), using=DEFAULT_DB_ALIAS)


def known_empty() -> None:
    """Record that there are no sections in print (an empty database), so the first page
    needs no query to know it."""
    cache.set(NAV_KEY, [], NAV_SECONDS)
