"""
The soak: gunicorn under production settings on loopback, readers and editors at it, Redis
hung, and PostgreSQL and Redis taken away mid-run.

    .venv/bin/python bench/soak.py [--duration 60]

It builds a scratch database (newsroom_soak), seeds it, starts gunicorn (2 sync workers) with
DEBUG off, drives readers (home, article, topic, search, API list and detail) and editors saving
through the API with If-Match, hangs Redis (SIGSTOP: it accepts connections but never answers)
from a fifth of the way in to two fifths, restarts PostgreSQL half way, stops Redis at 0.65 and
starts it again at 0.8. Then it reports requests, errors by status, latency percentiles (readers'
p95 while Redis hung next to their healthy p95, before any fault) and what became of every
editor write, and exits non-zero on any 5xx or failed connection outside the database outage
(plus a short grace), a reader p95 while Redis hung above hang_p95_limit(), any acknowledged write
missing from the article's revision history or recorded twice, a gap in the version numbers, or
a cache that did not come back. PostgreSQL and Redis are left running (and Redis resumed)
whatever happens.

Loopback only, bounded in time, no dependency beyond the project's own.
"""

import argparse
import atexit
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PG = {"host": HOST, "port": "5432", "user": "postgres"}
DATABASE = "newsroom_soak"
REDIS_PORT = 6379
REDIS_DB = 2
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", str(REDIS_PORT),
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
# A request failing this long after PostgreSQL answers again still counts as the outage's.
GRACE = 2.0
# When the faults start and end, as fractions of the run. Before the first is the healthy phase.
REDIS_HANG = (0.2, 0.4)
PG_RESTART = 0.5
REDIS_DOWN = (0.65, 0.8)
# The app's cache breaker window for the soak: shorter than production's 5 s so that even CI's
# 25 s run sees workers probe the hung Redis (and pay the timeout) several times, and caching
# come back after Redis does well before the run ends. More probes only make the hang costlier.
BREAKER_SECONDS = 2
EDITORS_PER_ARTICLE = 2

SEED = """
import sys
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import Article, Contributor, Credit
from sections.models import Section
from tests.factories import UserFactory

articles, editors = int(sys.argv[1]), int(sys.argv[2])
desk = UserFactory(username="soak-desk", is_staff=True)
desk.groups.add(Group.objects.get(name="Editor"))
for number in range(editors):
    person = UserFactory(username=f"soak-editor-{number}", is_staff=True)
    person.groups.add(Group.objects.get(name="Editor"))
reporter = Contributor.objects.create(name="Soak Reporter", slug="soak-reporter")
topics = ["Immigration", "Courts", "Cities", "Weather", "Markets"]
# A story needs a primary section to publish once the newsroom has sections (the seed has).
section = Section.objects.order_by("pk").first()
for number in range(articles):
    article = workflow.save_article(
        article=Article(
            headline=f"Soak story {number}: council weighs subpoena response",
            slug=f"soak-story-{number}",
            dek=f"Standfirst {number}.",
            section=section,
            body="\\n\\n".join(f"Paragraph {p} of soak story {number} on subpoenas."
                               for p in range(12)),
        ),
        by=desk,
    )
    Credit.objects.create(article=article, contributor=reporter)
    article.topics.add(topics[number % len(topics)])
    workflow.transition(article=article, name="publish", by=desk,
                        at=timezone.now() - timedelta(minutes=number))
print("seeded", articles, "articles and", editors, "editors")
"""

HISTORY = """
import json, sys
from reversion.models import Version
from articles.models import Article

result = {}
for slug in sys.argv[1:]:
    article = Article.objects.get(slug=slug)
    rows = []
    for version in Version.objects.get_for_object(article).order_by("revision_id"):
        fields = json.loads(version.serialized_data)[0]["fields"]
        rows.append([fields["version"], fields["dek"]])
    result[slug] = {"final": article.version, "history": rows}
print(json.dumps(result))
"""


@dataclass
class Sample:
    started: float
    ended: float
    kind: str
    status: int  # 0: no response (refused, reset, timed out)


@dataclass
class Edit:
    editor: int
    number: int
    text: str
    status: int = 0
    version: int | None = None


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    outages: list[tuple[float, float]] = field(default_factory=list)
    redis_down: tuple[float, float] | None = None
    redis_hung: tuple[float, float] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def note(self, message: str) -> None:
        moment = time.monotonic()
        with self.lock:
            self.events.append((moment, message))
        print(f"  {message}", flush=True)


# --- Services --------------------------------------------------------------------------------


def sh(*command: str, check: bool = True, env=None, timeout: float = 300, quiet: bool = False):
    result = subprocess.run(  # noqa: S603 (fixed local commands)
        list(command), capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}... failed: {result.stderr.strip()[-2000:]}")
    if not quiet and result.stdout.strip():
        print("  " + result.stdout.strip().replace("\n", "\n  "), flush=True)
    return result


def pg_cluster() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ready() -> bool:
    return sh("pg_isready", "-q", "-h", HOST, "-p", PG["port"], check=False).returncode == 0


def redis_ready() -> bool:
    result = sh("redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "ping", check=False, quiet=True)
    return result.stdout.strip() == "PONG"


def redis_pid() -> int | None:
    """The pid of the Redis serving REDIS_PORT, from Redis itself (whoever started it)."""
    result = sh("redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "info", "server", check=False,
                quiet=True, timeout=10)  # fmt: skip
    for line in result.stdout.splitlines():
        name, _, value = line.strip().partition(":")
        if name == "process_id" and value.isdigit():
            return int(value)
    return None


# The Redis this run stopped, and the watchdog that resumes it even if the soak is killed.
_paused: dict = {}


def pause_redis(pid: int, seconds: float) -> None:
    watchdog = subprocess.Popen(  # noqa: S603 (fixed local command)
        ["/bin/sh", "-c", f"sleep {seconds:.0f}; kill -CONT {pid}"],
        start_new_session=True,  # outlives the soak, so SIGKILL cannot leave Redis stopped
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _paused.update(pid=pid, watchdog=watchdog)
    os.kill(pid, signal.SIGSTOP)


def resume_redis() -> None:
    """SIGCONT the Redis this run stopped, if any; safe to call any number of times."""
    pid, watchdog = _paused.pop("pid", None), _paused.pop("watchdog", None)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    if watchdog is not None:
        # Its own process group (start_new_session): the shell and its sleep both.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(watchdog.pid, signal.SIGTERM)
        watchdog.wait(timeout=5)


def wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def ensure_services() -> None:
    """PostgreSQL and Redis up, whatever state a run left them in."""
    resume_redis()
    if not pg_ready():
        sh(
            "pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", "start",
            check=False,
        )  # fmt: skip
        wait_for(pg_ready, 60)
    if not redis_ready():
        os.makedirs("/var/lib/redis", exist_ok=True)
        os.makedirs("/var/log/redis", exist_ok=True)
        sh(*REDIS_START, check=False)
        wait_for(redis_ready, 30)


def psql(sql: str) -> None:
    sh(
        "psql", "--no-psqlrc", "--quiet", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"],
        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --- HTTP ------------------------------------------------------------------------------------


def request(port, method, path, *, body=None, headers=None, timeout=10.0):
    """(status, headers, body); status 0 when there was no answer."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        sent = {"Host": HOST, **(headers or {})}
        if payload is not None:
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException):
        return 0, {}, b""
    finally:
        connection.close()


def reader(run: Run, port: int, paths: list[tuple[str, str]], seed: int) -> None:
    chooser = random.Random(seed)  # noqa: S311 (load mix, not security)
    while not run.stop.is_set():
        kind, path = chooser.choice(paths)
        started = time.monotonic()
        status, _, _ = request(port, "GET", path)
        run.record(Sample(started, time.monotonic(), kind, status))


def editor(run: Run, port: int, number: int, token: str, slug: str) -> None:
    auth = {"Authorization": f"Token {token}", "Accept": "application/json"}
    path = f"/api/v1/articles/{slug}/"
    sequence = 0
    while not run.stop.is_set():
        started = time.monotonic()
        status, headers, _ = request(port, "GET", path, headers=auth)
        run.record(Sample(started, time.monotonic(), "editor read", status))
        if status != 200:
            time.sleep(0.2)
            continue
        sequence += 1
        edit = Edit(number, sequence, f"soak editor {number} edit {sequence}")
        started = time.monotonic()
        status, headers, _ = request(
            port, "PATCH", path, body={"dek": edit.text},
            headers={**auth, "If-Match": headers.get("ETag", "")},
        )  # fmt: skip
        run.record(Sample(started, time.monotonic(), "editor write", status))
        edit.status = status
        if status == 200:
            edit.version = int(headers["ETag"].strip('"'))
        with run.lock:
            run.edits.append(edit)
        time.sleep(0.05)


# --- Faults ----------------------------------------------------------------------------------


def faults(run: Run, started: float, duration: float) -> None:
    def at(fraction: float) -> bool:
        delay = started + duration * fraction - time.monotonic()
        return not run.stop.wait(max(0.0, delay))

    if at(REDIS_HANG[0]):
        pid = redis_pid()
        if pid is None:
            run.note("Redis pid not found: no hang")
        else:
            run.note(f"hanging Redis (SIGSTOP {pid})")
            hung = time.monotonic()
            try:
                pause_redis(pid, duration * (REDIS_HANG[1] - REDIS_HANG[0]) + 30)
                at(REDIS_HANG[1])
            finally:
                resume_redis()
                run.redis_hung = (hung, time.monotonic())
            run.note(f"Redis resumed after {run.redis_hung[1] - hung:.1f} s")
    if at(PG_RESTART):
        run.note("restarting PostgreSQL")
        down = time.monotonic()
        sh("pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", "restart")
        wait_for(pg_ready, 60)
        up = time.monotonic()
        run.outages.append((down, up))
        run.note(f"PostgreSQL answering again after {up - down:.1f} s")
    if at(REDIS_DOWN[0]):
        run.note("stopping Redis")
        down = time.monotonic()
        sh("redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "shutdown", "nosave", check=False)
        wait_for(lambda: not redis_ready(), 10)
    else:
        return
    if at(REDIS_DOWN[1]):
        sh(*REDIS_START)
        wait_for(redis_ready, 30)
        run.redis_down = (down, time.monotonic())
        run.note("Redis started again")


# --- Report ----------------------------------------------------------------------------------


def hang_p95_limit(healthy_p95_ms: float) -> float:
    """The most the readers' p95 may be while Redis hangs: the issue's 3x the healthy p95, but
    never less than healthy + 300 ms. On loopback a healthy p95 is tens of milliseconds, mostly
    page cache hits, and 3x that is less than what a hang costs by design: each worker waits out
    one 100 ms timeout per breaker window, the readers queued behind that sync worker wait with
    it, and every page is rendered uncached until the breaker closes again."""
    return max(3 * healthy_p95_ms, healthy_p95_ms + 300)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def check_writes(run: Run, histories: dict, assignments: dict[int, str]) -> dict:
    acknowledged = [edit for edit in run.edits if edit.status == 200]
    refused = [edit for edit in run.edits if edit.status == 412]
    unanswered = [edit for edit in run.edits if edit.status not in {200, 412}]
    lost, duplicated, wrong_version, gaps = [], [], [], []
    for slug, record in histories.items():
        versions = [version for version, _ in record["history"]]
        if versions != list(range(versions[0], versions[0] + len(versions))):
            gaps.append(slug)
        if versions[-1] != record["final"]:
            gaps.append(f"{slug}: history ends at {versions[-1]}, article at {record['final']}")
        texts = Counter(dek for _, dek in record["history"])
        duplicated += [text for text, count in texts.items() if count > 1 and "edit" in text]
        by_text = {dek: version for version, dek in record["history"]}
        for edit in acknowledged:
            if assignments[edit.editor] != slug:
                continue
            if edit.text not in by_text:
                lost.append(edit.text)
            elif by_text[edit.text] != edit.version:
                wrong_version.append(edit.text)
    applied_unanswered = sum(
        1
        for edit in unanswered
        if any(edit.text == dek for r in histories.values() for _, dek in r["history"])
    )
    return {
        "attempted": len(run.edits),
        "acknowledged": len(acknowledged),
        "refused_stale_412": len(refused),
        "unanswered": len(unanswered),
        "unanswered_but_applied": applied_unanswered,
        "lost": lost,
        "duplicated": duplicated,
        "wrong_version": wrong_version,
        "version_gaps": gaps,
    }


def report(
    run: Run, started: float, run_duration: float, histories: dict, assignments, cache_keys: int
) -> int:
    windows = [(down, up + GRACE) for down, up in run.outages]

    def in_outage(sample: Sample) -> bool:
        return any(sample.started <= end and sample.ended >= start for start, end in windows)

    statuses = Counter(sample.status for sample in run.samples)
    latencies = [(s.ended - s.started) * 1000 for s in run.samples if s.status]
    failures = [s for s in run.samples if s.status == 0 or s.status >= 500]
    outside = [s for s in failures if not in_outage(s)]
    inside = [s for s in failures if in_outage(s)]
    after = [s for s in run.samples if run.outages and s.started > run.outages[-1][1] + GRACE]
    redis_samples = [
        s
        for s in run.samples
        if run.redis_down and run.redis_down[0] <= s.started <= run.redis_down[1]
    ]
    # Healthy: readers before the first fault. Hung: readers with a request in flight while
    # Redis was stopped (or within the grace after, for failures).
    first_fault = started + run_duration * REDIS_HANG[0]
    readers = [s for s in run.samples if s.kind not in {"editor read", "editor write"}]
    healthy = [s for s in readers if s.ended < first_fault]
    hung = hung_failures = []
    hung_seconds = run.redis_hung[1] - run.redis_hung[0] if run.redis_hung else 0.0
    if run.redis_hung:
        stopped, resumed = run.redis_hung
        hung = [s for s in readers if s.started <= resumed and s.ended >= stopped]
        hung_failures = [
            s
            for s in run.samples
            if (s.status == 0 or s.status >= 500)
            and s.started <= resumed + GRACE
            and s.ended >= stopped
        ]
    # Redis down, for comparison: the hang can do no better than that (every page uncached).
    down = [s for s in readers if run.redis_down and s.started <= run.redis_down[1]
            and s.ended >= run.redis_down[0]]  # fmt: skip
    down_seconds = run.redis_down[1] - run.redis_down[0] if run.redis_down else 0.0

    def p95(samples: list[Sample]) -> float:
        return percentile([(s.ended - s.started) * 1000 for s in samples if s.status], 0.95)

    def per_second(samples: list[Sample], seconds: float) -> float:
        return round(len(samples) / seconds, 1) if seconds > 0 else 0

    healthy_p95, hung_p95 = p95(healthy), p95(hung)
    limit = hang_p95_limit(healthy_p95)
    writes = check_writes(run, histories, assignments)
    summary = {
        "duration_s": round(time.monotonic() - started, 1),
        "requests": len(run.samples),
        "requests_per_s": round(len(run.samples) / max(1e-9, time.monotonic() - started), 1),
        "by_status": {str(k): v for k, v in sorted(statuses.items())},
        "by_kind": dict(Counter(s.kind for s in run.samples)),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0), 1),
            "mean": round(statistics.fmean(latencies), 1) if latencies else 0,
        },
        "db_outage_s": [round(up - down, 2) for down, up in run.outages],
        "failures_in_db_outage": dict(Counter(s.status for s in inside)),
        "failures_outside_db_outage": dict(Counter(s.status for s in outside)),
        "ok_after_db_outage": sum(1 for s in after if s.status and s.status < 500),
        "requests_while_redis_down": dict(Counter(s.status for s in redis_samples)),
        "redis_hung_s": round(hung_seconds, 2),
        "reader_p95_ms": {
            "healthy": round(healthy_p95, 1),
            "redis_hung": round(hung_p95, 1),
            "redis_hung_limit": round(limit, 1),
            "redis_down": round(p95(down), 1),
        },
        "reader_requests_per_s": {
            "healthy": per_second(healthy, first_fault - started),
            "redis_hung": per_second(hung, hung_seconds),
            "redis_down": per_second(down, down_seconds),
        },
        "failures_while_redis_hung": dict(Counter(s.status for s in hung_failures)),
        "cache_keys_after_redis_returned": cache_keys,
        "editor_writes": writes,
    }
    print(json.dumps(summary, indent=2))
    problems = []
    if outside:
        problems.append(f"{len(outside)} failed requests outside the database outage")
    if run.outages and not summary["ok_after_db_outage"]:
        problems.append("the app did not recover after PostgreSQL restarted")
    if writes["lost"] or writes["duplicated"] or writes["wrong_version"] or writes["version_gaps"]:
        problems.append("editor writes lost, duplicated or misnumbered")
    if not writes["acknowledged"]:
        problems.append("no editor write was acknowledged")
    if run.redis_down and not cache_keys:
        problems.append("nothing was cached after Redis came back")
    if not run.redis_hung:
        problems.append("Redis was never hung")
    if hung_failures:
        problems.append(f"{len(hung_failures)} failed requests while Redis hung")
    if hung_p95 > limit:
        problems.append(f"reader p95 {hung_p95:.0f} ms while Redis hung, above {limit:.0f} ms")
    for problem in problems:
        print(f"soak: FAILED: {problem}", file=sys.stderr)
    if not problems:
        print("soak: passed")
    return 1 if problems else 0


# --- Main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--readers", type=int, default=8, help="reader threads (8)")
    parser.add_argument("--editors", type=int, default=4, help="editor threads (4)")
    parser.add_argument("--articles", type=int, default=30, help="published articles (30)")
    args = parser.parse_args()
    # Whatever ends the run, Redis is resumed: SIGTERM and SIGHUP unwind through the finally
    # below like Ctrl-C; atexit covers the rest; SIGKILL is the watchdog's (pause_redis).
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))
    atexit.register(resume_redis)

    port = free_port()
    static_root = tempfile.mkdtemp(prefix="newsroom-soak-static-")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{REDIS_DB}",
        # Throttles stay on (they are the API's cache traffic) but far above the soak's rate.
        "API_ANON_RATE": "1000000/minute",
        "API_USER_RATE": "1000000/minute",
        "CACHE_BREAKER_SECONDS": str(BREAKER_SECONDS),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "STATIC_ROOT": static_root,
    }
    manage = [PYTHON, str(ROOT / "manage.py")]
    gunicorn = run = None
    log = tempfile.NamedTemporaryFile(prefix="newsroom-soak-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    try:
        print(f"soak: {args.duration:.0f} s, {args.readers} readers, {args.editors} editors")
        ensure_services()
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{DATABASE}"')
        sh(*manage, "migrate", "--noinput", "-v0", env=env)
        sh(*manage, "seed", env=env)
        seed_env = {**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
        sh(PYTHON, "-c", "import django; django.setup()\n" + SEED, str(args.articles),
           str(args.editors), env=seed_env)  # fmt: skip
        tokens = [
            sh(*manage, "issue_token", f"soak-editor-{n}", env=env, quiet=True).stdout.strip()
            for n in range(args.editors)
        ]
        # Production static files (WhiteNoise's manifest), collected outside the tree.
        sh(*manage, "collectstatic", "--noinput", "-v0", env=env)
        gunicorn = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, on loopback)
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "newsroom.wsgi",
                "--workers",
                "2",
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--chdir",
                str(ROOT),
                "--error-logfile",
                log.name,
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
        if not wait_for(lambda: request(port, "GET", "/healthz", timeout=2)[0] == 200, 60):
            raise RuntimeError(f"gunicorn did not answer on {HOST}:{port}; see {log.name}")
        print(f"soak: gunicorn on http://{HOST}:{port} (log {log.name})", flush=True)

        slugs = [f"soak-story-{n}" for n in range(args.articles)]
        topics = ["immigration", "courts", "cities", "weather", "markets"]
        paths = [("home", "/"), ("home", "/?page=2")]
        paths += [("article", f"/articles/{slug}/") for slug in slugs]
        paths += [("topic", f"/topics/{topic}/") for topic in topics]
        paths += [("search", "/search/?q=subpoena"), ("search", "/search/?q=council+weighs")]
        paths += [("api list", "/api/v1/articles/"), ("api list", "/api/v1/articles/?page=2")]
        paths += [("api detail", f"/api/v1/articles/{slug}/") for slug in slugs[:10]]
        # Two editors per article, so some writes race and are refused with 412.
        assignments = {n: slugs[n // EDITORS_PER_ARTICLE] for n in range(args.editors)}
        # Every reader path once first, so the healthy phase (the baseline for the hang) measures
        # a warm site, as production is, not the workers' first imports and an empty cache.
        with ThreadPoolExecutor(max_workers=args.readers) as pool:
            list(pool.map(lambda path: request(port, "GET", path[1]), paths))

        run = Run()
        started = time.monotonic()
        threads = [
            threading.Thread(target=reader, args=(run, port, paths, n), daemon=True)
            for n in range(args.readers)
        ]
        threads += [
            threading.Thread(
                target=editor, args=(run, port, n, tokens[n], assignments[n]), daemon=True
            )
            for n in range(args.editors)
        ]
        fault_thread = threading.Thread(target=faults, args=(run, started, args.duration))
        for thread in [*threads, fault_thread]:
            thread.start()
        run.stop.wait(args.duration)
        run.stop.set()
        for thread in [*threads, fault_thread]:
            thread.join(timeout=60)
        ensure_services()

        history = sh(PYTHON, "-c", "import django; django.setup()\n" + HISTORY,
                     *sorted(set(assignments.values())), env=seed_env, quiet=True)  # fmt: skip
        histories = json.loads(history.stdout.strip().splitlines()[-1])
        keys = sh("redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "-n", str(REDIS_DB), "dbsize",
                  quiet=True, check=False)  # fmt: skip
        cache_keys = int(keys.stdout.strip() or 0) if keys.returncode == 0 else 0
        return report(run, started, args.duration, histories, assignments, cache_keys)
    finally:
        if run is not None:
            run.stop.set()  # a signal or an error: the fault thread stops at its next step
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        ensure_services()
        if pg_ready():
            psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
