"""Embargoes: lifting one early, the one write of an article's embargo outside its form. Its
own permission (articles.lift_embargo, asked in articles/permissions.py), a reason, and both in
the article's history (django-reversion's comment). The rule that hides an embargoed story is
articles/querysets.py's published_q(); like a schedule it lifts with no job."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.permissions import may_lift_embargo


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
