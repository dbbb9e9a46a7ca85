"""The Redis cache, failing open: when Redis is down or hung the site keeps serving, uncached.

Django's RedisCache raises on a connection error, which turns a cache outage into a site outage
(the API's throttles read the cache on every request). Here every error is logged and treated as
a miss (reads return the default, writes do nothing).

A Redis that accepts connections but does not answer (stopped, swapping, wedged) is worse than
one that is down: each call waits for its socket timeout, and a request makes several. So the
timeouts are short, and a circuit breaker, one per process and Redis, skips the cache for a few
seconds after a connection error or timeout; then one call probes Redis again, and a success
closes the breaker. A hung Redis costs each process one timeout per breaker window.

redis-py drops a connection whose command timed out (its reply may still arrive), so no later
call reads a stale answer; a fresh connection is made on the next call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Seconds. Redis answers in well under a millisecond on a healthy network; a request should
# not wait longer than this for a cache that is not there. settings.py sets them from
# REDIS_TIMEOUT_MS and CACHE_BREAKER_SECONDS.
CONNECT_TIMEOUT = 0.1
READ_TIMEOUT = 0.1
BREAKER_SECONDS = 5.0

# Errors that say Redis is unreachable or not answering. Any other RedisError (a full Redis
# refusing writes, a wrong type) came from a Redis that answered: a miss, not an outage.
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class CircuitBreaker:
    """Closed: calls go through. Open: calls are skipped until `seconds` after the last failure;
    then one call at a time probes, and its success closes the breaker."""

    clock = staticmethod(time.monotonic)

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._probing = False

    def allow(self) -> bool:
        if self._open_until is None:
            return True  # closed: no lock on the path every cache call takes
        with self._lock:
            if self._open_until is None:
                return True
            if self._probing or self.clock() < self._open_until:
                return False
            self._probing = True
            return True

    def failed(self) -> bool:
        """Open (again) for `seconds`; True if it was closed."""
        with self._lock:
            was_closed = self._open_until is None
            self._open_until = self.clock() + self.seconds
            self._probing = False
            return was_closed

    def succeeded(self) -> bool:
        """Close; True if it was open."""
        if self._open_until is None:
            return False
        with self._lock:
            was_open = self._open_until is not None
            self._open_until = None
            self._probing = False
            return was_open


# Django makes a cache object per thread; the breaker is per process, per Redis.
_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(servers, seconds: float) -> CircuitBreaker:
    key = (tuple(servers), seconds)
    with _breakers_lock:
        return _breakers.setdefault(key, CircuitBreaker(seconds))


class FailOpenRedisCache(RedisCache):
    """RedisCache whose errors are misses and no-ops, with short socket timeouts and a circuit
    breaker (OPTIONS: socket_connect_timeout, socket_timeout, breaker_seconds)."""

    def __init__(self, server, params):
        # A copy: the OPTIONS dict is the settings' own, shared by every thread's cache object.
        options = dict(params.get("OPTIONS") or {})
        breaker_seconds = float(options.pop("breaker_seconds", BREAKER_SECONDS))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", READ_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = _breaker_for(self._servers, breaker_seconds)
        self._erring = False

    def _safely(self, operation: str, fallback, method, *args):
        if not self.breaker.allow():
            return fallback
        try:
            result = method(*args)
        except _UNAVAILABLE as exc:
            # One warning per outage per process, not one per request or probe.
            if self.breaker.failed():
                logger.warning(
                    "Cache unavailable, serving uncached, retrying every %g s (%s: %s)",
                    self.breaker.seconds,
                    operation,
                    exc,
                )
            return fallback
        except RedisError as exc:
            self._answered()
            if not self._erring:
                self._erring = True
                logger.warning("Cache error, treated as a miss (%s: %s)", operation, exc)
            return fallback
        except BaseException:
            # Redis answered, or never got asked (incr of a missing key): not an outage, and a
            # probe must not leave the breaker waiting for it.
            self._answered()
            raise
        self._answered()
        self._erring = False
        return result

    def _answered(self) -> None:
        if self.breaker.succeeded():
            logger.warning("Cache available again")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._safely("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._safely("incr", None, super().incr, key, delta, version)
        if result is None:
            # What the cache API says for a key that is not there.
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # set_many returns the keys it could not store: all of them.
        return self._safely("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._safely("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._safely("clear", False, super().clear)
