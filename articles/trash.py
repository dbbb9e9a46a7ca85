"""The trash: deleting an article moves it there, off every public surface and restorable;
only editors empty it for good (its revisions stay recoverable even then)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import events, workflow
from articles.models import Article
from articles.permissions import may_empty_trash, may_trash


def trash(*, article: Article, by) -> Article:
    """Move an article to the trash: off every public surface, restorable."""
    if not may_trash(by, article):
        raise PermissionDenied("You may not delete articles.")
    if article.deleted_at is not None:
        return article
    return _set_trashed(article, by=by, trashed=True, message="Moved to the trash")


def restore_from_trash(*, article: Article, by) -> Article:
    if not may_trash(by, article):
        raise PermissionDenied("You may not restore articles from the trash.")
    return _set_trashed(article, by=by, trashed=False, message="Restored from the trash")


def _set_trashed(article: Article, *, by, trashed: bool, message: str) -> Article:
    was_public = article.is_public
    with workflow.writing(article):
        workflow.claim(article, expected_version=None)
        article.deleted_at = timezone.now() if trashed else None
        article.deleted_by = by if trashed else None
        article.updated_by = by
        article.save()
        workflow.record(by, message)
        if trashed:
            events.announce(
                events.article_unpublished,
                article,
                by=by,
                reason="trashed",
                was_public=was_public,
            )
        else:
            events.announce(events.article_restored, article, by=by)
    return article


def empty_trash(*, by, articles: Iterable[Article] | None = None) -> int:
    """Delete trashed articles for good; returns how many. Their revisions stay recoverable."""
    if not may_empty_trash(by):
        raise PermissionDenied("You may not empty the trash.")
    queryset = Article.objects.trashed()
    if articles is not None:
        queryset = queryset.filter(pk__in=[article.pk for article in articles])
    with transaction.atomic():
        count = queryset.count()
        queryset.delete()
    return count
