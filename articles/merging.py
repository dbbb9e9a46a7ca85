"""Folding duplicate topics into one without losing a single tagging."""

import reversion
from django.db import transaction

from articles import workflow
from articles.models import Article, TaggedArticle, Topic


def merge_topics(*, target: Topic, others: list[Topic], by) -> int:
    """Re-tag every article of `others` with `target`, then delete `others`.

    Returns how many taggings moved. An article tagged with both keeps one tagging. Every
    article re-tagged is a new version with the merge in its history.
    """
    others = [topic for topic in others if topic.pk != target.pk]
    moved = 0
    with transaction.atomic(), reversion.create_revision():
        touched = set(
            TaggedArticle.objects.filter(tag__in=others).values_list("content_object_id", flat=True)
        )
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
        message = f"Merged topics {names} into {target.name}"
        workflow.touch_articles(
            articles=Article.objects.filter(pk__in=touched), by=by, message=message
        )
        reversion.set_user(by)
        reversion.set_comment(message)
    return moved
