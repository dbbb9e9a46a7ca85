"""What a change to sections makes stale. Every reader page shows the navigation, so a section
added, renamed, moved or removed empties the page cache (sections change a few times a year);
a story saved with a section may bring its section into print, so the navigation is read
again; and whenever the public lists are invalidated, so is the navigation."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from newsroom import pagecache
from sections import navigation
from sections.models import Section


def _section_changed(sender, instance, **kwargs):
    navigation.forget()
    transaction.on_commit(
        lambda: pagecache.invalidate({pagecache.SITE_TAG}), using=DEFAULT_DB_ALIAS
    )


def _story_before(sender, instance, raw=False, **kwargs):
    if sender is _article_model() and instance.pk and not raw:
        instance._section_before = (
            sender._default_manager.using(DEFAULT_DB_ALIAS)
            .filter(pk=instance.pk)
            .values_list("section_id", flat=True)
            .first()
        )


def _story_saved(sender, instance, **kwargs):
    if sender is not _article_model():
        return
    if instance.section_id or getattr(instance, "_section_before", None):
        navigation.forget()


def _lists_changed(sender, tags, **kwargs):
    if "home" in tags or pagecache.SITE_TAG in tags:
        navigation.forget()


def _article_model():
    return apps.get_model("articles", "Article")


def connect() -> None:
    post_save.connect(_section_changed, sender=Section, dispatch_uid="sections-saved")
    post_delete.connect(_section_changed, sender=Section, dispatch_uid="sections-deleted")
    pre_save.connect(_story_before, dispatch_uid="sections-story-before")
    post_save.connect(_story_saved, dispatch_uid="sections-story-saved")
    post_delete.connect(_story_saved, dispatch_uid="sections-story-deleted")
    pagecache.tags_changed.connect(_lists_changed, dispatch_uid="sections-lists-changed")
