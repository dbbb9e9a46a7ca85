"""The desk's front page (what needs doing now, in a fixed number of queries) and the byline a
new story starts with."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleStatus, Contributor, Correction
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


def own_contributor(user) -> Contributor | None:
    """The signed-in journalist's contributor, for the byline a new story starts with; made
    from their name the first time they write one."""
    if not getattr(user, "pk", None):
        return None
    existing = Contributor.objects.filter(user=user).first()
    if existing is not None:
        return existing
    name = user.get_full_name().strip() or user.get_username()
    base = slugify(name) or f"contributor-{user.pk}"
    slug, n = base, 1
    while Contributor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    try:
        with transaction.atomic():
            return Contributor.objects.create(user=user, name=name, slug=slug)
    except IntegrityError:
        # Two tabs at once: the other made it.
        return Contributor.objects.filter(user=user).first()
