"""Curating a front evicts exactly that front: a pin's save or removal invalidates the home
page's or its section front's tag once the transaction commits (and, moved from one front to
another, the old one's too)."""

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from fronts.curation import front_tag
from fronts.models import FrontSlot
from newsroom import pagecache

_NEW = object()  # no pin before this save


def _before(sender, instance, raw=False, **kwargs):
    instance._front_before = (
        FrontSlot.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=instance.pk)
        .values_list("section_id", flat=True)
        .first()
        if instance.pk
        else _NEW
    )


def _changed(sender, instance, **kwargs):
    tags = {front_tag(instance.section_id)}
    before = getattr(instance, "_front_before", _NEW)
    if before is not _NEW and before != instance.section_id:
        tags.add(front_tag(before))
    transaction.on_commit(lambda: pagecache.invalidate(tags), using=DEFAULT_DB_ALIAS)


def connect() -> None:
    pre_save.connect(_before, sender=FrontSlot, dispatch_uid="fronts-before")
    post_save.connect(_changed, sender=FrontSlot, dispatch_uid="fronts-saved")
    post_delete.connect(_changed, sender=FrontSlot, dispatch_uid="fronts-deleted")
