"""Who has an article open in the desk: a soft notice, never a lock a holiday could leave stuck.

Each open change form reports in when it loads and then every minute; an editor counts as
present for a few minutes after their last report.
"""

import time

from django.core.cache import cache

PRESENT_FOR_SECONDS = 180


def _key(article_id: int) -> str:
    return f"presence:article:{article_id}"


def mark_present(*, article_id: int, user) -> None:
    now = time.time()
    present = {
        user_id: entry
        for user_id, entry in cache.get(_key(article_id), {}).items()
        if now - entry["seen"] < PRESENT_FOR_SECONDS
    }
    present[user.pk] = {"name": user.get_full_name() or user.get_username(), "seen": now}
    cache.set(_key(article_id), present, PRESENT_FOR_SECONDS)


def others_present(*, article_id: int, user) -> list[str]:
    """Names of the other people who have this article open, most recent first."""
    now = time.time()
    entries = [
        entry
        for user_id, entry in cache.get(_key(article_id), {}).items()
        if user_id != user.pk and now - entry["seen"] < PRESENT_FOR_SECONDS
    ]
    return [entry["name"] for entry in sorted(entries, key=lambda e: -e["seen"])]
