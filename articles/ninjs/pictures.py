"""Photos in ninjs 2.2, both ways. Out: an article's lead photo and inline photos as
`associations` (type "picture": renditions at absolute addresses, caption and alt text as
descriptions, credit as `by`, copyright, licence as `usageterms`, the IPTC digital source
type). In: an item's associated pictures read for the importer, each with the text its library
image takes and the local file it is made from (found by its renditions' addresses inside a
media directory the importer names; never fetched from the network, never outside it), and the
body's <figure>s that show them.

Nothing here touches the database; `articles/ingest.py` stores what is read.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import reverse

from articles.ingest_checks import WireFormatError, preview, require_regular_file
from images import processing, renditions
from images.figures import PLACEHOLDER
from images.models import IPTC_DIGITAL_SOURCE_TYPE, DigitalSourceType, Image
from newsroom.serializers import absolute

LEAD = "featureimage"
INLINE = "picture-{}"
TYPES = {"picture", "graphic"}
CAPTION_ROLES = {"caption", "text", "summary", ""}
ALT_ROLES = {"alt", "alttext", "alt-text", "alternativetext"}
# A picture's rendition of one of these types is a file we may take (others are tried last).
IMAGE_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/webp", "image/avif", "image/gif"}


# --- Out -------------------------------------------------------------------------------------


def associations(article, *, request=None, when) -> list[dict]:
    """The lead photo ("featureimage") and the inline ones ("picture-1", ... in the body's
    order) as ninjs associations. Expects the lead image joined and the inline ones prefetched;
    `when` writes a time as ninjs does."""
    found = []
    if article.lead_image_id:
        found.append((LEAD, article.lead_image))
    order = {int(pk): n for n, pk in enumerate(PLACEHOLDER.findall(article.body_html))}
    inline = sorted(article.inline_images.all(), key=lambda image: order.get(image.pk, len(order)))
    found += [(INLINE.format(n), image) for n, image in enumerate(inline, start=1)]
    return [picture(image, name=name, request=request, when=when) for name, image in found]


def picture(image: Image, *, name: str, request=None, when) -> dict:
    """One library photo as a ninjs picture."""
    item = {
        "name": name,
        "uri": absolute(request, reverse("api:image-detail", args=[image.pk])),
        "type": "picture",
        "representationtype": "full",
        "firstcreated": when(image.uploaded_at),
        "versioncreated": when(image.updated_at),
        "digitalsourcetype": {
            "uri": image.digital_source_type_uri,
            "name": image.get_digital_source_type_display(),
        },
        "renditions": [
            {
                "name": f"{(r['crop'] or 'full').replace(':', 'x')}-{r['width']}-{r['format']}",
                "href": absolute(request, renditions.url(r["name"])),
                "contenttype": renditions.MIME[r["format"]],
                "width": r["width"],
                "height": r["height"],
            }
            for r in sorted(image.renditions, key=lambda r: (r["crop"], r["width"], r["format"]))
        ],
    }
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": value}
        for role, value in (("text", image.caption), ("alt", image.alt_text))
        if value
    ]
    if descriptions:
        item["descriptions"] = descriptions
    for key, value in (
        ("by", image.credit),
        ("copyrightnotice", image.copyright_notice),
        ("usageterms", image.licence),
    ):
        if value:
            item[key] = value
    if image.origin == "agency" and image.origin_detail:
        item["infosources"] = [{"name": image.origin_detail}]
    return item


# --- In --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NinjsPicture:
    """An associated picture as the importer stores it."""

    name: str
    fields: dict  # the library image's text: alt_text, caption, credit, ...
    hrefs: list[str]  # its renditions' addresses, the best file to make it from first
    addresses: set[str] = field(default_factory=set)  # what a body <figure> may show it by


def read_pictures(item: dict) -> tuple[list[NinjsPicture], list[str]]:
    """The item's associated pictures, and a warning for each association that is not one.
    Raises WireFormatError for a picture whose digital source type is not IPTC's: better no
    story than an AI-made photo printed as a camera's."""
    pictures, warnings = [], []
    provider = next((s.get("name", "") for s in item.get("infosources") or []), "")
    provider = provider or item.get("copyrightholder", "")
    for association in item.get("associations") or []:
        name = association["name"]
        kind = association.get("type", "")
        if kind not in TYPES:
            warnings.append(
                f"association {name!r} ({kind or 'no type'}) not imported: only pictures are"
            )
            continue
        hrefs = _best_first(association.get("renditions") or [])
        if not hrefs:
            raise WireFormatError(f"picture {name!r} has no rendition with an href to import")
        pictures.append(
            NinjsPicture(
                name=name,
                fields=_text(association, provider=provider),
                hrefs=hrefs,
                addresses={*hrefs, association["uri"], name},
            )
        )
    return pictures, warnings


def _best_first(renditions_: list[dict]) -> list[str]:
    def rank(rendition):
        typed = (rendition.get("contenttype") or "image/jpeg").lower() in IMAGE_TYPES
        area = (rendition.get("width") or 0) * (rendition.get("height") or 0)
        return (not typed, -area)

    return [r["href"] for r in sorted(renditions_, key=rank) if r.get("href")]


def _text(association: dict, *, provider: str) -> dict:
    descriptions = association.get("descriptions") or []
    plain = [d for d in descriptions if d.get("contenttype", "text/plain") == "text/plain"]
    caption = next((d["value"] for d in plain if d.get("role", "") in CAPTION_ROLES), "")
    if not caption:
        caption = next((h["value"] for h in association.get("headlines") or []), "")
    source = next((s.get("name", "") for s in association.get("infosources") or []), "")
    return {
        "caption": caption,
        "alt_text": next((d["value"] for d in plain if d.get("role", "") in ALT_ROLES), ""),
        "credit": association.get("by", ""),
        "copyright_notice": association.get("copyrightnotice", ""),
        "licence": association.get("usageterms", ""),
        "origin": "agency",
        "origin_detail": source or association.get("copyrightholder", "") or provider,
        "digital_source_type": _source_type(association),
    }


def _source_type(association: dict) -> str:
    given = association.get("digitalsourcetype")
    if not given:
        return DigitalSourceType.DIGITAL_CAPTURE  # what the library assumes of a photo
    uri = given.get("uri", "")
    code = uri.removeprefix(IPTC_DIGITAL_SOURCE_TYPE) if uri else given.get("literal", "")
    if code not in DigitalSourceType.values:
        what = given.get("uri") or given.get("literal") or "none"
        raise WireFormatError(
            f"picture {association['name']!r}: digital source type {preview(what, 80)!r} is not "
            "an IPTC one (http://cv.iptc.org/newscodes/digitalsourcetype/)"
        )
    return code


# The body's figures: each <figure> that shows an associated picture (by a rendition's
# address, the picture's uri, or TT's data-assoc-ref naming it) becomes that picture.
_FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure\s*>", re.IGNORECASE | re.DOTALL)
_ADDRESS = re.compile(
    r"""\b(?:src|srcset|href|data-uri|data-src|data-assoc-ref)\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)


def split_figures(html: str, pictures: list[NinjsPicture]) -> list[str | int]:
    """The HTML in pieces: text, and in place of each figure showing a picture, its index."""
    pieces: list[str | int] = []
    at = 0
    for match in _FIGURE.finditer(html):
        index = _shown(match.group(0), pictures)
        if index is None:
            continue
        pieces += [html[at : match.start()], index]
        at = match.end()
    pieces.append(html[at:])
    return [piece for piece in pieces if piece != ""]


def _shown(figure: str, pictures: list[NinjsPicture]) -> int | None:
    shown = set()
    for value in _ADDRESS.findall(figure):
        for candidate in value[1:-1].split(","):
            if candidate.strip():
                shown.add(candidate.split()[0].replace("&amp;", "&"))
    return next((n for n, p in enumerate(pictures) if p.addresses & shown), None)


# --- Files -----------------------------------------------------------------------------------


def local_file(href: str, media_dir: Path) -> Path:
    """Where a rendition's file is inside the media directory: a relative href is a path in
    it, an absolute address its last part (the file an agency's feed was saved as). Anything
    that would lead outside the directory is refused, never followed."""
    parts = urlsplit(href)
    if parts.scheme in {"http", "https", "file"}:
        # The last segment, decoded: one that decodes to a path ("..%2F") is refused below.
        relative = unquote(parts.path.rsplit("/", 1)[-1])
    elif parts.scheme or parts.netloc:
        raise WireFormatError(
            f"rendition {preview(href, 80)!r}: {parts.scheme}: addresses are not read"
        )
    else:
        relative = unquote(parts.path)
    path = Path(relative)
    root = media_dir.resolve()
    inside = (root / path).resolve()
    if not relative or path.is_absolute() or ".." in path.parts or not inside.is_relative_to(root):
        raise WireFormatError(
            f"rendition {preview(href, 80)!r} points outside the media directory: refused"
        )
    return inside


def load(picture: NinjsPicture, media_dir: Path) -> processing.Decoded:
    """The picture decoded from the best of its renditions found in the media directory, or
    WireFormatError saying which files were looked for, or why the one found is refused."""
    paths = [local_file(href, media_dir) for href in picture.hrefs]
    found = next((path for path in paths if path.is_file()), None)
    if found is None:
        looked = ", ".join(dict.fromkeys(path.name for path in paths))
        raise WireFormatError(
            f"picture {picture.name!r}: no file for it in {media_dir} (looked for {looked})"
        )
    try:
        return processing.decode(_read(found))
    except processing.Refused as refused:
        message = refused.messages[0]
    except OSError as exc:
        message = f"cannot read the file ({exc.strerror})"
    raise WireFormatError(f"picture {picture.name!r} ({found.name}): {message}")


def _read(path: Path) -> bytes:
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        require_regular_file(os.fstat(file.fileno()).st_mode)
        content = file.read(limit + 1)
    if len(content) > limit:
        raise processing.Refused(f"The file is larger than the {limit / 1e6:.0f} MB limit.")
    if not content:
        raise processing.Refused("The file is empty.")
    return content
