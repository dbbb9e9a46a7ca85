"""Reads from a replica, writes to the primary, when `DATABASE_REPLICA_URL` configures one.

A replica lags the primary by a little, so some reads must still go to the primary:

- reads inside a transaction on the primary (they must see that transaction's own writes);
- every read after a write in the same request, task or command;
- a writer's requests for PRIMARY_PIN_SECONDS after their write (PrimaryAfterWriteMiddleware
  sets a short-lived cookie), so an editor who saves a story sees it saved.

Without a replica there is one alias, "default", and this router changes nothing.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# [pinned, wrote]: a mutable cell per request context, so a write deep inside a view pins the
# rest of that request without passing anything around.
_state: ContextVar[list[bool] | None] = ContextVar("newsroom_primary_pin", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_seconds() -> int:
    return getattr(settings, "PRIMARY_PIN_SECONDS", 10)


def pin_to_primary(pinned: bool = True):
    """Start a context whose reads go to the primary if `pinned` (or once it writes)."""
    return _state.set([pinned, False])


def unpin(token) -> None:
    _state.reset(token)


def wrote_in_this_context() -> bool:
    state = _state.get()
    return bool(state and state[1])


class PrimaryReplicaRouter:
    """Send reads to the replica and writes (and reads that must see them) to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db not in (None, REPLICA):
            # Related objects come from where their object came from: the primary, or another
            # database altogether (a backup being restored).
            return instance._state.db
        if not replica_configured():
            return None
        state = _state.get()
        if state is not None and (state[0] or state[1]):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db not in (None, DEFAULT_DB_ALIAS, REPLICA):
            return instance._state.db  # another database altogether: not ours to route
        state = _state.get()
        if state is None:
            # Outside a request (commands, shells): pin this context for good.
            pin_to_primary()
            state = _state.get()
        state[1] = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary and is never migrated; other databases (a scratch one
        # a backup is restored into) are Django's business as usual.
        return False if db == REPLICA else None


class PrimaryAfterWriteMiddleware:
    """A writer's next requests, for PRIMARY_PIN_SECONDS, read the primary, so they see their
    own change however far the replica lags (a short-lived cookie carries the pin)."""

    COOKIE = "primary_pin"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = pin_to_primary(self.COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
            if wrote_in_this_context() and replica_configured():
                response.set_cookie(
                    self.COOKIE,
                    "1",
                    max_age=pin_seconds(),
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
        finally:
            unpin(token)
