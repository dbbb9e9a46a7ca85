"""Folding duplicate topics into one without losing a single tagging."""

import reversion
from django.db import transaction

from articles.models import TaggedArticle, Topic


def merge_topics(*, target: Topic, others: list[Topic], by) -> int:
    """Re-tag every article of `others` with `target`, then delete `others`.

    Returns how many taggings moved. An article tagged with both keeps one tagging.
    """
    others = [topic for topic in others if topic.pk != target.pk]
    moved = 0
    with transaction.atomic(), reversion.create_revision():
        already = set(
            TaggedArticle.objects.filter(tag=target).values_list("content_object_id", flat=True)
        )
        for tagged in TaggedArticle.objects.filter(tag__in=others).select_related("tag"):
            if tagged.content_object_id in already:
                tagged.delete()
                continue
            tagged.tag = target
            tagged.save(update_fields=["tag"])
            already.add(tagged.content_object_id)
            moved += 1
        names = ", ".join(topic.name for topic in others)
        Topic.objects.filter(pk__in=[topic.pk for topic in others]).delete()
        reversion.set_user(by)
        reversion.set_comment(f"Merged topics {names} into {target.name}")
    return moved
