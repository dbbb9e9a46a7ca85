"""The newsroom's policies, one record edited in the desk, and what readers send about a story
(feedback and correction requests), kept for the desk."""

from django.db import models
from django.db.models import Q

from trust.policies import POLICIES

SINGLETON_PK = 1


def _policy_text(field: str) -> models.TextField:
    policy = next(policy for policy in POLICIES if policy.field == field)
    return models.TextField(
        policy.title,
        blank=True,
        help_text=f"{policy.help_text} Markdown. Left empty, its page is not published.",
    )


class Policies(models.Model):
    """The newsroom's published policies: one row (pk 1), each policy a page under /about/."""

    publishing_principles = _policy_text("publishing_principles")
    corrections_policy = _policy_text("corrections_policy")
    ethics_policy = _policy_text("ethics_policy")
    diversity_policy = _policy_text("diversity_policy")
    masthead = _policy_text("masthead")
    unnamed_sources_policy = _policy_text("unnamed_sources_policy")
    verification_policy = _policy_text("verification_policy")
    feedback_policy = _policy_text("feedback_policy")
    ownership_funding = _policy_text("ownership_funding")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "newsroom policies"
        verbose_name_plural = "newsroom policies"
        constraints = [models.CheckConstraint(condition=Q(pk=SINGLETON_PK), name="policies_one")]

    def __str__(self):
        return "Newsroom policies"

    @classmethod
    def current(cls) -> "Policies":
        """The record (an empty, unsaved one if the database has none): one query."""
        return cls.objects.filter(pk=SINGLETON_PK).first() or cls(pk=SINGLETON_PK)

    def published(self) -> list:
        """The policies with text, in order: [(Policy, text)]."""
        found = ((policy, getattr(self, policy.field).strip()) for policy in POLICIES)
        return [(policy, text) for policy, text in found if text]


class FeedbackKind(models.TextChoices):
    CORRECTION = "correction", "Request a correction"
    FEEDBACK = "feedback", "Feedback on the story"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "Being looked at"
    CORRECTED = "corrected", "Corrected"
    ANSWERED = "answered", "Answered"
    DISMISSED = "dismissed", "Dismissed"


MESSAGE_MAX_LENGTH = 4000


class FeedbackRequest(models.Model):
    """What a reader sent about a story, for the desk to answer."""

    Kind = FeedbackKind
    Status = FeedbackStatus

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="feedback_requests"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField(blank=True, help_text="Given by the reader for a reply; optional.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    desk_note = models.TextField(blank=True, help_text="For the desk only: what was done.")
    created_at = models.DateTimeField(auto_now_add=True)
    # A keyed hash of the sender's address, for the rate limit: never the address itself.
    address = models.CharField(max_length=64, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [models.Index(fields=["status", "-created_at"], name="feedback_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeedbackKind.values), name="feedback_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FeedbackStatus.values), name="feedback_status_valid"
            ),
            models.CheckConstraint(condition=~Q(message=""), name="feedback_has_message"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"
