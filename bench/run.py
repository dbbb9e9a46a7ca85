"""
The benchmark: how fast newsroom serves, in-process and over HTTP, against Django's own limit.

    .venv/bin/python bench/run.py [--size 1k|10k|100k|N] [--duration SECONDS] [--connections N]
                                  [--no-http] [--rebuild] [--compare FILE] [--out FILE]

(`make bench BENCH_SIZE=10k` runs it.) What it does:

1. **Corpus.** A scratch PostgreSQL database per size (`newsroom_bench_<size>`; built once and
   reused while its row counts match, `--rebuild` to start over), filled with bulk_create:
   articles of 8-15 paragraphs (about 700 words), 1-3 bylines plus an editor, 3-8 topics of
   uneven popularity, 5-20 attributions over a shared pool of people, organisations and unnamed
   sources, corrections on one in ten, a few drafts and scheduled stories.
2. **In-process.** Each reader page and API read through Django's test client, cache off
   (dummy backend) and warm (local memory): median and p95 time, and the query count.
3. **HTTP.** gunicorn with production settings (DEBUG off, a generated SECRET_KEY, 2 sync
   workers, loopback), from a production install (`build/bench-venv`: the locked
   dependencies without the development extras, made on first use), driven by wrk (16
   connections, `--duration` seconds per URL), every cache off (CACHE_BACKEND=dummy), a
   page-cache miss as production has one (PAGE_CACHE_SECONDS=0, the shared cache on) and
   warm (Redis, database BENCH_REDIS_DB, default 7), and in the same run a bare Django app
   returning a fixed string with the same gunicorn settings: the limit. Requests/s, p50/p99
   latency and the ratio to the limit per URL, and the RSS of each worker after the run.

Prints a table, checks the targets of issue 7, and writes JSON (default
`artifacts/bench/bench-<size>.json`) so two runs can be compared (`--compare` prints the
ratio of each in-process median to another run's). Needs PostgreSQL on 127.0.0.1:5432 (user
postgres, trust), Redis on 127.0.0.1:6379 and `wrk` (Debian package); `make bench` installs
wrk when it can. A benchmark, not a test: CI runs it only at a tiny size, as a smoke test.
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "7"))
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
SIZES = {"tiny": 60, "1k": 1_000, "10k": 10_000, "100k": 100_000}
WORKERS = 2
# Bumped when the corpus changes shape (2: library photos, a lead image on most stories), so
# an older scratch database is rebuilt rather than measured.
CORPUS_VERSION = 2
PHOTOS = 12

# Ratio of requests/s to the same run's bare Django app: issue 19's where it sets one (the
# article page and API detail warm, every page with the cache off), issue 7's otherwise.
TARGETS = {
    "article": {"off": 0.08, "warm": 0.85},
    "home": {"off": 0.10, "warm": 0.6},
    "api-detail": {"off": 0.06, "warm": 0.85},
    "api-list": {"off": 0.03, "warm": 0.5},
}
QUERY_CAPS = {"article": 6}  # and 8 for every list
LIST_QUERY_CAP = 8
SCALE_PAGES = ("home", "topic", "source", "api-list")  # within 1.5x of 1k at 100k
# Issue 19: a search's p95 under 50 ms, a phrase search's (search-rare: a quoted phrase and a
# word, which PostgreSQL must check against each candidate's stored positions) under 100 ms.
SEARCH_P95_MS = {"search": 50.0, "search-rare": 100.0}
RSS_CAP_MIB = 90.0


# --- Environment -----------------------------------------------------------------------------


def sh(*args, env=None, check=True, quiet=False):
    result = subprocess.run(  # noqa: S603 (fixed commands, no shell)
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def base_env(database: str, static_root: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "CACHE_BACKEND", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"{PG}/{database}",
        STATIC_ROOT=static_root,
        # Kept beside the scratch databases, which reuse their photos from run to run.
        MEDIA_ROOT=str(ROOT / "artifacts" / "bench" / "media"),
        # Throttles would turn a load test into a 429 test.
        API_ANON_RATE="100000000/minute",
        API_USER_RATE="100000000/minute",
        LOG_LEVEL="WARNING",
    )
    return env


def database_exists(name: str) -> bool:
    out = sh(
        "psql", "-h", HOST, "-U", "postgres", "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608 (our own name)
    )  # fmt: skip
    return out.stdout.strip() == "1"


# --- The corpus -----------------------------------------------------------------------------

_VOCABULARY = (
    "council budget election court judge ruling immigration border police officer school "
    "teacher student hospital health vaccine climate storm flood drought energy power grid "
    "market inflation bank interest rate housing rent mayor governor senator congress bill "
    "vote protest union strike worker factory port shipping trade tariff export farm crop "
    "water river bridge road transit train airport flight safety investigation report data "
    "privacy technology company startup investor lawsuit settlement contract agency federal "
    "state city county district official spokesperson statement interview document record "
    "subpoena warrant detention release policy reform plan program funding cut increase "
    "deficit tax revenue audit fraud corruption charge trial verdict appeal sentence prison "
    "fire wildfire evacuation emergency rescue earthquake museum festival library park "
    "stadium team season coach player contract league championship doctor nurse patient "
    "research university scientist study finding risk warning forecast season harvest price"
)
WORDS = tuple(_VOCABULARY.split())
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "tor",
    "vel",
    "an",
    "dri",
    "po",
    "qua",
    "ste",
    "nu",
    "bar",
)


def _vocabulary(size: int = 8000) -> tuple[tuple[str, ...], list[float]]:
    """News text's word frequencies are Zipfian over thousands of words: the news words above
    take the common ranks, invented words the long tail; cumulative weights for rng.choices."""
    rng = random.Random(11)  # noqa: S311 (a benchmark, not cryptography)
    invented = set()
    while len(invented) < size - len(WORDS):
        invented.add("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))))
    words = WORDS + tuple(sorted(invented))
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 10)
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=n)
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(10, 22)) for _ in range(rng.randint(2, 4)))


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


def build_corpus(n: int) -> dict:
    """Fill the (migrated, empty) database with `n` articles; return what was made."""
    from django.db import connection

    from articles.models import Article, Contributor, Correction, Credit, TaggedArticle, Topic
    from articles.rendering import render_markdown
    from sources.models import Attribution, Source

    rng = random.Random(7)  # noqa: S311 (a benchmark, not cryptography)
    started = time.monotonic()
    batch = 5000

    contributors = Contributor.objects.bulk_create(
        Contributor(name=f"Reporter {i} {rng.choice(WORDS).title()}", slug=f"reporter-{i}")
        for i in range(max(20, n // 50))
    )
    topics = Topic.objects.bulk_create(
        Topic(name=f"{rng.choice(WORDS).title()} {i}", slug=f"topic-{i}")
        for i in range(max(30, n // 200))
    )
    n_sources = max(60, n // 10)
    organisations = Source.objects.bulk_create(
        Source(name=f"Organisation {i}", slug=f"organisation-{i}", kind="organization")
        for i in range(n_sources // 10)
    )
    people = []
    for i in range(n_sources - len(organisations)):
        kind = rng.choices(["person", "unnamed", "document"], weights=[7, 2, 1])[0]
        affiliated = kind == "unnamed" or rng.random() < 0.5
        people.append(
            Source(
                name=f"{kind.title()} source {i}",
                slug=f"{kind}-source-{i}",
                kind=kind,
                title=sentence(rng, 4)[:-1].lower() if kind == "person" else "",
                affiliation=rng.choice(organisations) if affiliated else None,
            )
        )
    sources = organisations + Source.objects.bulk_create(people, batch_size=batch)

    # A small library of photos (made here, as every test image is), the lead image of four
    # stories in five: what a reader page shows today.
    photos = [_library_photo(rng, index) for index in range(PHOTOS)]

    # A few hundred distinct bodies, rendered once each: rendering is what save() would do.
    bodies = []
    for _ in range(min(300, n)):
        blocks = [paragraph(rng) for _ in range(rng.randint(8, 15))]
        blocks.insert(len(blocks) // 2, "## " + sentence(rng, 4)[:-1])
        body = "\n\n".join(blocks)
        bodies.append((body, render_markdown(body), len(blocks)))

    now = datetime.now(UTC)
    articles = []
    for i in range(n):
        body, body_html, blocks = bodies[i % len(bodies)]
        status, published_at = "published", now - timedelta(minutes=30 * (i + 1))
        roll = rng.random()
        if roll < 0.02:
            status, published_at = "draft", None
        elif roll < 0.03:
            published_at = now + timedelta(days=rng.randint(1, 30))  # scheduled
        articles.append(
            Article(
                headline=f"{sentence(rng, rng.randint(6, 11))[:-1]} ({i})",
                slug=f"story-{i}",
                dek=sentence(rng, rng.randint(15, 30)),
                body=body,
                body_html=body_html,
                dateline=rng.choice(["WASHINGTON", "LONDON", "DENVER", "NAIROBI", "MANILA"]),
                provider=rng.choice(["Reuters", "AP", ""]),
                status=status,
                published_at=published_at,
                version=1,
                lead_image=photos[i % len(photos)] if i % 5 else None,
            )
        )
        articles[-1]._blocks = blocks
    blocks_of = [a._blocks for a in articles]
    articles = Article.objects.bulk_create(articles, batch_size=2000)

    topic_weights = zipf_weights(len(topics))
    source_weights = zipf_weights(len(sources))
    credits, tagged, attributions, corrections = [], [], [], []

    def flush(force=False):
        for model, rows in (
            (Credit, credits),
            (TaggedArticle, tagged),
            (Attribution, attributions),
            (Correction, corrections),
        ):
            if rows and (force or len(rows) >= batch):
                model.objects.bulk_create(rows, batch_size=batch)
                rows.clear()

    for article, blocks in zip(articles, blocks_of, strict=True):
        bylines = rng.sample(contributors, rng.choices([1, 2, 3], weights=[8, 3, 1])[0])
        for order, contributor in enumerate(bylines):
            credits.append(Credit(article=article, contributor=contributor, order=order))
        if rng.random() < 0.6:
            editor = rng.choice([c for c in contributors[:20] if c not in bylines])
            credits.append(Credit(article=article, contributor=editor, role="editing", order=9))
        chosen = set()
        while len(chosen) < rng.randint(3, 8):
            chosen.add(rng.choices(range(len(topics)), weights=topic_weights)[0])
        tagged += [TaggedArticle(content_object=article, tag=topics[t]) for t in chosen]
        for order in range(rng.randint(5, 20)):
            source = rng.choices(sources, weights=source_weights)[0]
            attributions.append(
                Attribution(
                    article=article,
                    source=source,
                    kind=rng.choice(["direct_quote", "paraphrase", "statement"]),
                    text=sentence(rng, rng.randint(8, 20)),
                    verb=rng.choice(["said", "told Reuters", "said in a statement", "wrote"]),
                    paragraph=rng.randrange(blocks),
                    order=order,
                )
            )
        if rng.random() < 0.1:
            corrections.append(
                Correction(article=article, text=sentence(rng, 14), published_at=now)
            )
        flush()
    flush(force=True)
    with connection.cursor() as cursor:
        # As after any bulk load (autovacuum would, later): merges GIN's pending list, so the
        # full-text index is usable, and refreshes the planner's statistics.
        cursor.execute("VACUUM ANALYZE")
    return {"articles": n, "seconds": round(time.monotonic() - started, 1)}


def photo_jpeg(rng: random.Random, width: int, height: int) -> bytes:
    """A photo-like JPEG: a gradient under fine noise, so encoders work as hard as on a real
    picture (a flat image would flatter every figure)."""
    import io

    from PIL import Image as PILImage

    noise = PILImage.effect_noise((width, height), 40)
    bands = [
        PILImage.blend(PILImage.linear_gradient("L").resize((width, height)), noise, 0.35),
        PILImage.blend(PILImage.radial_gradient("L").resize((width, height)), noise, 0.35),
        noise.point(lambda value: (value + rng.randrange(64)) % 256),
    ]
    out = io.BytesIO()
    PILImage.merge("RGB", bands).save(out, "JPEG", quality=90)
    return out.getvalue()


def _library_photo(rng: random.Random, index: int):
    from images import library, processing

    decoded = processing.decode(photo_jpeg(rng, 2400, 1600))
    image, _ = library.store_decoded(
        decoded,
        alt_text=f"Bench photo {index}",
        caption=sentence(rng, 12),
        credit=f"Photographer {index}/Newsroom",
    )
    return image


def time_upload(rng: random.Random, runs: int = 3) -> dict:
    """Seconds to take a 24-megapixel JPEG upload (6000 x 4000) from bytes to every rendition:
    decoding it whole, orienting, converting, and encoding each width, crop and format. A
    figure for the README, not a target."""
    from images import processing

    content = photo_jpeg(rng, 6000, 4000)
    samples, made = [], []
    for run in range(runs):
        start = time.perf_counter()
        decoded = processing.decode(content)
        made = processing.make_renditions(decoded.pixels, f"bench{run}{decoded.content_hash}")
        samples.append(time.perf_counter() - start)
        processing.delete_files(r["name"] for r in made)
    return {
        "megapixels": 24,
        "bytes": len(content),
        "renditions": len(made),
        "formats": list(processing.FORMATS),
        "median_s": round(statistics.median(samples), 2),
        "runs": runs,
    }


def prepare_database(size: str, n: int, env: dict, rebuild: bool) -> tuple[str, dict]:
    name = f"newsroom_bench_{size}"
    marker = ROOT / "artifacts" / "bench" / f".{name}.json"
    if not rebuild and database_exists(name) and marker.exists():
        made = json.loads(marker.read_text())
        if made.get("version") == CORPUS_VERSION:
            return name, {**made, "reused": True}
    sh("dropdb", "-h", HOST, "-U", "postgres", "--if-exists", "--force", name)
    sh("createdb", "-h", HOST, "-U", "postgres", name)
    sh(
        PYTHON,
        "manage.py",
        "migrate",
        "--noinput",
        "-v0",
        env={**env, "DATABASE_URL": f"{PG}/{name}"},
    )
    return name, {}


# --- In-process timings ----------------------------------------------------------------------


def pick_urls() -> dict[str, str]:
    """One representative URL for each kind of page, from the corpus."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Contributor, Topic
    from sources.models import Source

    # The story measured shows a lead photo, as most do.
    published = Article.objects.published().filter(lead_image__isnull=False)
    article = (
        published.annotate(n=Count("attributions")).filter(n__gte=10).order_by("-published_at")
    ).first() or published.first()
    topic = Topic.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    source = Source.objects.annotate(n=Count("attributions")).order_by("-n").first()
    contributor = Contributor.objects.annotate(n=Count("credits")).order_by("-n").first()
    return {
        "home": reverse("articles:index"),
        "article": article.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "source": source.get_absolute_url(),
        "contributor": contributor.get_absolute_url(),
        "search": reverse("articles:search") + "?q=budget+deficit",
        "search-rare": reverse("articles:search") + "?q=%22museum+festival%22+verdict",
        "feed": reverse("articles:feed_rss"),
        "sitemap": reverse("sitemap"),
        "sitemap-page": reverse("sitemap_section", kwargs={"section": "articles"}),
        "news-sitemap": reverse("news_sitemap"),
        "api-list": reverse("api:article-list"),
        "api-detail": reverse("api:article-detail", kwargs={"slug": article.slug}),
    }


def time_in_process(urls: dict[str, str], *, seconds: float) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    modes = {
        "off": {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}},
        "warm": {
            "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        },
    }
    for mode, overrides in modes.items():
        with override_settings(**overrides):
            cache.clear()
            for name, url in urls.items():
                for _ in range(2):  # warm the connection, the template cache and the page cache
                    response = client.get(url)
                    if response.status_code != 200:
                        sys.exit(f"{name} {url}: HTTP {response.status_code}")
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                # Read now: every request clears the connection's query log.
                queries = len(captured)
                samples = []
                deadline = time.perf_counter() + seconds
                while time.perf_counter() < deadline or len(samples) < 10:
                    start = time.perf_counter()
                    client.get(url)
                    samples.append((time.perf_counter() - start) * 1000)
                samples.sort()
                results.setdefault(name, {"url": url})[mode] = {
                    "median_ms": round(statistics.median(samples), 2),
                    "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
                    "queries": queries,
                    "samples": len(samples),
                }
    return results


def explain_search(urls: dict[str, str]) -> dict[str, str]:
    """EXPLAIN for the query that finds each search URL's matches (the one whose cost grows
    with the corpus): it must use an index, never scan the table."""
    from urllib.parse import parse_qs, urlsplit

    from django.db import connection

    from articles.models import Article
    from articles.search import newest_matches

    plans = {}
    for name in ("search", "search-rare"):
        query = parse_qs(urlsplit(urls[name]).query)["q"][0]
        sql, params = newest_matches(Article.objects.published(), query).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plans[name] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


# --- HTTP ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


PRODUCTION_VENV = ROOT / "build" / "bench-venv"


def production_venv() -> Path:
    """A virtualenv with what production installs (`pip install -c requirements.lock .`), not
    the development extras: gunicorn's workers import what is installed (DRF's test module
    imports `requests` when schemathesis has put it there), and the RSS must be production's.
    Rebuilt when the dependencies change."""
    stamp = PRODUCTION_VENV / ".installed"
    wanted = (ROOT / "requirements.lock").read_text() + (ROOT / "pyproject.toml").read_text()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("installing production dependencies for gunicorn ...", flush=True)
        shutil.rmtree(PRODUCTION_VENV, ignore_errors=True)
        sh(sys.executable, "-m", "venv", str(PRODUCTION_VENV))
        pip = str(PRODUCTION_VENV / "bin" / "pip")
        sh(pip, "install", "--quiet", "-c", "requirements.lock", ".")
        stamp.write_text(wanted)
    return PRODUCTION_VENV


@contextmanager
def gunicorn(app: str, env: dict, log_dir: str):
    port = free_port()
    log = open(Path(log_dir) / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, on loopback)
        [
            str(production_venv() / "bin" / "gunicorn"),
            app,
            "--workers", str(WORKERS),
            "--worker-class", "sync",
            "--bind", f"{HOST}:{port}",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    sys.exit(f"gunicorn {app} did not start:\n{Path(log.name).read_text()}")
                time.sleep(0.1)
        yield f"http://{HOST}:{port}", process.pid
    finally:
        _stop(process, log)


def _stop(process, log) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def get(url: str) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


_DURATION = re.compile(r"([\d.]+)(us|ms|s|m)\b")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    value, unit = _DURATION.match(text).groups()
    return round(float(value) * _UNITS[unit], 2)


def wrk(url: str, *, seconds: int, connections: int) -> dict:
    out = sh(
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": round(rps, 1),
        "p50_ms": _ms(p50.group(1)) if p50 else None,
        "p99_ms": _ms(p99.group(1)) if p99 else None,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def worker_rss_mib(master: int) -> list[float]:
    rss = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        kib = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        rss.append(round(kib / 1024, 1))
    return sorted(rss)


def run_http(urls: dict[str, str], env: dict, *, seconds: int, connections: int, log_dir: str):
    results = {"limit": {}, "pages": {}, "rss_mib": {}}
    bare_env = {**env, "PYTHONPATH": str(ROOT)}
    with gunicorn("bench.bare:application", bare_env, log_dir) as (base, _):
        get(base + "/")
        results["limit"] = wrk(base + "/", seconds=seconds, connections=connections)
    limit = results["limit"]["rps"]
    modes = {
        "off": {**env, "CACHE_BACKEND": "dummy"},
        # A page-cache miss as production has it: no page cache, the shared cache (the
        # header's sections, the policies) on.
        "miss": {**env, "REDIS_URL": REDIS_URL, "PAGE_CACHE_SECONDS": "0"},
        "warm": {**env, "REDIS_URL": REDIS_URL},
    }
    for mode, mode_env in modes.items():
        if mode in {"miss", "warm"}:
            sh("redis-cli", "-h", HOST, "-n", str(REDIS_DB), "FLUSHDB")
        with (
            gunicorn("newsroom.wsgi:application", mode_env, log_dir) as (base, master),
            queue_worker(mode_env if mode == "warm" else None, log_dir),
        ):
            for name, path in urls.items():
                for _ in range(2 * WORKERS):  # both workers warm, the page stored
                    status, headers = get(base + path)
                if status != 200:
                    sys.exit(f"{mode} {name} {path}: HTTP {status}")
                figures = wrk(base + path, seconds=seconds, connections=connections)
                figures["ratio"] = round(figures["rps"] / limit, 3) if limit else None
                figures["page_cache"] = headers.get("X-Page-Cache", "")
                results["pages"].setdefault(name, {"url": path})[mode] = figures
            results["rss_mib"][mode] = worker_rss_mib(master)
            if mode == "warm":
                results["publish_to_warm"] = publish_to_warm(base, urls, mode_env)
    return results


@contextmanager
def queue_worker(env: dict | None, log_dir: str):
    """`manage.py db_worker` beside gunicorn (None: none), as production runs it."""
    if env is None:
        yield
        return
    log = open(Path(log_dir) / "db-worker.log", "w")  # noqa: SIM115
    command = [str(production_venv() / "bin" / "python"), "manage.py", "db_worker"]
    process = subprocess.Popen(  # noqa: S603 (our own manage.py)
        [*command, "--no-startup-delay", "--interval", "0.05"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield
    finally:
        _stop(process, log)


def publish_to_warm(base: str, urls: dict[str, str], env: dict) -> dict:
    """bench/warmup.py: from a publish and a correction committing to the story and home page
    stored again by the worker."""
    result = sh(PYTHON, "bench/warmup.py", base, urls["article"], urls["home"], env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Report ----------------------------------------------------------------------------------


def report(data: dict, compare: dict | None) -> list[str]:
    """Print the tables; return the targets missed."""
    missed = []
    inproc = data["in_process"]
    print(f"\nnewsroom bench: {data['articles']} articles ({data['size']}), {data['when']}")
    print("\nIn-process (Django test client), ms and queries per request")
    print(
        f"{'page':<14}{'off med':>9}{'off p95':>9}{'queries':>9}{'warm med':>10}{'warm p95':>10}",
        end="",
    )
    print(f"{'vs ' + compare['size'] + ' med':>14}" if compare else "")
    for name, row in inproc.items():
        off, warm = row["off"], row["warm"]
        line = (
            f"{name:<14}{off['median_ms']:>9.2f}{off['p95_ms']:>9.2f}{off['queries']:>9}"
            f"{warm['median_ms']:>10.2f}{warm['p95_ms']:>10.2f}"
        )
        if compare and name in compare["in_process"]:
            ratio = off["median_ms"] / compare["in_process"][name]["off"]["median_ms"]
            line += f"{ratio:>13.2f}x"
            if name in SCALE_PAGES and data["articles"] >= 100_000 and ratio > 1.5:
                missed.append(f"{name} is {ratio:.2f}x its {compare['size']} time (target 1.5x)")
        print(line)
        cap = QUERY_CAPS.get(name, LIST_QUERY_CAP)
        if off["queries"] > cap:
            missed.append(f"{name}: {off['queries']} queries (cap {cap})")
    for name, target in SEARCH_P95_MS.items():
        if name in inproc and inproc[name]["off"]["p95_ms"] >= target:
            missed.append(f"{name} p95 {inproc[name]['off']['p95_ms']} ms (target < {target:g} ms)")
    for name, plan in data.get("search_plans", {}).items():
        # On a small table a sequential scan is the right plan; past 10k it must not be.
        if data["articles"] >= 10_000 and "Seq Scan" in plan:
            missed.append(f"{name}: the plan scans the article table (see search_plans)")

    upload = data.get("upload")
    if upload:
        print(
            f"\nPhoto upload: a {upload['megapixels']}-megapixel JPEG "
            f"({upload['bytes'] / 1e6:.1f} MB) to {upload['renditions']} renditions "
            f"({', '.join(upload['formats'])}) in {upload['median_s']} s "
            f"(median of {upload['runs']})"
        )

    http = data.get("http")
    if http:
        limit = http["limit"]
        print(
            f"\nHTTP: gunicorn, {WORKERS} sync workers, wrk {data['connections']} connections, "
            f"{data['duration']} s per URL"
        )
        print(
            f"limit (bare Django, fixed string): {limit['rps']:.0f} req/s, "
            f"p50 {limit['p50_ms']} ms, p99 {limit['p99_ms']} ms"
        )
        modes = [
            mode for mode in ("off", "miss", "warm") if mode in next(iter(http["pages"].values()))
        ]
        header = f"{'page':<14}" + "".join(
            f"{m + ' ' + c:>{w}}"
            for m in modes
            for c, w in (("req/s", 11), ("p50", 9), ("p99", 9), ("ratio", 10))
        )
        print(header)
        for name, row in http["pages"].items():
            line = f"{name:<14}"
            for mode in modes:
                f = row[mode]
                line += f"{f['rps']:>11.0f}{f['p50_ms']:>9}{f['p99_ms']:>9}{f['ratio']:>10.3f}"
                if f["non_2xx"] or f["socket_errors"]:
                    missed.append(f"{name} {mode}: {f['non_2xx']} non-2xx, {f['socket_errors']}")
                target = TARGETS.get(name, {}).get(mode)
                if target is not None and f["ratio"] < target:
                    missed.append(f"{name} {mode}: ratio {f['ratio']} (target {target})")
            print(line)
        for mode, rss in http["rss_mib"].items():
            print(f"RSS per worker after the {mode} run: {', '.join(f'{r} MiB' for r in rss)}")
            if any(r >= RSS_CAP_MIB for r in rss):
                missed.append(f"worker RSS {max(rss)} MiB ({mode}; target < {RSS_CAP_MIB})")
        for change, warmed in http.get("publish_to_warm", {}).items():
            after = ", ".join(
                f"{page} {state or '-'}" for page, state in warmed["pages_after"].items()
            )
            print(
                f"From a {change} committing to its pages warmed by the worker: "
                f"{warmed['seconds']} s ({warmed.get('pages', 0)} pages; then {after})"
            )
            cold = [page for page, state in warmed["pages_after"].items() if state != "hit"]
            if warmed["status"] != "SUCCEEDED" or cold:
                missed.append(
                    f"after a {change}, a cold first reader: {', '.join(cold) or warmed['status']}"
                )
    print("\nTargets: " + ("all met" if not missed else "missed:"))
    for line in missed:
        print(f"  - {line}")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--size", default="1k", help="tiny, 1k, 10k, 100k or a number")
    parser.add_argument("--duration", type=int, default=5, help="wrk seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--in-process-seconds", type=float, default=1.5)
    parser.add_argument("--no-http", action="store_true", help="in-process timings only")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--strict", action="store_true", help="exit non-zero when a target is missed"
    )
    args = parser.parse_args()
    size = args.size
    n = SIZES.get(size) or int(size)
    if args.connections < 1 or n < 10:
        sys.exit("--size must be at least 10 articles and --connections at least 1")
    if not args.no_http and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk, or `make bench` as root)")
    out = args.out or ROOT / "artifacts" / "bench" / f"bench-{size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        static_root = str(Path(tmp) / "static")
        env = base_env("postgres", static_root)
        database, corpus = prepare_database(size, n, env, args.rebuild)
        env["DATABASE_URL"] = f"{PG}/{database}"
        sh(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)

        # This process becomes one more production-settings Django, for the corpus and the
        # in-process timings.
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
        for name in ("REDIS_URL", "CACHE_BACKEND", "DATABASE_REPLICA_URL"):
            os.environ.pop(name, None)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's response.context, ALLOWED_HOSTS
        if not corpus:
            print(f"building a corpus of {n} articles in {database} ...", flush=True)
            corpus = build_corpus(n)
            marker = ROOT / "artifacts" / "bench" / f".{database}.json"
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps({**corpus, "version": CORPUS_VERSION}))
            print(f"built in {corpus['seconds']} s", flush=True)
        urls = pick_urls()
        print("timing in-process ...", flush=True)
        data = {
            "size": size,
            "articles": n,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus": corpus,
            "connections": args.connections,
            "duration": args.duration,
            "cpus": os.cpu_count(),
            "in_process": time_in_process(urls, seconds=args.in_process_seconds),
            "upload": time_upload(random.Random(11), runs=1 if n < 100 else 3),  # noqa: S311
            "search_plans": explain_search(urls),
        }
        from django.db import connections

        connections.close_all()
        if not args.no_http:
            print("timing over HTTP ...", flush=True)
            http_urls = {
                k: v
                for k, v in urls.items()
                if k not in {"search-rare", "news-sitemap", "sitemap-page"}
            }
            data["http"] = run_http(
                http_urls, env, seconds=args.duration, connections=args.connections, log_dir=tmp
            )
    compare = json.loads(args.compare.read_text()) if args.compare else None
    data["missed"] = report(data, compare)
    out.write_text(json.dumps(data, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if args.strict and data["missed"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
