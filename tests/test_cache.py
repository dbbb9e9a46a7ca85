"""The Redis cache fails open: with Redis down or hung the site and API keep serving, a hung
Redis costs a process one short timeout per breaker window, and caching resumes by itself when
Redis is back."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from newsroom.cache import FailOpenRedisCache
from tests.api import client_for, full_article, user
from tests.test_settings import _settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _redis_cache(settings, url: str, **options):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsroom-test",
            "OPTIONS": options,
        }
    }
    return caches["default"]


class HungRedis:
    """A TCP server on 127.0.0.1 that accepts connections and reads commands but, until
    `answer()`, never replies: a Redis process that is stopped, swapping or wedged.

    Once answering it speaks just enough RESP for the handshake, GET and SET, and
    replies to the commands it held back too, on whatever connection they came in on."""

    def __init__(self, values: dict[str, bytes] | None = None):
        self.values = dict(values or {})
        self.out_of_memory = False
        self._answering = threading.Event()
        self._lock = threading.Lock()
        self._peers: list[int] = []  # client ports, in the order accepted
        self._own: set[int] = set()
        self._connections: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def answer(self) -> None:
        self._answering.set()

    def hang(self) -> None:
        self._answering.clear()

    def connections(self) -> int:
        """Client connections accepted so far. Counted once a connection of our own, made now,
        has come through the accept queue: every earlier one has then been accepted too."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as own:
            port = own.getsockname()[1]
            with self._lock:
                self._own.add(port)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                with self._lock:
                    if port in self._peers:
                        earlier = self._peers[: self._peers.index(port)]
                        return sum(1 for peer in earlier if peer not in self._own)
                time.sleep(0.005)
        raise AssertionError("the fake Redis stopped accepting connections")

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                connection.close()

    def _accept(self) -> None:
        while True:
            try:
                connection, (_, port) = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._peers.append(port)
                self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        stream = connection.makefile("rb")
        try:
            while command := self._read_command(stream):
                self._answering.wait()
                connection.sendall(self._reply(command))
        except (OSError, ValueError):
            pass

    @staticmethod
    def _read_command(stream) -> list[bytes] | None:
        header = stream.readline()
        if not header:
            return None
        command = []
        for _ in range(int(header[1:])):
            length = int(stream.readline()[1:])
            command.append(stream.read(length + 2)[:-2])
        return command

    def _reply(self, command: list[bytes]) -> bytes:
        name = command[0].upper()
        if name == b"HELLO":  # redis-py 8 speaks RESP3
            return b"%1\r\n+proto\r\n:3\r\n"
        if name == b"GET":
            value = self.values.get(command[1].decode())
            return b"$-1\r\n" if value is None else b"$%d\r\n%s\r\n" % (len(value), value)
        if name == b"SET":
            if self.out_of_memory:
                return b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"
            self.values[command[1].decode()] = command[2]
        return b"+OK\r\n"


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


def test_a_cache_that_cannot_connect_misses_and_ignores_writes(settings):
    cache = _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")
    assert isinstance(cache, FailOpenRedisCache)

    started = time.monotonic()
    assert cache.get("key", "default") == "default"
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.get_many(["key", "other"]) == {}
    assert cache.set_many({"key": 1, "other": 2}) == ["key", "other"]
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    cache.clear()
    assert time.monotonic() - started < 2


def test_a_request_against_a_hung_redis_waits_for_one_short_timeout(settings, hung_redis):
    cache = _redis_cache(settings, hung_redis.url)

    started = time.monotonic()
    # What an anonymous page view asks of the cache: the page, its tags' generations, then
    # storing both.
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["tag-a", "tag-b"]) == {}
    assert cache.set_many({"tag-a": 1, "tag-b": 2}) == ["tag-a", "tag-b"]
    assert cache.set("page", "content") is None
    assert time.monotonic() - started < 1


def test_after_a_failure_the_cache_is_skipped_without_touching_the_network(settings, hung_redis):
    cache = _redis_cache(settings, hung_redis.url)
    assert cache.get("key", "default") == "default"
    assert hung_redis.connections() == 1

    for _ in range(5):
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["key"]) == {}
        assert cache.set("key", "value") is None
        assert cache.add("key", "value") is False
        with pytest.raises(ValueError, match="not found"):
            cache.incr("counter")
    assert hung_redis.connections() == 1


def test_after_the_window_one_call_probes_redis_and_a_success_closes_the_breaker(
    settings, hung_redis, monkeypatch
):
    cache = _redis_cache(settings, hung_redis.url, breaker_seconds=30)
    hung_redis.values.update({cache.make_key("first"): b"1", cache.make_key("second"): b"2"})
    hung_redis.answer()
    assert cache.get("first") == 1
    hung_redis.hang()
    assert cache.get("first") is None
    assert cache.get("second") is None
    assert hung_redis.connections() == 1

    opened = time.monotonic()
    monkeypatch.setattr(cache.breaker, "clock", lambda: opened + 31)
    assert cache.get("second") is None  # the probe: still hung, so open again
    assert cache.get("second") is None
    assert hung_redis.connections() == 2

    hung_redis.answer()
    monkeypatch.setattr(cache.breaker, "clock", lambda: opened + 62)
    # On a new connection: the one whose GET timed out was dropped, so the late answer to it
    # (1) is never read as this one's.
    assert cache.get("second") == 2
    assert hung_redis.connections() == 3
    # Closed again: calls go to Redis, on that connection.
    assert cache.set("third", 3) is None
    assert cache.get("third") == 3
    assert hung_redis.values[cache.make_key("third")] == b"3"
    assert hung_redis.connections() == 3


def test_the_breaker_is_per_process_and_lets_one_probe_through_at_a_time(
    settings, hung_redis, monkeypatch
):
    cache = _redis_cache(settings, hung_redis.url)
    assert cache.get("key", "default") == "default"
    later = time.monotonic() + 60
    monkeypatch.setattr(cache.breaker, "clock", lambda: later)

    # Each thread has its own cache object and connection pool, and all share one breaker.
    start = threading.Barrier(8)
    results = []

    def read():
        start.wait()
        results.append(caches["default"].get("key", "default"))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert results == ["default"] * 8
    assert hung_redis.connections() == 2


def test_a_redis_that_answers_with_an_error_is_a_miss_not_an_outage(settings, hung_redis):
    cache = _redis_cache(settings, hung_redis.url)
    hung_redis.values[cache.make_key("key")] = b"7"
    hung_redis.answer()
    hung_redis.out_of_memory = True

    assert cache.set("other", 1) is None
    assert cache.get("key") == 7


def test_the_timeouts_and_the_breaker_window_come_from_the_environment():
    redis = {"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/1"}
    defaults = _settings("CACHES", **redis)["CACHES"]["default"]["OPTIONS"]
    tuned = _settings("CACHES", **redis, REDIS_TIMEOUT_MS="250", CACHE_BREAKER_SECONDS="9")

    assert defaults == {
        "socket_connect_timeout": 0.1,
        "socket_timeout": 0.1,
        "breaker_seconds": 5,
    }
    assert tuned["CACHES"]["default"]["OPTIONS"] == {
        "socket_connect_timeout": 0.25,
        "socket_timeout": 0.25,
        "breaker_seconds": 9,
    }


@pytest.mark.django_db
def test_pages_and_api_keep_serving_with_redis_down(settings):
    _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")
    article = full_article()
    editor = client_for(user("editor"))

    for url in [
        reverse("articles:index"),
        article.get_absolute_url(),
        reverse("articles:topics"),
        reverse("articles:search") + "?q=headline",
        reverse("healthz"),
    ]:
        assert client_for().get(url).status_code == 200, url
    # The API's throttles read and write the cache on every request.
    assert client_for().get("/api/v1/articles/").status_code == 200
    assert client_for().get(f"/api/v1/articles/{article.slug}/").status_code == 200
    response = editor.patch(
        f"/api/v1/articles/{article.slug}/",
        {"dek": "Changed with the cache down."},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.dek == "Changed with the cache down."


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_caching_resumes_when_redis_comes_back(settings, tmp_path, monkeypatch):
    port = _free_port()
    cache = _redis_cache(settings, f"redis://127.0.0.1:{port}/0")
    assert cache.set("key", "before") is None
    assert cache.get("key") is None

    options = {"bind": "127.0.0.1", "port": port, "save": "", "appendonly": "no", "dir": tmp_path}
    server = subprocess.Popen(  # noqa: S603 (a throwaway Redis of our own, on loopback)
        [shutil.which("redis-server")]
        + [part for name, value in options.items() for part in (f"--{name}", str(value))],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _listening(port):
                break
            time.sleep(0.1)
        # The failures above opened the breaker; past its window, the next call finds Redis.
        later = time.monotonic() + 60
        monkeypatch.setattr(cache.breaker, "clock", lambda: later)
        cache.set("key", "after")
        assert cache.get("key") == "after"
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert cache.get("key", "gone") == "gone"


@pytest.mark.skipif(not _listening(6379), reason="no Redis on 127.0.0.1:6379")
def test_the_real_redis_stores_and_returns_values(settings):
    cache = _redis_cache(settings, "redis://127.0.0.1:6379/3")
    cache.set("fail-open-probe", {"answer": 42}, 30)

    assert cache.get("fail-open-probe") == {"answer": 42}
    assert cache.get_many(["fail-open-probe"]) == {"fail-open-probe": {"answer": 42}}
    cache.delete("fail-open-probe")
    assert cache.get("fail-open-probe") is None
