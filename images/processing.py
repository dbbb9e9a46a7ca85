"""Uploads in, renditions out. An upload is decoded whole before anything is stored (the
extension and the content type are never trusted); renditions are made once, at upload or when
the focal point moves, never on a reader's request, and carry none of the original's metadata
(EXIF, XMP, GPS) because each is encoded from fresh pixels.

Pillow is imported on first use, not at start-up: a web worker that never handles an upload
(every reader's request) does not carry it (several MiB of resident memory per worker)."""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

if TYPE_CHECKING:
    from PIL import Image as PILImage

# Formats we take, by Pillow's name; anything else Pillow may open (TIFF, BMP, PSD, ICO...) is
# refused with the list below.
ACCEPTED = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}
ACCEPTED_LABEL = "JPEG, PNG, WebP, AVIF or a still GIF"

WIDTHS = (320, 640, 960, 1280, 1920)
CROPS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1)}
CROP_WIDTHS = (320, 640, 1200)


@functools.cache
def formats() -> tuple[str, ...]:
    """Best first: a <picture> lists its sources in this order; JPEG is the <img> fallback."""
    from PIL import features

    return ("avif", "webp", "jpeg") if features.check("avif") else ("webp", "jpeg")


def __getattr__(name):
    # `processing.FORMATS`, asked for once Pillow is wanted anyway.
    if name == "FORMATS":
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SAVE = {
    "avif": ("AVIF", {"quality": 60, "speed": 8}),
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}

# Markup that has no business inside a photo: a file carrying it is a polyglot (an image that a
# browser, or a careless proxy, could also run as a page or a script). Looked for where text
# can hide (the first bytes, comments and metadata segments, anything after the image's end),
# never in the compressed pixels, where a four-byte run like "<svg" turns up by chance in about
# one 10 MB photo in fifty.
_MARKUP = (b"<html", b"<script", b"<body", b"<iframe", b"<svg", b"<!doctype", b"<?php")
_ENDS = {"JPEG": b"\xff\xd9", "PNG": b"IEND\xaeB`\x82"}


@functools.cache
def _srgb():
    from PIL import ImageCms

    return ImageCms.createProfile("sRGB")


class Refused(ValidationError):
    """An upload that is not a photo we can print, with a message for the person uploading."""


@dataclass(frozen=True)
class Decoded:
    content: bytes
    content_hash: str
    format: str  # our name: jpeg, png, ...
    width: int  # as displayed (orientation applied)
    height: int
    pixels: PILImage.Image  # 8-bit RGB or RGBA, upright, no metadata


def _refuse(message, code):
    raise Refused(message, code=code)


def read_upload(upload) -> bytes:
    """The upload's bytes, refusing an empty or oversized file before decoding anything."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _refuse(_too_big(size, limit), "too_big")
    upload.seek(0)
    content = upload.read(limit + 1)
    if not content:
        _refuse("The file is empty.", "empty")
    if len(content) > limit:
        _refuse(_too_big(len(content), limit), "too_big")
    return content


def _too_big(size, limit):
    return f"The file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB."


def decode(content: bytes) -> Decoded:
    """Decode the whole file, or refuse it with a reason a person can act on."""
    head = content[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        _refuse(
            f"SVG files are not accepted (they can carry scripts); upload a {ACCEPTED_LABEL}.",
            "svg",
        )
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    limit = settings.IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns between the limit and twice it, and raises beyond: refuse both.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            PILImage.MAX_IMAGE_PIXELS = limit
            image = PILImage.open(io.BytesIO(content))
            name = image.format
            if name not in ACCEPTED:
                if name in {"HEIF", "HEIC"} or content[4:12] in (b"ftypheic", b"ftypheix"):
                    _refuse(_heic(), "heic")
                _refuse(f"This is a {name or 'file'} image; upload a {ACCEPTED_LABEL}.", "format")
            if getattr(image, "n_frames", 1) > 1:
                _refuse(
                    "Animated images are not accepted: upload a still (the first frame "
                    "exported as JPEG or PNG), or embed the animation as video.",
                    "animated",
                )
            image.load()
    except Refused:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        _refuse(f"The image is too large to process (over {limit / 1e6:.0f} megapixels).", "bomb")
    except UnidentifiedImageError:
        if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypheis"):
            _refuse(_heic(), "heic")
        _refuse(f"This file is not an image we can read; upload a {ACCEPTED_LABEL}.", "not_image")
    except (OSError, SyntaxError, ValueError) as error:
        _refuse(f"The image is damaged or cut short and cannot be read ({error}).", "truncated")
    if _carries_markup(image, name, content):
        _refuse(
            "The file carries web markup inside the image data (a polyglot file) and is "
            "refused; export the photo again from an image editor.",
            "polyglot",
        )
    pixels = _upright_rgb(image)
    return Decoded(
        content=content,
        content_hash=hashlib.sha256(content).hexdigest(),
        format=ACCEPTED[name],
        width=pixels.width,
        height=pixels.height,
        pixels=pixels,
    )


def _text_parts(image, name, content) -> list[bytes]:
    """The parts of the file where text, not pixels, is stored."""
    parts = [content[:1024]]
    for _marker, segment in getattr(image, "applist", []):  # JPEG APPn segments (EXIF, XMP)
        parts.append(segment)
    for key in ("comment", "exif", "xmp", "XML:com.adobe.xmp"):
        value = image.info.get(key)
        if value:
            parts.append(value if isinstance(value, bytes) else str(value).encode())
    for value in getattr(image, "text", {}).values():  # PNG tEXt, iTXt, zTXt
        parts.append(str(value).encode())
    # What follows the format's end is no part of the image.
    end = _ENDS.get(name)
    if end:
        position = content.rfind(end)
        if position >= 0:
            parts.append(content[position + len(end) :])
    elif name == "WEBP" and content[:4] == b"RIFF":
        parts.append(content[8 + int.from_bytes(content[4:8], "little") :])
    elif name == "GIF":
        parts.append(content)  # no reliable end marker: the whole (small, rare) file
    return parts


def _carries_markup(image, name, content) -> bool:
    return any(
        marker in part.lower() for part in _text_parts(image, name, content) for marker in _MARKUP
    )


def _heic():
    return f"HEIC/HEIF photos are not supported here; export the photo as JPEG ({ACCEPTED_LABEL})."


def _upright_rgb(image: PILImage.Image) -> PILImage.Image:
    """Orientation applied, colour in 8-bit sRGB (CMYK and 16-bit converted), metadata gone."""
    from PIL import Image as PILImage
    from PIL import ImageCms, ImageOps

    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        upright = image  # unreadable EXIF: the pixels as stored (the EXIF is dropped anyway)
    profile = upright.info.get("icc_profile")
    if profile and upright.mode in {"RGB", "RGBA", "CMYK", "L"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if upright.mode == "RGBA" else "RGB"
            upright = ImageCms.profileToProfile(upright, source, _srgb(), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    if upright.mode in {"I;16", "I;16B", "I;16L", "I"}:
        upright = upright.point(lambda value: value / 256).convert("L")
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or (
        upright.mode == "P" and "transparency" in upright.info
    )
    fresh = upright.convert("RGBA" if has_alpha else "RGB")
    # Pixels only: a new image carries no EXIF, XMP, ICC or comment from the original.
    clean = PILImage.new(fresh.mode, fresh.size)
    clean.paste(fresh)
    return clean


def crop_box(width, height, ratio, focal_x, focal_y) -> tuple[int, int, int, int]:
    """The largest box of the given ratio inside the image, centred on the focal point as far
    as the edges allow."""
    rw, rh = ratio
    box_w, box_h = width, round(width * rh / rw)
    if box_h > height:
        box_w, box_h = round(height * rw / rh), height
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _encode(pixels: PILImage.Image, fmt: str) -> bytes:
    name, options = _SAVE[fmt]
    if fmt == "jpeg" and pixels.mode != "RGB":
        pixels = _flatten(pixels)
    out = io.BytesIO()
    pixels.save(out, name, **options)
    return out.getvalue()


def _flatten(pixels):
    from PIL import Image as PILImage

    white = PILImage.new("RGB", pixels.size, (255, 255, 255))
    white.paste(pixels, mask=pixels.getchannel("A"))
    return white


def _sizes(source_width, widths):
    """The widths to make: those narrower than the source, and the source's own width when it
    is narrower than the widest (a small photo is not blown up, nor left out)."""
    sizes = [w for w in widths if w < source_width]
    return sorted({*sizes, min(source_width, widths[-1])}) if source_width else sizes


def make_renditions(
    pixels, content_hash, focal_x=0.5, focal_y=0.5, *, crops_only=False
) -> list[dict]:
    """Encode every rendition and store it; return their descriptions (see Image.renditions).
    Widths never exceed the original's: a small photo is not blown up."""
    from PIL import Image as PILImage

    made = []
    stem = f"images/renditions/{content_hash[:2]}/{content_hash}"
    shapes = [] if crops_only else [("", pixels, WIDTHS)]
    for crop, ratio in CROPS.items():
        box = crop_box(pixels.width, pixels.height, ratio, focal_x, focal_y)
        shapes.append((crop, pixels.crop(box), CROP_WIDTHS))
    for crop, source, widths in shapes:
        tag = crop.replace(":", "x") or "full"
        focus = f"-{round(focal_x * 100)}-{round(focal_y * 100)}" if crop else ""
        # Largest first, each smaller one from the one before: a 24-megapixel photo is
        # resampled in full once per shape, not once per width.
        for width in sorted(_sizes(source.width, widths), reverse=True):
            height = max(1, round(source.height * width / source.width))
            source = source.resize((width, height), PILImage.LANCZOS, reducing_gap=3.0)
            resized = source
            for fmt in formats():
                name = f"{stem}-{tag}{focus}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
                if not default_storage.exists(name):
                    default_storage.save(name, ContentFile(_encode(resized, fmt)))
                made.append(
                    {"name": name, "width": width, "height": height, "format": fmt, "crop": crop}
                )
    return made


def delete_files(names) -> None:
    for name in names:
        default_storage.delete(name)
