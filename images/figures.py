"""Filling a stored body's library placeholders (<figure data-image="42"></figure>, made by
articles.rendering) with the photo's <figure>: picture, caption, credit. A placeholder whose
image is gone shows nothing."""

import re

from images import renditions

PLACEHOLDER = re.compile(r'<figure data-image="(\d+)"></figure>')
PLACEHOLDER_START = '<figure data-image="'


def fill(body_html: str, images, *, build=None) -> str:
    """`images`: the inline images (prefetched); `build` makes URLs absolute (API, ninjs)."""
    if PLACEHOLDER_START not in body_html:
        return body_html
    by_id = {image.pk: image for image in images}

    def figure(match):
        image = by_id.get(int(match.group(1)))
        if image is None:
            return ""
        html = renditions.figure(image, css="photo inline")
        if build is not None:
            html = _absolute(html, build)
        return html

    return PLACEHOLDER.sub(figure, body_html)


_URL = re.compile(r'((?:src|srcset)=")([^"]+)(")')


def _absolute(html, build):
    def one(match):
        parts = [
            " ".join([build(piece.split(" ")[0]), *piece.split(" ")[1:]]).strip()
            for piece in match.group(2).split(", ")
        ]
        return match.group(1) + ", ".join(parts) + match.group(3)

    return _URL.sub(one, html)
