"""Sign-in throttling, counted per (account, client address), the way trusted systems do it.

- Five wrong passwords for one account from one address: that address waits before it may try
  that account again. Nobody else is affected, so knowing an editor's username is not enough
  to lock them out.
- Past a ceiling of failures for one account from anywhere, only addresses that have not
  failed on it may still try: a right password from a clean address signs in, while a guesser
  spread over many addresses gets one guess per address per window.
- Twenty failures from one address, across any accounts: that address waits.

The address is the client's as `newsroom.clientip` finds it (behind a trusted proxy, from
`X-Forwarded-For`). The account is the username as authentication compares it: normalised
with NFKC like Django's sign-in form, so look-alike spellings (fullwidth letters) count as the
same account. Failures are rows in the database, so the throttle holds while the cache is down.
"""

import hashlib
import unicodedata
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from newsroom.clientip import client_address
from newsroom.models import LoginFailure

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 20
# Beyond this many failures for one account (from every address together), an address that
# has failed on it even once must wait.
ACCOUNT_CEILING = 30


def account_key(username: str) -> str:
    """The throttle's name for an account: what Django's sign-in form would authenticate."""
    normalised = unicodedata.normalize("NFKC", username or "").strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


def _recent():
    return LoginFailure.objects.filter(at__gte=timezone.now() - timedelta(seconds=WINDOW_SECONDS))


def refusal(request, username: str) -> str | None:
    """Why this sign-in attempt must wait, or None when it may go ahead."""
    account, address = account_key(username), client_address(request)
    counts = (
        _recent()
        .filter(Q(account=account) | Q(address=address))
        .aggregate(
            pair=Count("pk", filter=Q(account=account, address=address)),
            account=Count("pk", filter=Q(account=account)),
            address=Count("pk", filter=Q(address=address)),
        )
    )
    minutes = WINDOW_SECONDS // 60
    advice = (
        f"Wait {minutes} minutes and try again, or ask an administrator to reset your password."
    )
    if counts["pair"] >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS or (
        counts["pair"] and counts["account"] >= ACCOUNT_CEILING
    ):
        return f"Too many failed sign-ins for this account from your network address. {advice}"
    if counts["address"] >= MAX_FAILURES_PER_ADDRESS:
        return f"Too many failed sign-ins from your network address. {advice}"
    return None


def record_failure(sender, credentials, request=None, **kwargs):
    """`user_login_failed` receiver: count the failure, and forget those past the window."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - timedelta(seconds=WINDOW_SECONDS)).delete()
    LoginFailure.objects.create(
        account=account_key(credentials.get("username", "")),
        address=client_address(request) if request is not None else "",
        at=now,
    )


def forget_failures(sender, request, user, **kwargs):
    """`user_logged_in` receiver: the right password clears this address's count for it."""
    address = client_address(request) if request is not None else ""
    LoginFailure.objects.filter(account=account_key(user.get_username()), address=address).delete()
