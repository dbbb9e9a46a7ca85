"""Keep an article's revision whole and its version honest, whatever route a change takes:

- a change to one of its inline rows (articles/dependencies.py: credits, taggings, corrections,
  attributions) records the article, with all its rows, in the same revision;
- a change to what it shows of something else (a topic's name, a source's title) is a change
  to the article: its version moves, so its ETag and any open form notice, and its history
  records it.
"""

import reversion
from django.db.models.signals import post_delete, post_save, pre_delete

from articles import dependencies, workflow
from articles.models import Article


def record_article(sender, instance, **kwargs):
    """post_save and post_delete of an inline row: the article goes into the same revision."""
    if sender not in dependencies.INLINES:
        return
    if not reversion.is_active() or reversion.is_manage_manually():
        return
    article = Article.objects.filter(pk=dependencies.article_id(instance)).first()
    if article is not None:
        reversion.add_to_revision(article)


def _touch_showing(sender, instance, message: str) -> None:
    showing = dependencies.SHOWN[sender].articles({instance.pk})
    workflow.touch_articles(articles=Article.objects.filter(showing), by=None, message=message)


def shown_saved(sender, instance, created=False, raw=False, **kwargs):
    if sender not in dependencies.SHOWN or raw or created:
        return
    shown = dependencies.SHOWN[sender].fields
    changed = [column for column in dependencies.changed(instance) if column in shown]
    if changed:
        noun = sender._meta.verbose_name
        what = ", ".join(column.removesuffix("_id") for column in changed)
        _touch_showing(sender, instance, f"The {noun} “{instance}” changed ({what})")


def shown_deleted(sender, instance, **kwargs):
    # Before the delete, while the links to it still exist (topics cascade to their taggings).
    if sender in dependencies.SHOWN:
        noun = sender._meta.verbose_name
        _touch_showing(sender, instance, f"The {noun} “{instance}” was deleted")


def connect():
    # One receiver each for every model: the sources app registers its models after this runs.
    post_save.connect(record_article, dispatch_uid="revision-inline-saved")
    post_delete.connect(record_article, dispatch_uid="revision-inline-deleted")
    post_save.connect(shown_saved, dispatch_uid="version-shown-saved")
    pre_delete.connect(shown_deleted, dispatch_uid="version-shown-deleted")
