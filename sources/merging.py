"""Folding duplicate sources into one without losing a single attribution."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles import workflow
from articles.models import Article
from articles.permissions import CITED_SOURCE_REFUSAL, may_merge_sources
from sources.models import Attribution, Source


def merge_sources(*, target: Source, others: list[Source], by) -> int:
    """Point every attribution (and affiliation) of `others` at `target`, then delete them.

    Every article whose quotes move is a new version with the merge in its history. Returns
    how many attributions moved.
    """
    others = [source for source in others if source.pk != target.pk]
    if not may_merge_sources(by, [target, *others]):
        raise PermissionDenied(CITED_SOURCE_REFUSAL)
    if target.affiliation_id in {source.pk for source in others}:
        raise ValueError(f"{target} cannot absorb its own affiliation.")
    with transaction.atomic(), reversion.create_revision():
        # The stories quoting a merged-away source, found before the quotes move. (Those that
        # show one as a quoted person's organisation are touched when the person is re-pointed
        # below, as any change of affiliation is.)
        touched = set(
            Article.objects.filter(attributions__source__in=others).values_list("pk", flat=True)
        )
        attributions = list(Attribution.objects.filter(source__in=others))
        for attribution in attributions:
            attribution.source = target
            attribution.save(update_fields=["source"])
        for member in Source.objects.filter(affiliation__in=others).exclude(pk=target.pk):
            member.affiliation = target
            member.save(update_fields=["affiliation"])
        names = ", ".join(source.name for source in others)
        Source.objects.filter(pk__in=[source.pk for source in others]).delete()
        message = f"Merged sources {names} into {target.name}"
        workflow.touch_articles(
            articles=Article.objects.filter(pk__in=touched), by=by, message=message
        )
        reversion.set_user(by)
        reversion.set_comment(message)
    return len(attributions)
