"""The webhook signature: `Newsroom-Signature: t=<unix time>,v1=<hex>`, where the hex is
HMAC-SHA256 with the partner's secret over "<t>.<body>" (Stripe's scheme). The timestamp is
signed with the body, so a receiver that rejects old timestamps rejects replays too.
docs/distribution.md shows a receiver verifying it."""

import hashlib
import hmac
import time

HEADER = "Newsroom-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, body: bytes, *, at: int | None = None) -> str:
    """The header's value for `body`, signed now (or at `at`, unix seconds)."""
    stamp = int(time.time()) if at is None else at
    return f"t={stamp},v1={_digest(secret, stamp, body)}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Whether `header` signs `body` with `secret` within `tolerance` seconds of now."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        stamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - stamp) > tolerance:
        return False
    return hmac.compare_digest(_digest(secret, stamp, body), fields.get("v1", ""))


def _digest(secret: str, stamp: int, body: bytes) -> str:
    message = str(stamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
