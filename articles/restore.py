"""Restoring a revision: bring an article's content (its rows too) back as a revision recorded
it, as a new revision, leaving its workflow state as it is now."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles import dependencies, workflow
from articles.models import Article
from articles.permissions import may_edit

# What a restore leaves alone: the workflow state and bookkeeping belong to now, not the past.
_KEEP_ON_RESTORE = (
    "status",
    "published_at",
    "version",
    "deleted_at",
    "deleted_by_id",
    "created_by_id",
    "created_at",
    "external_id",
)


def restore_revision(*, article: Article, version_id: int, by) -> Article:
    """Bring back an article's content (inlines included) as it was in a revision.

    The restore is itself a new revision; status and publication time stay as they are now.
    """
    if not may_edit(by, article):
        raise PermissionDenied("You may not edit this article.")
    version = (
        reversion.models.Version.objects.get_for_object(article)
        .select_related("revision")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise workflow.WorkflowError("That revision does not belong to this article.")
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        kept = {field: getattr(current, field) for field in _KEEP_ON_RESTORE}
        try:
            _revert_article_only(article, version.revision)
        except IntegrityError:
            raise workflow.WorkflowError(
                "That revision refers to a contributor, source or topic that has since been "
                "deleted, so it cannot be restored as it was."
            ) from None
        restored = Article.objects.get(pk=article.pk)
        for field, value in kept.items():
            setattr(restored, field, value)
        restored.version = kept["version"] + 1
        restored.updated_by = by
        restored.save()
        workflow.announce_update(restored, by=by)
        when = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
        workflow.record(by, f"Restored the revision of {when}")
    return restored


# The article's inline models and the field that points at the article.
def _inlines() -> dict:
    return {model: inline.article_field for model, inline in dependencies.INLINES.items()}


def _revert_article_only(article: Article, revision) -> None:
    """Put back this article and its inlines as `revision` recorded them, and nothing else.

    A revision can hold other articles too (a bulk action is one request, one revision);
    reverting it whole would restore their old state and status as well.
    """
    inlines = _inlines()
    own, keep = [], {model: set() for model in inlines}
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is Article and str(version.object_id) == str(article.pk):
            own.insert(0, version)  # the article first, then its inlines
        elif model in inlines:
            owner = version.field_dict.get(inlines[model])
            if str(owner) == str(article.pk):
                own.append(version)
                keep[model].add(version.field_dict["id"])
    for model, field in inlines.items():
        model.objects.filter(**{field: article.pk}).exclude(pk__in=keep[model]).delete()
    for version in own:
        version.revert()
