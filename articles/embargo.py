"""Embargoes: what an editor may do to an article's embargo in its form or the API
(`check_change`), and lifting one early, which is its own step: its own permission
(articles.lift_embargo, asked in articles/permissions.py), a reason, and both in the article's
history (django-reversion's comment). The rule that hides an embargoed story is
articles/querysets.py's published_q(); like a schedule it lifts with no job.

- A new embargo must end in the future.
- A story readers can already see cannot be put under embargo again: unpublish it instead.
- Once a story has gone out under embargo (published or scheduled, the embargo still to lift),
  its embargo may be moved later, never earlier nor taken off: that is lifting it early.
- Before then (a draft, a story in review) the embargo is the editor's to set, move or clear.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.permissions import may_lift_embargo

LIFT_EARLY = (
    "Lifting an embargo early is its own step: use “Lift the embargo now…”, which asks for a "
    "reason (and the permission to lift embargoes)."
)


def released_under_embargo(article: Article) -> bool:
    """Out to partners under embargo: published (or scheduled), the embargo still to lift."""
    return (
        article.pk is not None
        and article.status == Article.Status.PUBLISHED
        and article.deleted_at is None
        and article.is_embargoed
    )


def check_change(stored: Article | None, until: datetime | None) -> None:
    """Raise ValidationError if an editor may not give the article (as stored; None for a new
    one) this embargo in its form or the API."""
    before = stored.embargoed_until if stored is not None else None
    if until == before:
        return
    if stored is not None and released_under_embargo(stored):
        if until is None or until < before:
            raise ValidationError(LIFT_EARLY, code="lift_early")
        return
    if until is None:
        return
    if until <= timezone.now():
        raise ValidationError(
            "An embargo must end in the future; to publish now, leave it empty.", code="past"
        )
    if stored is not None and stored.is_public:
        raise ValidationError(
            "Readers can already see this story, so an embargo cannot hide it again; "
            "unpublish it first.",
            code="public",
        )


def lift_embargo(
    *, article: Article, by, reason: str, expected_version: int | None = None
) -> Article:
    """Lift an article's embargo now, before its time: its own permission, a reason, and both
    in the article's history. A published story goes public at once (or at its schedule)."""
    if not may_lift_embargo(by):
        raise PermissionDenied("You may not lift embargoes.")
    reason = (reason or "").strip()
    if not reason:
        raise workflow.WorkflowError("Say why the embargo is lifted early.")
    if not article.is_embargoed:
        raise workflow.WorkflowError("This article is not under an embargo.")
    with workflow.writing(article):
        workflow.claim(article, expected_version=expected_version)
        article.embargoed_until = timezone.now()
        article.updated_by = by
        article.save()
        workflow.record(by, f"Embargo lifted early by {by.get_username()}: {reason}")
        workflow.announce_update(article, by=by)
    return article
