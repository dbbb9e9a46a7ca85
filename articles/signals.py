"""Keep an article's revision whole: a change to one of its inlines, from any route, records
the article (with all its inlines) in the same revision."""

import reversion
from django.db.models.signals import post_delete, post_save

from articles.models import Article, Correction, Credit, TaggedArticle
from sources.models import Attribution


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


def connect():
    for model in (Credit, Attribution, TaggedArticle, Correction):
        post_save.connect(record_article, sender=model, dispatch_uid=f"revision-{model.__name__}")
        post_delete.connect(
            record_article, sender=model, dispatch_uid=f"revision-d-{model.__name__}"
        )
