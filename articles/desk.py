"""The desk's front page: what needs doing now, in a fixed number of queries."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article, ArticleStatus, Correction
from articles.querysets import published_q, scheduled_q

LIMIT = 8


def desk_queue(user) -> dict:
    """Articles in review, scheduled soon, the user's drafts, recently published, and recent
    corrections, each with a total count."""
    now = timezone.now()
    soon = now + timedelta(hours=48)
    live = Article.objects.live().only(
        "pk", "headline", "slug", "status", "published_at", "updated_at"
    )
    in_review = Q(status=ArticleStatus.REVIEW)
    scheduled = scheduled_q(until=soon)
    own_drafts = Q(status=ArticleStatus.DRAFT, created_by=user)
    published = published_q()
    counts = Article.objects.live().aggregate(
        review=Count("pk", filter=in_review),
        scheduled=Count("pk", filter=scheduled),
        drafts=Count("pk", filter=own_drafts),
        published=Count("pk", filter=published),
    )
    corrections = Correction.objects.filter(article__deleted_at__isnull=True)
    return {
        "review": (counts["review"], list(live.filter(in_review).order_by("updated_at")[:LIMIT])),
        "scheduled": (
            counts["scheduled"],
            list(live.filter(scheduled).order_by("published_at")[:LIMIT]),
        ),
        "drafts": (counts["drafts"], list(live.filter(own_drafts).order_by("-updated_at")[:LIMIT])),
        "published": (
            counts["published"],
            list(live.filter(published).order_by("-published_at")[:LIMIT]),
        ),
        "corrections": (
            corrections.count(),
            list(corrections.select_related("article").order_by("-published_at")[:LIMIT]),
        ),
    }
