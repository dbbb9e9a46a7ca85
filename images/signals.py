"""A deleted image takes its files with it, once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete

from images import processing


def _delete_files(sender, instance, **kwargs):
    original, storage = instance.original.name, instance.original.storage
    names = [r["name"] for r in instance.renditions]

    def delete():
        if original:
            storage.delete(original)
        processing.delete_files(names)

    transaction.on_commit(delete)


def connect():
    from images.models import Image

    post_delete.connect(_delete_files, sender=Image, dispatch_uid="image_files")
