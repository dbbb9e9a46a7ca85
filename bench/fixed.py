"""
The per-request cost of each URL in-process, against the bare Django view in the same run:

    .venv/bin/python bench/fixed.py [--size tiny] [--requests 400] [--modes bare,off,warm]
                                    [--urls article,api-list] [--callgrind] [--profile MODE:NAME]

The WSGI application is called directly (no server, no sockets), as gunicorn's worker would
call it, with production settings on the benchmark's corpus (`newsroom_bench_<size>`, made by
bench/run.py). Three processes: the bare app (bench/bare.py), newsroom with the cache off
(dummy backend) and newsroom with the page cache warm (Redis, BENCH_REDIS_DB, each worker's
own copy in memory as in production). Each prints microseconds per request (the fastest of
five batches: on a machine shared with other work, the least disturbed) and the ratio of the
bare view's cost to the URL's, which is what requests/s over HTTP tend to when the server's
CPU is the limit. A fourth mode, `miss`, is a page-cache miss in production: no page cache
(PAGE_CACHE_SECONDS=0) but the shared cache on (Redis: the navigation, the policies).

`--callgrind` counts instructions instead (valgrind, stable however loaded the machine is):
each process runs twice, with `--requests` and three times as many, and the difference is
divided out, so start-up cancels. `--profile off:NAME` prints cProfile's top functions for
one URL with the cache off (`warm:NAME` for the hit). Each process also reports its RSS after
its requests (issue 19 caps the cache-off figure at 90 MiB).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PG, REDIS_URL, base_env, database_exists  # noqa: E402

STATIC_ROOT = ROOT / "build" / "bench-static"
URLS = ("article", "home", "api-detail", "api-list", "topic")


def environ_for(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "*/*",
        "HTTP_USER_AGENT": "bench",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, path: str) -> tuple[str, dict]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    result = application(environ_for(path), start_response)
    try:
        for _chunk in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"]


def rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return round(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024, 1)


def inner(mode: str, requests: int, profile: str | None, only: list[str]) -> None:
    """Runs in the measured process: set up, warm, time, print one JSON line."""
    if mode == "bare":
        from bench.bare import application

        paths = {"bare": "/"}
    else:
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
        from bench.run import pick_urls
        from newsroom.wsgi import application

        urls = pick_urls()
        paths = {name: urls[name] for name in only}
        from django.db import connections

        connections.close_all()
    for name, path in paths.items():
        for _ in range(5):  # the connection, templates and (warm) the page cache
            status, headers = call(application, path)
        if not status.startswith("200"):
            sys.exit(f"{mode} {name} {path}: {status}")
        if mode == "warm" and headers.get("X-Page-Cache") != "hit":
            sys.exit(f"warm {name} {path}: X-Page-Cache {headers.get('X-Page-Cache')!r}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            call(application, paths[profile])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("PROFILE_SORT", "tottime")
        ).print_stats(int(os.environ.get("PROFILE_LINES", "35")))
        print(out.getvalue(), file=sys.stderr)
        return
    figures = {}
    for name, path in paths.items():
        batches = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(requests // 5 or 1):
                call(application, path)
            batches.append((time.perf_counter() - start) / (requests // 5 or 1))
        figures[name] = round(min(batches) * 1e6, 1)
    print(json.dumps({"us": figures, "rss_mib": rss_mib()}))


def environment(mode: str, size: str) -> dict:
    database = f"newsroom_bench_{size}"
    if not database_exists(database):
        sys.exit(f"no {database}: run `bench/run.py --size {size} --no-http` once first")
    env = base_env(database, str(STATIC_ROOT))
    env["PYTHONPATH"] = str(ROOT)
    if mode == "off":
        env["CACHE_BACKEND"] = "dummy"
    elif mode == "warm":
        env["REDIS_URL"] = REDIS_URL
    elif mode == "miss":  # no page cache, the shared cache (navigation, policies) on
        env["REDIS_URL"] = REDIS_URL
        env["PAGE_CACHE_SECONDS"] = "0"
    env["DATABASE_URL"] = f"{PG}/{database}"
    return env


def run(mode: str, args, requests: int, only: list[str], *, callgrind: str | None = None) -> str:
    command = [sys.executable, __file__, "--inner", mode, "--requests", str(requests)]
    command += ["--urls", ",".join(only)]
    if args.profile:
        command += ["--profile", args.profile]
    if callgrind:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind}", *command]
    result = subprocess.run(  # noqa: S603 (this script, under valgrind or not)
        command, env=environment(mode, args.size), capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"{mode} failed:\n{result.stdout}\n{result.stderr[-4000:]}")
    if args.profile:
        print(result.stderr)
    return result.stdout


def instructions(mode: str, args, name: str) -> int:
    """Instructions per request of one URL: (count at 3n requests - count at n) / 2n, so
    start-up and warming cancel out."""
    counts = []
    for n in (args.requests, 3 * args.requests):
        out = f"/tmp/newsroom-callgrind-{os.getpid()}.out"  # noqa: S108 (scratch, ours)
        run(mode, args, n, [name], callgrind=out)
        text = Path(out).read_text(errors="replace")
        counts.append(int(re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M).group(1)))
        Path(out).unlink()
    return round((counts[1] - counts[0]) / (2 * args.requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--size", default="tiny")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--modes", default="bare,off,warm")
    parser.add_argument("--urls", default=",".join(URLS), help="which pages, by bench name")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--profile")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.requests, args.profile, args.urls.split(","))
        return
    env = environment("off", args.size)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    if args.profile:
        mode, _, name = args.profile.rpartition(":")
        args.profile = name
        run(mode or "off", args, args.requests, [name])
        return
    results = {}
    only = args.urls.split(",")
    for mode in args.modes.split(","):
        if args.callgrind:
            names = ["bare"] if mode == "bare" else only
            results[mode] = {"instructions": {n: instructions(mode, args, n) for n in names}}
        else:
            results[mode] = json.loads(run(mode, args, args.requests, only).splitlines()[-1])
    print(json.dumps(results, indent=2))
    report(results, "instructions" if args.callgrind else "us")


def report(results: dict, unit: str) -> None:
    """Each URL's cost as a fraction of the bare view's (higher is better; 1.0 is the limit)."""
    bare = results.get("bare", {}).get(unit, {}).get("bare")
    if not bare:
        return
    for mode in ("off", "miss", "warm"):
        for name, cost in results.get(mode, {}).get(unit, {}).items():
            print(f"{mode:<5} {name:<12} {cost:>12} {unit:<12} of the limit {bare / cost:.3f}")


if __name__ == "__main__":
    main()
