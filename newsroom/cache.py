"""The Redis cache, failing open: when Redis is down the site keeps serving, uncached.

Django's RedisCache raises on a connection error, which turns a cache outage into a site outage
(the API's throttles read the cache on every request). Here every error is logged and treated as
a miss (reads return the default, writes do nothing); caching resumes by itself when Redis
answers again, because each call takes a fresh connection from the pool.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds. Redis answers in well under a millisecond on a healthy network; a request should
# not wait longer than this for a cache that is not there.
CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 0.5


class FailOpenRedisCache(RedisCache):
    """RedisCache whose errors are misses and no-ops, with short socket timeouts."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", READ_TIMEOUT)
        super().__init__(server, params)
        self._failing = False

    def _safely(self, operation: str, fallback, method, *args):
        try:
            result = method(*args)
        except RedisError as exc:
            # One warning per outage per process, not one per request.
            if not self._failing:
                self._failing = True
                logger.warning("Cache unavailable, serving uncached (%s: %s)", operation, exc)
            return fallback
        if self._failing:
            self._failing = False
            logger.warning("Cache available again")
        return result

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
