"""Photos in backups: the originals, as uploaded, in a tar beside the database backup
(`<backup>.photos.tar`), read back by a restore, which then makes any rendition that is
missing. Renditions are not archived: they are made again from the originals, exactly."""

import os
import tarfile
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from images import processing
from images.models import Image


class ArchiveError(Exception):
    """A photo archive that cannot be written or read; the message is one line."""


def archive_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".photos.tar")


def write(path: Path) -> int:
    """Write every image's original to a tar at `path` (atomically); return how many."""
    images = Image.objects.only("original").order_by("pk")
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    count = 0
    try:
        with tarfile.open(partial, "w") as archive:
            for image in images.iterator():
                with image.original.open("rb") as original:
                    content = original.read()
                member = tarfile.TarInfo(image.original.name)
                member.size = len(content)
                archive.addfile(member, ContentFile(content))
                count += 1
        os.replace(partial, path)
    except OSError as error:
        raise ArchiveError(f"{path}: the photos could not be archived ({error})") from None
    finally:
        Path(partial).unlink(missing_ok=True)
    return count


def read(path: Path) -> int:
    """Put the archived originals back where the restored rows expect them; return how many
    were written (those already in storage are left as they are)."""
    wanted = {image.original.name: image for image in Image.objects.only("original")}
    written = 0
    try:
        with tarfile.open(path, "r") as archive:
            for member in archive:
                image = wanted.get(member.name)
                if image is None or not member.isfile():
                    continue  # not a row of this database: never written anywhere
                storage = image.original.storage
                if storage.exists(member.name):
                    continue
                content = archive.extractfile(member).read()
                # The stored name is the row's own, made by us: no path from the archive.
                saved = storage.save(member.name, ContentFile(content))
                if saved != member.name:
                    raise ArchiveError(f"{member.name}: stored as {saved}")
                written += 1
    except (OSError, tarfile.TarError) as error:
        raise ArchiveError(f"{path}: not a readable photo archive ({error})") from None
    return written


def rebuild_missing(*, everything: bool = False) -> tuple[int, list[str]]:
    """Make again every rendition whose file is missing (or all of them); return how many
    images were rebuilt and the problems (an image whose original is missing)."""
    rebuilt, problems = 0, []
    for image in Image.objects.order_by("pk").iterator():
        names = [r["name"] for r in image.renditions]
        if not everything and names and all(default_storage.exists(n) for n in names):
            continue
        try:
            with image.original.open("rb") as original:
                decoded = processing.decode(original.read())
        except (OSError, processing.Refused) as error:
            problems.append(f"image {image.pk}: its original cannot be read ({error})")
            continue
        if everything:
            processing.delete_files(names)
        image.renditions = processing.make_renditions(
            decoded.pixels, image.content_hash, image.focal_x, image.focal_y
        )
        image.save(update_fields=["renditions"])
        rebuilt += 1
    return rebuilt, problems
