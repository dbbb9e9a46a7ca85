"""Choosing renditions and writing the markup that shows them: <picture> with a source per
format (AVIF, WebP) and a JPEG <img> with explicit width and height, srcset and sizes; the
<figure> with caption, credit and the AI-generated label. Reads Image.renditions only (no
query, no file access)."""

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images.models import Image

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}

# How wide the photo is drawn, for the browser's choice of rendition: the article column.
ARTICLE_SIZES = "(min-width: 760px) 720px, 100vw"
TEASER_SIZES = "(min-width: 760px) 200px, 33vw"


def url(name: str) -> str:
    return default_storage.url(name)


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


def srcset(renditions) -> str:
    return ", ".join(f"{url(r['name'])} {r['width']}w" for r in renditions)


def picture(image: Image, *, sizes=ARTICLE_SIZES, crop="", lazy=True, width=960, css=""):
    """<picture> for the image: one <source> per modern format, a JPEG <img> with its size."""
    fallback = best(image, crop, width)
    if fallback is None:
        return ""
    formats = sorted({r["format"] for r in of(image, crop)} - {"jpeg"}, key=["avif", "webp"].index)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((MIME[fmt], srcset(of(image, crop, fmt)), sizes) for fmt in formats),
    )
    loading = mark_safe(' loading="lazy" decoding="async"') if lazy else ""
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
    parts = []
    if image.caption:
        parts.append(format_html('<span class="caption">{}</span>', image.caption))
    if image.credit:
        parts.append(format_html('<span class="credit">{}</span>', image.credit))
    if image.is_synthetic:
        parts.append(
            format_html(
                '<span class="synthetic">{}</span>',
                image.get_digital_source_type_display(),
            )
        )
    if not parts:
        return ""
    return format_html(
        "<figcaption>{}</figcaption>", format_html_join(" ", "{}", ((p,) for p in parts))
    )


def figure(image: Image, *, lazy=True, sizes=ARTICLE_SIZES, css="photo") -> str:
    return format_html(
        '<figure class="{}">{}{}</figure>',
        css,
        picture(image, sizes=sizes, lazy=lazy),
        figcaption(image),
    )


def absolute_urls(image: Image, build) -> dict:
    """For JSON-LD, og:image and feeds: the 1200-px crops at 16:9, 4:3 and 1:1 and the main
    large JPEG, as absolute URLs (`build` makes a path absolute)."""
    crops = {}
    for crop in ("16:9", "4:3", "1:1"):
        rendition = best(image, crop, 1200)
        if rendition:
            crops[crop] = {**rendition, "url": build(url(rendition["name"]))}
    main = best(image, "", 1200)
    return {"crops": crops, "main": {**main, "url": build(url(main["name"]))} if main else None}
