"""Delivering the outbox: each due delivery POSTed to its partner's webhook, signed
(`signing.py`) and through the SSRF guard (`ssrf.py`), in order per article per partner, at
least once, retried with exponential backoff, the partner paused after a run of failures.

Workers (the queue's, `tasks.py`) share the work through the database: each takes one due
delivery at a time, locked with SKIP LOCKED (PostgreSQL), and before it POSTs commits a lease
(the delivery is not due again until the request's timeout has passed) and `sent_at`, so no
transaction is held open across a partner's answer. One that dies mid-request leaves its
delivery pending, due again when the lease ends, and another sends it again (the receiver sees
the same event id); and because `sent_at` survived, a later withdrawal still reaches a partner
that may have taken the story. Any number of workers can run on any number of machines; SQLite
has one writer, so one worker.
"""

import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from articles.models import Article
from articles.ninjs import to_ninjs
from distribution import signing, ssrf, tasks
from distribution.models import Attempt, Delivery, EventType, Partner
from distribution.outbox import public_at

FIRST_RETRY_SECONDS = 30
LONGEST_WAIT_SECONDS = 3600
# A delivery is tried this many times (30 s, 1 min, 2 min … then hourly: 25 hours) before it
# is given up; a partner is paused after this many failed attempts in a row. Settings of the
# same names (DISTRIBUTION_…) override these and FIRST_RETRY_SECONDS (the fault test,
# bench/distribution_fault.py, retries after 1 s).
MAX_ATTEMPTS = 32
PAUSE_AFTER_FAILURES = 20


def _setting(name: str, default):
    return getattr(settings, name, default)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`th failure: 30 s, 1 min, 2 min, … up to an hour."""
    first = _setting("DISTRIBUTION_FIRST_RETRY_SECONDS", FIRST_RETRY_SECONDS)
    seconds = first * 2 ** min(attempts - 1, 20)
    return timedelta(seconds=min(seconds, LONGEST_WAIT_SECONDS))


def envelope(delivery: Delivery, article: Article) -> bytes:
    """The POST body: the event's id, type and time, and the article as ninjs 2.2 (for a story
    taken down, only its address and that it was withdrawn)."""
    event = delivery.event
    if event.type == EventType.UNPUBLISHED:
        item = {
            "uri": settings.SITE_URL + article.get_absolute_url(),
            "type": "text",
            "version": str(event.version),
            "pubstatus": "canceled",
        }
    else:
        item = to_ninjs(Article.objects.for_api().get(pk=article.pk))
    data = {
        "id": str(event.uid),
        "type": event.type,
        "created": event.occurred_at.isoformat(),
        "article": {"id": article.pk, "slug": article.slug, "version": event.version},
        "ninjs": item,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class Outcome:
    delivered: int = 0
    failed: int = 0
    skipped: int = 0
    postponed: int = 0

    @property
    def handled(self) -> int:
        return self.delivered + self.failed + self.skipped + self.postponed


def _due(now):
    earlier = Delivery.objects.filter(
        partner=OuterRef("partner"),
        article_id=OuterRef("article_id"),
        status=Delivery.Status.PENDING,
        event_id__lt=OuterRef("event_id"),
    )
    return (
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=now,
            partner__active=True,
            partner__paused_at__isnull=True,
        )
        .exclude(Exists(earlier))
        .order_by("next_attempt_at", "event_id")
    )


def lease() -> timedelta:
    """How long a delivery being sent is not due again: the request's longest wait and 15 s
    (DISTRIBUTION_LEASE_SECONDS overrides it)."""
    longest = _setting("DISTRIBUTION_TOTAL_TIMEOUT", 15.0)
    return timedelta(seconds=_setting("DISTRIBUTION_LEASE_SECONDS", longest + 15))


def deliver_one(*, now=None) -> str | None:
    """Take the next due delivery and try it; what happened ("delivered", "failed", "skipped",
    "postponed"), or None when nothing is due."""
    with transaction.atomic():
        delivery = (
            _due(now or timezone.now())
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "partner")
            .first()
        )
        if delivery is None:
            return None
        article = Article.objects.filter(pk=delivery.article_id).first()
        decision = _decide(delivery, article)
        if decision is not None:
            return decision
        # Taken: not due again until the lease ends (if this worker dies, the next task or
        # the `deliver --once` sweeper sends it after that), and the partner may have it from
        # now on.
        started = timezone.now()
        delivery.next_attempt_at = started + lease()
        delivery.sent_at = delivery.sent_at or started
        delivery.save(update_fields=["next_attempt_at", "sent_at"])
    return _attempt(delivery, article, started)


def deliver_due(*, limit: int | None = None) -> Outcome:
    """Deliver everything due now (up to `limit` tries), one at a time; for `deliver --once`
    and the tests. The worker calls deliver_one() in a loop."""
    outcome = Outcome()
    started = timezone.now()
    while limit is None or outcome.handled < limit:
        result = deliver_one(now=started)
        if result is None:
            break
        setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def _still_to_send(delivery: Delivery, article: Article | None) -> tuple[str, str]:
    """("send", ""), ("skip", why) or ("later", "") for what the story is now."""
    kind = delivery.event.type
    if article is None:
        return "skip", "The story was deleted."
    if kind == EventType.EMBARGOED:
        if article.is_embargoed and article.status == Article.Status.PUBLISHED:
            return ("send", "") if article.deleted_at is None else ("skip", "It was trashed.")
        return "skip", "The embargo lifted: partners get the story as published."
    if kind == EventType.UNPUBLISHED:
        # It may have the story if a copy was ever sent to it, answered or not.
        had_it = Delivery.objects.filter(
            partner=delivery.partner_id,
            article_id=delivery.article_id,
            sent_at__isnull=False,
        ).exists()
        return ("send", "") if had_it else ("skip", "The partner never received the story.")
    if article.is_public:
        return "send", ""
    if (
        kind == EventType.PUBLISHED
        and article.deleted_at is None
        and (article.is_scheduled or article.is_embargoed)
    ):
        return "later", ""
    return "skip", "The story is no longer public."


def _decide(delivery: Delivery, article: Article | None) -> str | None:
    """Skip or postpone the delivery if the story says so ("skipped", "postponed"); None to
    send it."""
    decision, why = _still_to_send(delivery, article)
    if decision == "skip":
        delivery.status, delivery.note = Delivery.Status.SKIPPED, why
        delivery.save(update_fields=["status", "note"])
        return "skipped"
    if decision == "later":
        delivery.due_at = delivery.next_attempt_at = public_at(article)
        delivery.save(update_fields=["due_at", "next_attempt_at"])
        tasks.wake_at(delivery.due_at)
        return "postponed"
    return None


def _attempt(delivery: Delivery, article: Article, now) -> str:
    """POST the delivery (leased to this worker, no transaction open), then record the answer."""
    partner = delivery.partner
    body = envelope(delivery, article)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsroom-Distribution/1",
        "Newsroom-Event-Id": str(delivery.event.uid),
        "Newsroom-Event-Type": delivery.event.type,
        signing.HEADER: signing.signature(partner.secret, body),
    }
    started = time.monotonic()
    status_code, error = None, ""
    try:
        status_code = ssrf.post(partner.webhook_url, body, headers).status
        if not 200 <= status_code < 300:
            error = f"The partner answered {status_code}."
    except ssrf.Refused as refused:
        error = f"Refused: {refused}"
    except OSError as failure:
        error = f"Could not reach the partner: {failure or type(failure).__name__}"
    latency = round((time.monotonic() - started) * 1000)
    with transaction.atomic():
        return _record(delivery, partner, now, status_code, latency, error)


def _record(delivery, partner, now, status_code, latency, error) -> str:
    """The answer, on the delivery (only its lease holder writes these fields) and on the
    partner's run of failures (counted in the database: other workers count too)."""
    Attempt.objects.create(
        delivery=delivery, at=now, status_code=status_code, latency_ms=latency, error=error[:500]
    )
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, error[:500]
    fields = ["attempts", "last_status_code", "last_error", "status"]
    partners = Partner.objects.filter(pk=partner.pk)
    if not error:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
        delivery.save(update_fields=[*fields, "delivered_at"])
        partners.update(failures_in_a_row=0)
        return "delivered"
    if delivery.attempts >= _setting("DISTRIBUTION_MAX_ATTEMPTS", MAX_ATTEMPTS):
        delivery.status, delivery.note = Delivery.Status.GAVE_UP, "Too many failed attempts."
        fields.append("note")
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        fields.append("next_attempt_at")
        tasks.wake_at(delivery.next_attempt_at)
    delivery.save(update_fields=fields)
    partners.update(failures_in_a_row=F("failures_in_a_row") + 1)
    limit = _setting("DISTRIBUTION_PAUSE_AFTER_FAILURES", PAUSE_AFTER_FAILURES)
    partners.filter(failures_in_a_row__gte=limit, paused_at__isnull=True).update(paused_at=now)
    return "failed"


def resume(partner: Partner) -> int:
    """Unpause a partner: what waited is due now. How many deliveries that was."""
    now = timezone.now()
    with transaction.atomic():
        Partner.objects.filter(pk=partner.pk).update(paused_at=None, failures_in_a_row=0)
        due = Delivery.objects.filter(partner=partner, status=Delivery.Status.PENDING).update(
            next_attempt_at=now
        )
        tasks.wake_at(now)
    return due


def resend(delivery: Delivery) -> Delivery:
    """Send a delivery again (a partner lost it, or it was given up): a new pending delivery
    of the same event, due now, so the receiver sees the same event id."""
    now = timezone.now()
    with transaction.atomic():
        again = Delivery.objects.create(
            event=delivery.event,
            partner=delivery.partner,
            article_id=delivery.article_id,
            due_at=now,
            next_attempt_at=now,
            note=f"Resent from delivery {delivery.pk}.",
        )
        tasks.wake_at(now)
    return again
