"""
The distribution fault test (issue 18): queue workers SIGKILLed mid-delivery and restarted,
while editors publish, update, correct and withdraw stories; every event must still reach every
partner that should have it, and a second copy of an event must carry the same event id.

    .venv/bin/python bench/distribution_fault.py [--duration 30]

It builds a scratch PostgreSQL database (newsroom_fault, dropped and re-created), migrates it,
and starts a webhook receiver on 127.0.0.1 (a threaded HTTP server on a free port) for three
partners: one taking everything, one allowed embargoed copy, one subscribed to a section. The
receiver verifies each POST's Newsroom-Signature with the receiver code of docs/distribution.md
and records the event (partner, id, type, article, version, arrival); it answers 500 to a few
requests (retries are exercised) and holds some for 0.3-1.0 s, so that a worker can be killed
while its request is in flight: half of the held ones after reading the body (the partner has
the event; the one sent again is a duplicate), half before (the connection dies before the
partner takes it; the event must be sent again or it is lost).

Two `manage.py db_worker` processes (what `make worker` and production run) deliver, with
production settings except http to loopback (DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES=1,
DISTRIBUTION_REQUIRE_HTTPS off), a first retry after 1 s instead of 30 s and a request's lease
of 5 s instead of 30 s (a 3 s timeout instead of 15 s). `manage.py deliver
--once` runs every few seconds as the cron sweep docs/deploy.md prescribes (every five minutes
there): a task killed mid-run is never run again, and the sweep is what sends a delivery that
no later task picks up. For --duration seconds a driver makes the changes through the real
workflow (articles/workflow.py: publish now, at a time, under embargo; edits; corrections;
back to draft; archive), so the outbox is written by the project's own code, while a supervisor
SIGKILLs a worker that has a request in flight at the receiver (the socket's owner, read from
/proc) every second or two and starts another in its place.

Then it waits (at most --drain seconds) until no delivery is pending, stops the workers, and
checks: the driver's every change wrote the events it should; every event has a delivery for
each partner that should get it (subscriptions, embargoed copy); every delivery is delivered or
skipped for a reason the story's history bears out (none pending, none given up); every
delivered event was received and accepted at least once; every copy of an event carries that
event's id, type, article and version, and no event arrived twice under different ids; per
partner and story, events were first received in the order they happened; a partner that took
a copy of a story was told when it was withdrawn; every signature was valid; and the workers were
killed at least --min-kills times. It prints the figures (events, deliveries, requests,
duplicates, kills, 500s answered, time to drain), writes them to
artifacts/fault/distribution-fault.json, and exits non-zero with one line per failure (2 if the
run itself could not be set up). Its processes are stopped and its database dropped whatever
happens.

Loopback only, bounded in time (about --duration + 25 s), no dependency beyond the project's own.
"""

import argparse
import atexit
import contextlib
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PG = {"host": HOST, "port": "5432", "user": "postgres"}
DATABASE = "newsroom_fault"
REPORT = ROOT / "artifacts" / "fault" / "distribution-fault.json"
LOG = REPORT.with_name("processes.log")  # the workers', sweeps' and driver's output, last run
# The receiver: a few 500s, and some requests held long enough to kill their sender.
ERROR_FRACTION = 0.06
HOLD_FRACTION = 0.15
HOLD_SECONDS = (0.3, 1.0)
# The supervisor kills a worker with a request in flight about this often while changes run.
KILL_EVERY = 1.2
# The cron sweep (`deliver --once`), every few seconds here instead of every five minutes.
SWEEP_EVERY = 4.0
FIRST_RETRY_SECONDS = 1
# No new scheduled or embargoed story this close to the end of the changes: all go public
# (at most EMBARGO_SECONDS after their change) before the changes stop.
EMBARGO_SECONDS = (2.0, 5.0)
# Partners: what they take, and the path of their webhook on the receiver.
PARTNERS = [
    {"name": "Wire All", "embargoed_copy": False, "sections": []},
    {"name": "Wire Embargo", "embargoed_copy": True, "sections": []},
    {"name": "Wire World", "embargoed_copy": False, "sections": ["world"]},
]
# Why a delivery may be skipped (distribution/outbox.py and delivery.py), and what must then
# be true of the story's events: a later withdrawal, or the kind of event skipped.
SKIP_REASONS = {
    "Withdrawn before it went public.": "published, then withdrawn",
    "The story is no longer public.": "withdrawn later",
    "The embargo lifted: partners get the story as published.": "embargoed copy",
    "The partner never received the story.": "a withdrawal",
}

# The changes, through the workflow, in the scratch database (run with django.setup() done).
DRIVER = r"""
import json, random, sys, time
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from articles import workflow
from articles.models import Article
from distribution.models import Event, Partner
from sections.models import Section
from tests.factories import ready_to_publish, staff_user

config = json.loads(sys.argv[1])
chooser = random.Random(config["seed"])
editor = staff_user("editor", username="fault-desk")
sections = {slug: Section.objects.create(name=slug.title(), slug=slug)
            for slug in ("world", "sport")}
for spec in config["partners"]:
    partner = Partner.objects.create(
        name=spec["name"], webhook_url=spec["url"], secret=spec["secret"],
        embargoed_copy=spec["embargoed_copy"],
    )
    partner.sections.set([sections[slug] for slug in spec["sections"]])
ids = [
    ready_to_publish(
        headline=f"Fault story {n}: harbour authority weighs new berths",
        slug=f"fault-story-{n}", section=sections["world" if n % 2 else "sport"],
    ).pk
    for n in range(config["articles"])
]
S = Article.Status
actions, problems = Counter(), []
started = time.monotonic()
deadline = started + config["duration"]
print("changing", flush=True)
while time.monotonic() < deadline:
    article = Article.objects.get(pk=chooser.choice(ids))
    now = timezone.now()
    late = deadline - time.monotonic() < config["embargo_max"] + 1
    goes_public = max(article.published_at or now, article.embargoed_until or now)
    soon = goes_public - now < timedelta(seconds=0.5)
    if article.status == S.PUBLISHED and not article.is_public and soon:
        time.sleep(0.01)
        continue  # about to go public: what a change writes would depend on the millisecond
    roll = chooser.random()
    later = now + timedelta(seconds=chooser.uniform(*config["embargo"]))
    if article.status in (S.DRAFT, S.ARCHIVED) and roll < 0.2 and not late:
        action, expected = "publish under embargo", ["article.embargoed", "article.published"]
    elif article.status in (S.DRAFT, S.ARCHIVED) and roll < 0.35 and not late:
        action, expected = "schedule", ["article.published"]
    elif article.status in (S.DRAFT, S.ARCHIVED):
        action, expected = "publish", ["article.published"]
    elif article.is_public:
        action, expected = (
            ("edit", ["article.updated"]) if roll < 0.45 else
            ("correct", ["article.corrected"]) if roll < 0.7 else
            ("back to draft", ["article.unpublished"]) if roll < 0.9 else
            ("archive", ["article.unpublished"])
        )
    elif roll < 0.5:  # published, not yet public: scheduled or under embargo
        action = "edit before it goes public"
        expected = ["article.embargoed"] if article.is_embargoed else []
    else:
        action, expected = "back to draft before it goes public", ["article.unpublished"]
    theirs = Event.objects.filter(article=article).order_by("pk").values_list("type", flat=True)
    last = Event.objects.filter(article=article).order_by("pk").values_list("pk", flat=True)
    last = last.last() or 0
    if action == "publish under embargo":
        article.embargoed_until = later
        article = workflow.save_article(article=article, by=editor)
        workflow.publish(article=article, by=editor)
    elif action == "schedule":
        article.embargoed_until = None
        article = workflow.save_article(article=article, by=editor)
        workflow.publish(article=article, by=editor, at=later)
    elif action == "publish":
        article.embargoed_until = None
        article = workflow.save_article(article=article, by=editor)
        workflow.publish(article=article, by=editor)
    elif action.startswith("edit"):
        article.dek = f"Standfirst, change {sum(actions.values())}."
        workflow.save_article(article=article, by=editor)
    elif action == "correct":
        workflow.log_correction(article=article, by=editor, kind="correction", text="A name.")
    elif action == "archive":
        workflow.archive(article=article, by=editor)
    else:
        workflow.unpublish(article=article, by=editor)
    actions[action] += 1
    wrote = list(theirs.filter(pk__gt=last))
    if wrote != expected:
        problems.append(f"{action} on story {article.pk} wrote {wrote or 'no event'}, "
                        f"not {expected}")
    time.sleep(chooser.uniform(*config["pause"]))
print(json.dumps({"actions": dict(actions), "problems": problems}))
"""

# What the database holds at the end (run with django.setup() done).
DUMP = r"""
import json
from django.db.models import Count
from django_tasks.backends.database.models import DBTaskResult
from articles.models import Article
from distribution.models import Delivery, Event, Partner

print(json.dumps({
    "events": [
        {"uid": str(e.uid), "pk": e.pk, "type": e.type, "article": e.article_id,
         "version": e.version}
        for e in Event.objects.order_by("pk")
    ],
    "deliveries": [
        {"partner": d.partner.name, "uid": str(d.event.uid), "status": d.status, "note": d.note,
         "attempts": d.attempts}
        for d in Delivery.objects.select_related("event", "partner")
    ],
    "sections": {str(a.pk): a.section.slug if a.section else None
                 for a in Article.objects.select_related("section")},
    "paused": list(Partner.objects.filter(paused_at__isnull=False).values_list("name", flat=True)),
    "tasks": dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by()),
}))
"""


def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """The receiver of docs/distribution.md, as a partner would write it."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        stamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - stamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


@dataclass
class Receipt:
    """One POST the receiver got."""

    partner: str
    arrived: float
    header_id: str
    uid: str = ""
    type: str = ""
    article: int | None = None
    version: int | None = None
    signed: bool = False
    status: int = 200  # what it answered (or was about to, when its sender died)
    held: str = ""  # "before reading" or "after reading" the body
    sender_killed: bool = False

    @property
    def accepted(self) -> bool:
        """The partner has the event: a valid POST it took, answered 200 or about to be."""
        return self.signed and self.status == 200 and self.held != "dropped"


@dataclass
class Flight:
    """A request the receiver is holding: who sent it, and whether the sender was killed."""

    receipt: Receipt
    peer_port: int
    since: float
    killed: bool = False


@dataclass
class Run:
    receipts: list[Receipt] = field(default_factory=list)
    flights: dict[int, Flight] = field(default_factory=dict)
    kills: list[dict] = field(default_factory=list)
    unexpected_exits: list[str] = field(default_factory=list)
    sweeps: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changing: threading.Event = field(default_factory=threading.Event)
    changes_done: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    started_at: float = 0.0


# --- Processes -------------------------------------------------------------------------------

# Every process this run started, stopped at exit whatever happens.
_children: list[subprocess.Popen] = []


def spawn(command: list[str], **kwargs) -> subprocess.Popen:
    process = subprocess.Popen(command, **kwargs)  # noqa: S603 (the venv's python, fixed args)
    _children.append(process)
    return process


def stop_children() -> None:
    for process in _children:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    for process in _children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def sh(*command: str, env=None, timeout: float = 120) -> str:
    result = subprocess.run(  # noqa: S603 (fixed local commands)
        list(command), capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}... failed: {result.stderr.strip()[-1500:]}")
    return result.stdout


def psql(sql: str, database: str = "postgres") -> str:
    return sh(
        "psql", "--no-psqlrc", "--quiet", "-tA", "-h", PG["host"], "-p", PG["port"],
        "-U", PG["user"], "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql,
    ).strip()  # fmt: skip


def socket_owner(local_port: int, remote_port: int, pids) -> int | None:
    """Which of `pids` holds the TCP socket HOST:local_port -> remote_port (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote = fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]
                if int(local, 16) == local_port and int(remote, 16) == remote_port:
                    inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                        return pid
    return None


class Workers:
    """The queue's workers: `manage.py db_worker`, as `make worker` runs it."""

    def __init__(self, count: int, env: dict, log):
        self.env, self.log = env, log
        self.processes: list[subprocess.Popen | None] = [None] * count
        self.started = 0

    def start(self, slot: int) -> None:
        self.started += 1
        self.processes[slot] = spawn(
            [PYTHON, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay",
             "--interval", "0.2", "--worker-id", f"fault-{slot}-{self.started}"],
            env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip

    def pids(self) -> dict[int, int]:
        return {p.pid: slot for slot, p in enumerate(self.processes) if p and p.poll() is None}

    def kill(self, pid: int) -> None:
        slot = self.pids()[pid]
        os.kill(pid, signal.SIGKILL)
        self.processes[slot].wait(timeout=10)
        self.start(slot)

    def exited(self) -> list[str]:
        """Workers that died on their own (started again); their exit codes."""
        gone = []
        for slot, process in enumerate(self.processes):
            if process is not None and process.poll() is not None:
                gone.append(f"worker {slot} exited with {process.returncode}")
                self.start(slot)
        return gone

    def stop(self) -> None:
        for process in self.processes:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in self.processes:
            if process is not None:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


# --- The receiver ----------------------------------------------------------------------------


def receiver(run: Run, secrets_by_path: dict[str, tuple[str, str]], seed: int):
    chooser = random.Random(seed)  # noqa: S311 (fault mix, not security)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            partner, secret = secrets_by_path.get(self.path, ("", ""))
            receipt = Receipt(partner, time.monotonic(), self.headers.get("Newsroom-Event-Id", ""))
            with run.lock:
                roll, hold = chooser.random(), chooser.random() < HOLD_FRACTION
                seconds, before = chooser.uniform(*HOLD_SECONDS), chooser.random() < 0.5
                run.receipts.append(receipt)
            if not partner:
                return self.answer(404)
            flight = None
            if hold:
                receipt.held = "before reading" if before else "after reading"
                flight = Flight(receipt, self.client_address[1], time.monotonic())
                with run.lock:
                    run.flights[id(flight)] = flight
            if hold and before:
                time.sleep(seconds)
                if flight.killed:  # the connection died before the partner took the request
                    receipt.held = "dropped"
                    return self.finish_flight(flight)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receipt.signed = verify(secret, body, self.headers.get("Newsroom-Signature", ""))
            with contextlib.suppress(ValueError, KeyError, TypeError):
                envelope = json.loads(body)
                receipt.uid, receipt.type = envelope["id"], envelope["type"]
                receipt.article = envelope["article"]["id"]
                receipt.version = envelope["article"]["version"]
            receipt.status = 400 if not receipt.signed else 500 if roll < ERROR_FRACTION else 200
            if hold and not before:
                time.sleep(seconds)
            self.finish_flight(flight)
            self.answer(receipt.status)

        def finish_flight(self, flight):
            if flight is not None:
                with run.lock:
                    run.flights.pop(id(flight), None)

        def answer(self, status: int):
            with contextlib.suppress(OSError):  # the sender may be dead
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- Faults ----------------------------------------------------------------------------------


def supervisor(run: Run, workers: Workers, receiver_port: int, chooser: random.Random) -> None:
    """While changes run, kill a worker that has a request in flight at the receiver, about
    every KILL_EVERY seconds, and start another; always, restart a worker that died alone."""
    next_kill = time.monotonic() + 1.0
    while not run.stop.wait(0.02):
        run.unexpected_exits += workers.exited()
        if not run.changing.is_set() or run.changes_done.is_set():
            continue
        if time.monotonic() < next_kill:
            continue
        with run.lock:
            flights = [f for f in run.flights.values() if time.monotonic() - f.since > 0.05]
        pids = workers.pids()
        for flight in flights:
            pid = socket_owner(flight.peer_port, receiver_port, pids)
            if pid is None:
                continue  # the sweep's, or already answered
            kill = {
                "at_s": round(time.monotonic() - run.started_at, 2),
                "partner": flight.receipt.partner,
                "event": flight.receipt.header_id,
                "held": flight.receipt.held,
            }
            flight.killed = flight.receipt.sender_killed = True
            workers.kill(pid)
            run.kills.append(kill)
            next_kill = time.monotonic() + chooser.uniform(0.6, 1.4) * KILL_EVERY
            break


def sweeper(run: Run, env: dict) -> None:
    """The cron sweep: `manage.py deliver --once` every SWEEP_EVERY seconds."""
    while not run.stop.wait(SWEEP_EVERY):
        process = spawn(
            [PYTHON, str(ROOT / "manage.py"), "deliver", "--once"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            output, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        found = re.search(r"Delivered (\d+), failed (\d+)", output or "")
        run.sweeps.append(
            {"delivered": int(found[1]), "failed": int(found[2])} if found else {"error": output}
        )


# --- Checks ----------------------------------------------------------------------------------


def check(run: Run, dump: dict, driver: dict, partners: list[dict]) -> tuple[dict, list[str]]:
    problems = list(driver["problems"])
    events = {e["uid"]: e for e in dump["events"]}
    by_article = defaultdict(list)
    for event in dump["events"]:
        by_article[event["article"]].append(event)
    deliveries = {(d["partner"], d["uid"]): d for d in dump["deliveries"]}
    statuses = Counter(d["status"] for d in dump["deliveries"])
    skipped = Counter(d["note"] for d in dump["deliveries"] if d["status"] == "skipped")
    accepted = defaultdict(list)  # (partner, uid): arrival times
    for receipt in run.receipts:
        if receipt.accepted:
            accepted[receipt.partner, receipt.uid].append(receipt.arrived)

    # Each event has a delivery for each partner that should get it, and no other.
    for event in dump["events"]:
        section = dump["sections"][str(event["article"])]
        wanted = {
            p["name"]
            for p in partners
            if (not p["sections"] or section in p["sections"])
            and (event["type"] != "article.embargoed" or p["embargoed_copy"])
        }
        got = {name for name, uid in deliveries if uid == event["uid"]}
        if got != wanted:
            problems.append(
                f"{event['type']} of story {event['article']} went to {sorted(got)}, "
                f"not {sorted(wanted)}"
            )
    # Delivered, or skipped for a reason the story's events bear out.
    for status in ("pending", "gave_up"):
        if statuses[status]:
            problems.append(f"{statuses[status]} deliveries {status.replace('_', ' ')}")
    for (partner, uid), row in deliveries.items():
        if row["status"] != "skipped":
            continue
        event, reason = events[uid], SKIP_REASONS.get(row["note"])
        withdrawn_later = any(
            e["type"] == "article.unpublished" and e["pk"] > event["pk"]
            for e in by_article[event["article"]]
        )
        legitimate = {
            "published, then withdrawn": event["type"] == "article.published" and withdrawn_later,
            "withdrawn later": withdrawn_later,
            "embargoed copy": event["type"] == "article.embargoed",
            "a withdrawal": event["type"] == "article.unpublished",
        }.get(reason, False)
        if not legitimate:
            problems.append(
                f"{event['type']} of story {event['article']} to {partner} skipped: {row['note']}"
            )
    # A withdrawal skipped as "never received" must not leave the partner holding a copy.
    for (partner, uid), row in deliveries.items():
        event = events[uid]
        if row["status"] != "skipped" or event["type"] != "article.unpublished":
            continue
        earlier = [e for e in by_article[event["article"]] if e["pk"] < event["pk"]]
        previous = max((e["pk"] for e in earlier if e["type"] == "article.unpublished"), default=0)
        held = [
            e for e in earlier if e["pk"] > previous and accepted.get((partner, e["uid"]))
        ]  # fmt: skip
        if held:
            problems.append(
                f"{partner} took {held[-1]['type']} of story {event['article']} but was never "
                f"told it was withdrawn ({row['note']})"
            )
    # Every delivered event was received and accepted.
    lost = [key for key, row in deliveries.items() if row["status"] == "delivered"]
    lost = [key for key in lost if not accepted.get(key)]
    if lost:
        partner, uid = lost[0]
        problems.append(
            f"{len(lost)} events marked delivered were never received, e.g. "
            f"{events[uid]['type']} of story {events[uid]['article']} to {partner}"
        )
    # What arrived: signed, the id in the header and the body alike, an event of ours, for a
    # partner it was meant for, with that event's type, story and version.
    unsigned = [r for r in run.receipts if r.held != "dropped" and r.partner and not r.signed]
    if unsigned:
        problems.append(f"{len(unsigned)} requests with a signature that does not verify")
    strangers = [r for r in run.receipts if not r.partner]
    if strangers:
        problems.append(f"{len(strangers)} requests to an address no partner has")
    for receipt in run.receipts:
        if receipt.held == "dropped" or not receipt.partner:
            continue
        event = events.get(receipt.uid)
        if receipt.header_id != receipt.uid:
            problems.append(f"a request's Newsroom-Event-Id {receipt.header_id} ≠ id {receipt.uid}")
        elif event is None:
            problems.append(f"{receipt.partner} received event {receipt.uid}, which does not exist")
        elif (receipt.partner, receipt.uid) not in deliveries:
            problems.append(f"{receipt.partner} received {event['type']}, not meant for it")
        elif (receipt.type, receipt.article, receipt.version) != (
            event["type"], event["article"], event["version"]
        ):  # fmt: skip
            problems.append(f"a copy of event {receipt.uid} is not that event")
    # The same event twice under different ids: a duplicate that a partner cannot recognise.
    ids_by_content = defaultdict(set)
    for partner, uid in accepted:
        event = events.get(uid)
        if event:
            ids_by_content[partner, event["article"], event["version"], event["type"]].add(uid)
    renamed = [key for key, uids in ids_by_content.items() if len(uids) > 1]
    if renamed:
        problems.append(
            f"{len(renamed)} events arrived twice under different ids, e.g. {renamed[0]}"
        )
    # Per partner and story, first arrivals in the order the events happened.
    firsts = defaultdict(list)
    for (partner, uid), times in accepted.items():
        if uid in events:
            firsts[partner, events[uid]["article"]].append((min(times), events[uid]["pk"]))
    out_of_order = [key for key, seen in firsts.items() if [pk for _, pk in sorted(seen)] !=
                    sorted(pk for _, pk in seen)]  # fmt: skip
    if out_of_order:
        partner, article = out_of_order[0]
        problems.append(
            f"events out of order for {len(out_of_order)} partner-stories, e.g. story {article} "
            f"to {partner}"
        )
    if dump["paused"]:
        problems.append(f"partners paused: {', '.join(dump['paused'])}")

    posts = [r for r in run.receipts if r.partner]
    answered = Counter(str(r.status) for r in posts if r.held != "dropped")
    figures = {
        "changes": driver["actions"],
        "events": len(dump["events"]),
        "events_by_type": dict(Counter(e["type"] for e in dump["events"])),
        "deliveries": len(dump["deliveries"]),
        "deliveries_by_status": dict(statuses),
        "skipped_because": dict(skipped),
        "attempts": sum(d["attempts"] for d in dump["deliveries"]),
        "most_attempts": max((d["attempts"] for d in dump["deliveries"]), default=0),
        "requests": len(posts),
        "answered": dict(answered),
        "held": len([r for r in posts if r.held]),
        "cut_before_the_partner_read_them": len([r for r in posts if r.held == "dropped"]),
        "events_received": len(accepted),
        "duplicates": sum(len(times) - 1 for times in accepted.values()),
        "lost": len(lost),
    }
    return figures, problems


# --- Main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of changes (30)")
    parser.add_argument("--drain", type=float, default=60, help="most seconds to drain (60)")
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes (2)")
    parser.add_argument("--articles", type=int, default=36, help="stories (36)")
    parser.add_argument("--min-kills", type=int, help="fewest kills to pass (duration / 4)")
    parser.add_argument("--seed", type=int, default=None, help="the changes' and faults' seed")
    parser.add_argument("--no-sweep", action="store_true", help="no `deliver --once` sweeps")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
    min_kills = args.min_kills if args.min_kills is not None else max(3, int(args.duration / 4))
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))
    atexit.register(stop_children)

    scratch = tempfile.mkdtemp(prefix="newsroom-fault-")
    # Production settings but for http to this machine and a first retry after 1 s.
    Path(scratch, "fault_settings.py").write_text(
        "from newsroom.settings import *  # noqa: F403\n\n"
        "DISTRIBUTION_REQUIRE_HTTPS = False\n"
        f"DISTRIBUTION_FIRST_RETRY_SECONDS = {FIRST_RETRY_SECONDS}\n"
        # The receiver answers within about a second: a short timeout, and a short lease, so
        # a killed worker's delivery is due again within seconds, as in production in 30 s.
        "DISTRIBUTION_TOTAL_TIMEOUT = 3.0\n"
        "DISTRIBUTION_LEASE_SECONDS = 5.0\n"
    )
    unset = {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_REPLICA_URL", "CACHE_BACKEND"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "DJANGO_SETTINGS_MODULE": "fault_settings",
        "PYTHONPATH": f"{scratch}{os.pathsep}{ROOT}",
        "NEWSROOM_ENV_FILE": os.devnull,  # not the checkout's .env
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DATABASE}",
        "DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES": "1",
        "LOG_LEVEL": "WARNING",
    }
    setup = "import django; django.setup()\n"
    LOG.parent.mkdir(parents=True, exist_ok=True)
    log = open(LOG, "w")  # noqa: SIM115 (kept open for the children)
    run, workers, server, created = Run(), None, None, False
    try:
        print(f"distribution fault: {args.duration:.0f} s of changes, {args.workers} workers, "
              f"seed {seed}", flush=True)  # fmt: skip
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{DATABASE}"')
        created = True
        sh(PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0", env=env)

        paths = {
            f"/hooks/{n}": (p["name"], secrets.token_urlsafe(32)) for n, p in enumerate(PARTNERS)
        }
        server = receiver(run, paths, seed)
        port = server.server_address[1]
        partners = [
            {**spec, "url": f"http://{HOST}:{port}{path}", "secret": paths[path][1]}
            for path, spec in zip(paths, PARTNERS, strict=True)
        ]
        workers = Workers(args.workers, env, log)
        for slot in range(args.workers):
            workers.start(slot)
        run.started_at = time.monotonic()
        threads = [
            threading.Thread(target=supervisor, args=(run, workers, port, random.Random(seed))),  # noqa: S311
        ]
        if not args.no_sweep:
            threads.append(threading.Thread(target=sweeper, args=(run, env)))
        for thread in threads:
            thread.start()
        config = {
            "seed": seed, "partners": partners, "articles": args.articles,
            "duration": args.duration, "pause": [0.15, 0.4], "embargo": EMBARGO_SECONDS,
            "embargo_max": EMBARGO_SECONDS[1],
        }  # fmt: skip
        driver = spawn(
            [PYTHON, "-c", setup + DRIVER, json.dumps(config)],
            env=env, stdout=subprocess.PIPE, stderr=log, text=True,
        )  # fmt: skip
        lines = []
        for line in driver.stdout:
            if line.strip() == "changing":
                run.changing.set()
                changes_started = time.monotonic()
                print(f"distribution fault: receiver on {HOST}:{port}, changes start", flush=True)
            lines.append(line)
        if driver.wait(timeout=args.duration + 60) != 0 or not lines:
            raise RuntimeError(f"the driver failed (exit {driver.returncode}); see {LOG}")
        result = json.loads(lines[-1])
        run.changes_done.set()
        changes_s = time.monotonic() - changes_started
        print(f"distribution fault: changes done, {len(run.kills)} kills; draining", flush=True)

        drained = time.monotonic()
        deadline = drained + args.drain
        pending_sql = "SELECT count(*) FROM distribution_delivery WHERE status = 'pending'"
        while (pending := int(psql(pending_sql, DATABASE))) and time.monotonic() < deadline:
            time.sleep(0.25)
        drain_s = time.monotonic() - drained
        run.stop.set()
        for thread in threads:
            thread.join(timeout=70)
        workers.stop()
        time.sleep(0.2)  # a request still in the receiver's hands is recorded
        dump = json.loads(sh(PYTHON, "-c", setup + DUMP, env=env).strip().splitlines()[-1])

        figures, problems = check(run, dump, result, partners)
        if len(run.kills) < min_kills:
            problems.append(
                f"only {len(run.kills)} workers killed mid-request, fewer than {min_kills}"
            )
        problems += run.unexpected_exits
        if pending:
            problems.append(
                f"{pending} deliveries still pending {args.drain:.0f} s after the changes"
            )
        sweeps = [s for s in run.sweeps if "delivered" in s]
        summary = {
            "seed": seed,
            "changes_s": round(changes_s, 1),
            "time_to_drain_s": round(drain_s, 1),
            "run_s": round(time.monotonic() - run.started_at, 1),
            "workers": args.workers,
            **figures,
            "kills": len(run.kills),
            "kills_by_hold": dict(Counter(k["held"] for k in run.kills)),
            "worker_starts": workers.started,
            "sweeps": len(run.sweeps),
            "delivered_by_sweeps": sum(s["delivered"] for s in sweeps),
            "sweeps_failed": len(run.sweeps) - len(sweeps),
            "tasks_by_status": dump["tasks"],
            "problems": problems,
        }
        REPORT.write_text(json.dumps({**summary, "killed": run.kills}, indent=2) + "\n")
        print(json.dumps(summary, indent=2))
        for problem in problems:
            print(f"distribution fault: FAILED: {problem}", file=sys.stderr)
        if not problems:
            print(f"distribution fault: passed ({REPORT.relative_to(ROOT)})")
        return 1 if problems else 0
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as error:
        print(f"distribution fault: could not run: {error}", file=sys.stderr)
        return 2
    finally:
        run.stop.set()
        if workers is not None:
            workers.stop()
        stop_children()
        if server is not None:
            server.shutdown()
            server.server_close()
        if created:
            with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
                psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
