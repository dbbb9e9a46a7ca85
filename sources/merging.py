"""Folding duplicate sources into one without losing a single attribution."""

import reversion
from django.db import transaction

from sources.models import Attribution, Source


def merge_sources(*, target: Source, others: list[Source], by) -> int:
    """Point every attribution (and affiliation) of `others` at `target`, then delete them.

    Returns how many attributions moved.
    """
    others = [source for source in others if source.pk != target.pk]
    if target.affiliation_id in {source.pk for source in others}:
        raise ValueError(f"{target} cannot absorb its own affiliation.")
    with transaction.atomic(), reversion.create_revision():
        attributions = list(Attribution.objects.filter(source__in=others))
        for attribution in attributions:
            attribution.source = target
            attribution.save(update_fields=["source"])
        for member in Source.objects.filter(affiliation__in=others).exclude(pk=target.pk):
            member.affiliation = target
            member.save(update_fields=["affiliation"])
        names = ", ".join(source.name for source in others)
        Source.objects.filter(pk__in=[source.pk for source in others]).delete()
        reversion.set_user(by)
        reversion.set_comment(f"Merged sources {names} into {target.name}")
    return len(attributions)
