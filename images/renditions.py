"""Choosing renditions and writing the markup that shows them: <picture> with a source per
format (AVIF, WebP) and a JPEG <img> with explicit width and height, srcset and sizes; the
<figure> with caption, credit and the AI-generated label. Reads Image.renditions only (no
query, no file access)."""

import re

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.signals import setting_changed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images.models import Image

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}

# How wide the photo is drawn, for the browser's choice of rendition (static/css/site.css): the
# article column is 40rem inside the page's 1rem margins; a teaser's thumbnail is 7rem wide on
# a phone and 12rem from 48rem up.
ARTICLE_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
TEASER_SIZES = "(min-width: 48rem) 12rem, 7rem"
TEASER_CROP = "4:3"
# Social cards, feeds and JSON-LD: 1200 px wide, the width Facebook, X and Google ask for.
CARD_CROP = "16:9"
CARD_WIDTH = 1200
LD_CROPS = ("16:9", "4:3", "1:1")


# Names the file system storage's url() would return unchanged after its base: rendition
# names are made here ("renditions/<hash>/<width>-<crop>.<format>"), never typed by a user.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_./-]*")


def url(name: str) -> str:
    """The public address of a stored file. A list of photos draws hundreds of these; on the
    file system, a plain name is the base URL and the name, which is what Storage.url's
    quoting and urljoin make of it at twenty times the cost."""
    base = _plain_base()
    if base and _PLAIN_NAME.fullmatch(name) and "/." not in name and "//" not in name:
        return base + name
    return default_storage.url(name)


_base: list[str] = []  # the file system storage's base URL once known ("" for another storage)


def _plain_base() -> str:
    if not _base:
        plain = isinstance(default_storage, FileSystemStorage)
        base = default_storage.base_url if plain else ""
        _base.append(base if base.endswith("/") else "")
    return _base[0]


def _forget_base(*, setting, **kwargs) -> None:
    if setting in {"MEDIA_URL", "STORAGES", "MEDIA_ROOT"}:
        _base.clear()


setting_changed.connect(_forget_base, dispatch_uid="renditions-base-url")


def of(image: Image, crop: str = "", fmt: str | None = None) -> list[dict]:
    """The renditions of one shape (and format), narrowest first."""
    found = [
        r for r in image.renditions if r["crop"] == crop and (fmt is None or r["format"] == fmt)
    ]
    return sorted(found, key=lambda r: r["width"])


def best(image: Image, crop: str = "", width: int = 1280, fmt: str = "jpeg") -> dict | None:
    """The narrowest rendition at least `width` wide (or the widest there is)."""
    found = of(image, crop, fmt)
    if not found:
        return None
    return next((r for r in found if r["width"] >= width), found[-1])


def largest(image: Image, crop: str = "", fmt: str = "jpeg") -> dict | None:
    found = of(image, crop, fmt)
    return found[-1] if found else None


def srcset(renditions) -> str:
    return ", ".join(f"{url(r['name'])} {r['width']}w" for r in renditions)


def picture(
    image: Image, *, sizes=ARTICLE_SIZES, crop="", lazy=True, width=960, css="", priority=False
):
    """<picture> for the image: one <source> per modern format, a JPEG <img> with its size.
    `lazy` for photos below the first screen; `priority` for the one the page is about (the
    lead photo: fetched first, never lazily)."""
    fallback = best(image, crop, width)
    if fallback is None:
        return ""
    formats = sorted({r["format"] for r in of(image, crop)} - {"jpeg"}, key=["avif", "webp"].index)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((MIME[fmt], srcset(of(image, crop, fmt)), sizes) for fmt in formats),
    )
    if priority:
        loading = mark_safe(' fetchpriority="high"')
    elif lazy:
        loading = mark_safe(' loading="lazy" decoding="async"')
    else:
        loading = ""
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        format_html(' class="{}"', css) if css else "",
        sources,
        url(fallback["name"]),
        srcset(of(image, crop, "jpeg")),
        sizes,
        fallback["width"],
        fallback["height"],
        image.alt_text,
        loading,
    )


def figcaption(image: Image) -> str:
    """Caption and credit; a machine-made image says so first, before anything is read."""
    parts = []
    if image.is_synthetic:
        parts.append(
            format_html(
                '<span class="synthetic">{}</span>',
                image.get_digital_source_type_display(),
            )
        )
    if image.caption:
        parts.append(format_html('<span class="caption">{}</span>', image.caption))
    if image.credit:
        parts.append(format_html('<span class="credit">{}</span>', image.credit))
    if not parts:
        return ""
    return format_html(
        "<figcaption>{}</figcaption>", format_html_join(" ", "{}", ((p,) for p in parts))
    )


def figure(image: Image, *, lazy=True, sizes=ARTICLE_SIZES, css="photo", priority=False) -> str:
    """<figure> with the picture in its own shape and the caption, credit and AI label; a
    portrait photo is marked so the page can draw it narrower than the column."""
    if image.height > image.width:
        css = f"{css} portrait"
    return format_html(
        '<figure class="{}">{}{}</figure>',
        css,
        picture(image, sizes=sizes, lazy=lazy and not priority, priority=priority),
        figcaption(image),
    )


def teaser(image: Image) -> str:
    """The small crop shown beside a teaser's headline, loaded lazily."""
    return picture(image, crop=TEASER_CROP, sizes=TEASER_SIZES, width=320, lazy=True)


def absolute_urls(image: Image, build) -> dict:
    """For JSON-LD, og:image and feeds: the 1200-px crops at 16:9, 4:3 and 1:1 and the main
    large JPEG, as absolute URLs (`build` makes a path absolute)."""
    crops = {}
    for crop in LD_CROPS:
        rendition = best(image, crop, CARD_WIDTH)
        if rendition:
            crops[crop] = {**rendition, "url": build(url(rendition["name"]))}
    main = best(image, "", CARD_WIDTH)
    return {"crops": crops, "main": {**main, "url": build(url(main["name"]))} if main else None}
