"""Sign-in throttling: after repeated failures, an account (and separately an address) must
wait before trying again. Counts live in the shared cache, so every app server agrees."""

import hashlib

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


def _keys(request, username: str) -> list[tuple[str, int]]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return [
        (f"login-failures:account:{account}", MAX_FAILURES_PER_ACCOUNT),
        (f"login-failures:address:{address}", MAX_FAILURES_PER_ADDRESS),
    ]


def refusal(request, username: str) -> str | None:
    """Why this sign-in attempt must wait, or None when it may go ahead."""
    for key, limit in _keys(request, username):
        if (cache.get(key) or 0) >= limit:
            what = "this account" if ":account:" in key else "your network address"
            minutes = WINDOW_SECONDS // 60
            return (
                f"Too many failed sign-ins for {what}. Wait {minutes} minutes and try again, "
                "or ask an administrator to reset your password."
            )
    return None


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    for key, _limit in _keys(request, credentials.get("username", "")):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


@receiver(user_logged_in)
def _forget_account_failures(sender, request, user, **kwargs):
    account_key, _ = _keys(request, user.get_username())[0]
    cache.delete(account_key)
