"""Keep an article's revision whole and its version honest, whatever route a change takes:

- a change to one of its inlines records the article (with all its inlines) in the same
  revision;
- a change to what it shows of a topic, contributor or source (a name, a title) is a change
  to the article: its version moves, so its ETag and any open form notice, and its history
  records it.
"""

import reversion
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from articles import workflow
from articles.models import Article, Contributor, Correction, Credit, TaggedArticle, Topic
from sources.models import Attribution, Source

# What an article shows of each related object, and which articles show a given one.
SHOWN = {
    Topic: (("name", "slug"), lambda pk: Q(tagged_topics__tag=pk)),
    Contributor: (("name", "slug"), lambda pk: Q(credits__contributor=pk)),
    Source: (
        ("name", "slug", "kind", "title", "affiliation_id"),
        # A quoted person's organisation is shown beside them.
        lambda pk: Q(attributions__source=pk) | Q(attributions__source__affiliation=pk),
    ),
}


def _article_of(instance):
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    if article_id is None:
        return None
    return Article.objects.filter(pk=article_id).first()


def record_article(sender, instance, **kwargs):
    if not reversion.is_active() or reversion.is_manage_manually():
        return
    article = _article_of(instance)
    if article is not None:
        reversion.add_to_revision(article)


def remember_shown(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields, _ = SHOWN[sender]
    instance._shown_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _touch_showing(sender, instance, message: str) -> None:
    _, showing = SHOWN[sender]
    workflow.touch_articles(
        articles=Article.objects.filter(showing(instance.pk)), by=None, message=message
    )


def shown_saved(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_shown_before", None)
    if raw or created or before is None:
        return
    fields, _ = SHOWN[sender]
    changed = [
        field for field, old in zip(fields, before, strict=True) if old != getattr(instance, field)
    ]
    if changed:
        noun = sender._meta.verbose_name
        what = ", ".join(field.removesuffix("_id") for field in changed)
        _touch_showing(sender, instance, f"The {noun} “{instance}” changed ({what})")
    instance._shown_before = None


def shown_deleted(sender, instance, **kwargs):
    # Before the delete, while the links to it still exist (topics cascade to their taggings).
    _touch_showing(sender, instance, f"The {sender._meta.verbose_name} “{instance}” was deleted")


def connect():
    for model in SHOWN:
        uid = f"shown-{model.__name__}"
        pre_save.connect(remember_shown, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(shown_saved, sender=model, dispatch_uid=f"{uid}-post")
        pre_delete.connect(shown_deleted, sender=model, dispatch_uid=f"{uid}-delete")
    for model in (Credit, Attribution, TaggedArticle, Correction):
        post_save.connect(record_article, sender=model, dispatch_uid=f"revision-{model.__name__}")
        post_delete.connect(
            record_article, sender=model, dispatch_uid=f"revision-d-{model.__name__}"
        )
