"""Partners and what is sent to them: each event (the outbox, written in the same transaction
as the change that caused it), each delivery of an event to a partner, and each attempt.

Above articles and sections: a partner subscribes to sections and topics, an event names its
article. Nothing below imports this app.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Partner(models.Model):
    name = models.CharField(max_length=200, unique=True)
    contact = models.CharField(
        max_length=300, blank=True, help_text="Who to call when deliveries fail: name, e-mail."
    )
    webhook_url = models.URLField(
        max_length=500,
        help_text="Where events are POSTed: https, at a public address (see docs/distribution.md).",
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text="Signs every delivery (the Newsroom-Signature header). Give it to the partner "
        "once, over a safe channel; change it to revoke.",
    )
    embargoed_copy = models.BooleanField(
        default=False,
        help_text="Receives stories under embargo (article.embargoed) before they go public.",
    )
    sections = models.ManyToManyField(
        "sections.Section",
        blank=True,
        related_name="partners",
        help_text="Only stories in these sections (or their subsections). None: every section.",
    )
    topics = models.ManyToManyField(
        "articles.Topic",
        blank=True,
        related_name="partners",
        help_text="Only stories with one of these topics. None: every topic. With sections "
        "too, a story in either is sent.",
    )
    active = models.BooleanField(default=True, help_text="Inactive partners receive nothing.")
    paused_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set after a run of failed deliveries: nothing is sent until it is resumed.",
    )
    failures_in_a_row = models.PositiveIntegerField(default=0)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner",
        editable=False,
        help_text="The partner's API login (its token: the desk's “Issue an API token”).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class EventType(models.TextChoices):
    PUBLISHED = "article.published", "Published"
    UPDATED = "article.updated", "Updated"
    CORRECTED = "article.corrected", "Corrected"
    UNPUBLISHED = "article.unpublished", "Unpublished"
    EMBARGOED = "article.embargoed", "Embargoed copy"


class Event(models.Model):
    """One thing that happened to an article that partners hear of. The id partners see is
    `uid`; `pk` orders an article's events."""

    Type = EventType

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=32, choices=Type.choices)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="distribution_events"
    )
    version = models.PositiveIntegerField(help_text="The article's version when it happened.")
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_type_display()}: {self.article_id} v{self.version}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    DELIVERED = "delivered", "Delivered"
    SKIPPED = "skipped", "Not sent"
    GAVE_UP = "gave_up", "Gave up"


class Delivery(models.Model):
    """An event for one partner: sent when due (`due_at`: at once, or when a scheduled story
    or an embargo goes public), retried with backoff until delivered or given up."""

    Status = DeliveryStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="deliveries")
    # The event's article, copied here so that "in order per article per partner" is one index.
    article_id = models.BigIntegerField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    due_at = models.DateTimeField(help_text="Not sent before this time.")
    next_attempt_at = models.DateTimeField(help_text="When the next attempt is made.")
    attempts = models.PositiveIntegerField(default=0)
    # When a worker first began to POST it, committed before the request: from then on the
    # partner may have it, even if the worker died before it could record the answer.
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why it was not sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            # The worker's question: what is due now?
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due",
            ),
            # Its second: is an earlier event for this article still waiting for this partner?
            models.Index(fields=["partner", "article_id", "event"], name="delivery_order"),
        ]

    def __str__(self):
        return f"{self.event} → {self.partner}"


class Attempt(models.Model):
    """One POST to a partner: what came back and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"
