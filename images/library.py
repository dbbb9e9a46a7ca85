"""Putting photos in the library and changing how they are cut: the only writers of an
Image's file, renditions and focal point (the desk, the API, imports and tests all come here)."""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from images import processing
from images.models import Image

TEXT_FIELDS = (
    "alt_text",
    "caption",
    "credit",
    "copyright_notice",
    "licence",
    "origin",
    "origin_detail",
    "digital_source_type",
)


def store_upload(upload, *, user=None, **fields) -> tuple[Image, bool]:
    """Decode, validate and store an upload with its renditions; the same photo uploaded
    again is the image already in the library (returned with created=False, its text kept).
    Raises processing.Refused (a ValidationError) with nothing stored."""
    decoded = processing.decode(processing.read_upload(upload))
    return store_decoded(decoded, user=user, **fields)


def store_decoded(decoded, *, user=None, **fields) -> tuple[Image, bool]:
    existing = Image.objects.filter(content_hash=decoded.content_hash).first()
    if existing:
        return existing, False
    unknown = set(fields) - set(TEXT_FIELDS) - {"focal_x", "focal_y"}
    if unknown:
        raise TypeError(f"not image fields: {', '.join(sorted(unknown))}")
    image = Image(
        content_hash=decoded.content_hash,
        format=decoded.format,
        width=decoded.width,
        height=decoded.height,
        file_size=len(decoded.content),
        uploaded_by=user if user is not None and user.is_authenticated else None,
        **fields,
    )
    renditions = processing.make_renditions(
        decoded.pixels, decoded.content_hash, image.focal_x, image.focal_y
    )
    image.renditions = renditions
    image.original.save("upload", ContentFile(decoded.content), save=False)
    try:
        with transaction.atomic():
            image.save()
    except IntegrityError:
        # Someone stored the same photo a moment ago: theirs is the library's copy (the
        # renditions, named by the content hash, are the same files and stay).
        image.original.delete(save=False)
        return Image.objects.get(content_hash=decoded.content_hash), False
    return image, True


def set_focal_point(image: Image, focal_x: float, focal_y: float) -> Image:
    """Move the focal point and re-cut the 16:9, 4:3 and 1:1 crops around it (the old crop
    files are removed once the new ones are stored)."""
    focal_x, focal_y = (min(max(float(v), 0.0), 1.0) for v in (focal_x, focal_y))
    if (focal_x, focal_y) == (image.focal_x, image.focal_y):
        return image
    try:
        with image.original.open("rb") as handle:
            decoded = processing.decode(handle.read())
    except OSError:
        raise processing.Refused(
            "The photo's original file is missing from storage, so its crops cannot be cut "
            "again; restore it from a backup (manage.py restore) or upload the photo again.",
            code="original_missing",
        ) from None
    crops = processing.make_renditions(
        decoded.pixels, image.content_hash, focal_x, focal_y, crops_only=True
    )
    old = [r["name"] for r in image.renditions if r["crop"]]
    image.focal_x, image.focal_y = focal_x, focal_y
    image.renditions = [r for r in image.renditions if not r["crop"]] + crops
    image.save(update_fields=["focal_x", "focal_y", "renditions", "updated_at"])
    keep = {r["name"] for r in crops}
    transaction.on_commit(lambda: processing.delete_files([n for n in old if n not in keep]))
    return image
