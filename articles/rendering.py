"""Markdown to safe HTML (the one way article bodies render), which images a body may show,
and back: plain text or agency HTML to Markdown that renders exactly as written.

markdown-it and nh3 are imported on first use, not with the module: bodies render when a story
is saved (into `body_html`), so a worker serving readers never needs them (issue 19's RSS)."""

import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

# What a news story body may contain after rendering. Everything else is stripped by nh3
# (which also drops event handlers and any URL scheme not listed), whatever was pasted.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A lone surrogate (from JSON's "\ud800", say) is not text nh3 can take; it shows as U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _markdown():
    """The parser, made on first use. Raw HTML in the source is shown as text, not
    interpreted: Markdown is the only markup."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def _demote_h1(tokens):
    # The page's headline is its only <h1>; a "# Heading" in a body becomes a subhead.
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
    return tokens


# A library photo in a body: `![a note for the desk](image:42)` in a paragraph of its own. The
# stored HTML keeps a placeholder, <figure data-image="42"></figure>, which the page, the API
# and ninjs fill from the library when they show the story (figures.py), so a caption or credit
# changed in the library shows everywhere at once.
IMAGE_REFERENCE = re.compile(r"^image:(\d+)$")
_FIGURE_PLACEHOLDER = re.compile(r'<figure data-image="(\d+)"></figure>')


def _image_reference(inline) -> int | None:
    children = [
        child
        for child in inline.children or []
        if not (child.type in {"text", "softbreak"} and not child.content.strip())
    ]
    if len(children) == 1 and children[0].type == "image":
        match = IMAGE_REFERENCE.match(children[0].attrGet("src") or "")
        if match:
            return int(match.group(1))
    return None


def _library_figures(tokens):
    from markdown_it.token import Token

    # paragraph_open, inline (one image:N and nothing else), paragraph_close -> a placeholder.
    out, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.type == "paragraph_open"
            and index + 2 < len(tokens)
            and tokens[index + 1].type == "inline"
            and (image_id := _image_reference(tokens[index + 1])) is not None
        ):
            placeholder = Token("html_block", "", 0)
            placeholder.content = f'<figure data-image="{image_id}"></figure>\n'
            out.append(placeholder)
            index += 3
            continue
        out.append(token)
        index += 1
    return out


def figure_ids(html: str) -> list[int]:
    """The library images rendered HTML shows (its placeholders), in order, each once."""
    return list(dict.fromkeys(int(i) for i in _FIGURE_PLACEHOLDER.findall(html)))


def image_references(source: str) -> list[int]:
    """The library images a Markdown body shows, in order, each once."""
    return figure_ids(render_markdown(source))


def stray_image_references(source: str) -> int:
    """How many `image:N` references sit inside a sentence (where no figure can go)."""
    tokens = _markdown().parse(source)
    placed = len(_FIGURE_PLACEHOLDER.findall(render_markdown(source)))
    total = sum(
        1
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "image" and IMAGE_REFERENCE.match(child.attrGet("src") or "")
    )
    return total - placed


def render_markdown(source: str) -> str:
    """Render Markdown to sanitised HTML: no script, event handler or unsafe URL survives."""
    if not source.strip():
        return ""
    markdown = _markdown()
    tokens = _library_figures(_demote_h1(markdown.parse(source)))
    return _sanitize(markdown.renderer.render(tokens, markdown.options, {}), _BODY_ATTRIBUTES)


def sanitize_html(html: str) -> str:
    """Sanitise HTML from outside (an agency feed, a paste) with the same allow-list (but no
    library figure: only the renderer makes those, from an `image:N` reference)."""
    return _sanitize(html, ALLOWED_ATTRIBUTES)


# Raw HTML in a body is text (html=False), so the only <figure> the renderer's output can hold
# is the placeholder made above.
_BODY_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "figure": {"data-image"}}


def _sanitize(html: str, attributes) -> str:
    import nh3

    return nh3.clean(
        _LONE_SURROGATE.sub("\ufffd", html),
        tags=ALLOWED_TAGS | ({"figure"} if "figure" in attributes else set()),
        attributes=attributes,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# --- Images: the newsroom's own only -------------------------------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        src = dict(attrs).get("src") if tag == "img" else None
        if src:
            self.sources.append(src)


def _origin(url: str) -> tuple | None:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname or "", port or _DEFAULT_PORTS.get(scheme)


def _is_own(src: str) -> bool:
    url = src.strip().replace("\\", "/")  # as browsers do: "/\host" is "//host"
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return True  # relative: served by the page's own origin
    if _origin(url) == _origin(settings.SITE_URL):
        return True
    # Media or static files served from a host of their own (which img-src must then list).
    return any(
        url.startswith(base)
        for base in (settings.MEDIA_URL, settings.STATIC_URL)
        if base and urlsplit(base).netloc
    )


def foreign_image_sources(source: str) -> list[str]:
    """The addresses of the images a Markdown body would load from other hosts, which the
    page's Content-Security-Policy (img-src 'self') blocks: read from the rendered HTML, so
    exactly what a reader's browser would fetch."""
    parser = _ImageSources()
    parser.feed(render_markdown(source))
    parser.close()
    return list(dict.fromkeys(src for src in parser.sources if not _is_own(src)))


def validate_own_images(source: str) -> None:
    """Refuse a body showing images from other hosts: readers would see them broken."""
    foreign = foreign_image_sources(source)
    if foreign:
        raise ValidationError(
            "Images must come from the newsroom's own media, at an address on this site such "
            "as /media/photo.jpg: readers' browsers refuse images from other sites, so these "
            "would show as broken: %(sources)s",
            code="foreign_image",
            params={"sources": ", ".join(foreign)},
        )


# --- Plain text and HTML to Markdown -------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_MARKER = re.compile(r"^([#>+=|-])")
_MD_ORDERED_LIST = re.compile(r"^(\d+)([.)])")


def _escape_inline(text: str) -> str:
    return _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", text))


def _escape_block_start(text: str) -> str:
    return _MD_ORDERED_LIST.sub(r"\1\\\2", _MD_BLOCK_MARKER.sub(r"\\\1", text))


def escape_markdown(text: str) -> str:
    """Escape one line of plain text so Markdown renders it exactly as written."""
    return _escape_block_start(_escape_inline(text))


class _MarkdownWriter(HTMLParser):
    """Agency HTML to Markdown: paragraphs, subheads, quotes, lists, emphasis and links.

    Anything else keeps its text and loses its markup; script and style lose both.
    """

    SKIP = {"script", "style", "template", "head", "title", "noscript", "iframe", "object"}
    CONTAINERS = {"p", "div", "section", "article", "body", "main", "header", "footer", "figure"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (kind, markdown)
        self.parts: list[str] = []
        self.prefix = ""
        self.kind = "p"
        self.quote_depth = 0
        self.lists: list[list] = []
        self.links: list[str] = []
        self.skipping = 0

    def flush(self):
        text = " ".join("".join(self.parts).split())
        if text:
            if not self.prefix:
                text = _escape_block_start(text)
            self.blocks.append((self.kind, "> " * self.quote_depth + self.prefix + text))
        self.parts, self.prefix, self.kind = [], "", "p"

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.CONTAINERS:
            self.flush()
        elif tag in self.HEADINGS:
            self.flush()
            self.prefix = "#" * max(2, int(tag[1])) + " "
        elif tag == "blockquote":
            self.flush()
            self.quote_depth += 1
        elif tag in {"ul", "ol"}:
            self.flush()
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.flush()
            self.lists[-1][1] += 1
            kind, number = self.lists[-1]
            self.prefix = "  " * (len(self.lists) - 1) + ("- " if kind == "ul" else f"{number}. ")
            self.kind = "li"
        elif tag in {"em", "i"}:
            self.parts.append("*")
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.parts.append("[")
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.CONTAINERS or tag in self.HEADINGS or tag == "li":
            self.flush()
        elif tag == "blockquote":
            self.flush()
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag in {"ul", "ol"} and self.lists:
            self.flush()
            self.lists.pop()
        elif tag in {"em", "i"}:
            self.parts.append("*")
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag == "a" and self.links:
            href = self.links.pop().replace(")", "%29").replace(" ", "%20")
            self.parts.append(f"]({href})" if href else "]")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(_escape_inline(data))

    def markdown(self) -> str:
        self.close()
        self.flush()
        out = ""
        for index, (kind, block) in enumerate(self.blocks):
            if index:
                tight = kind == "li" and self.blocks[index - 1][0] == "li"
                out += "\n" if tight else "\n\n"
            out += block
        return out


def html_to_markdown(html: str) -> str:
    """Agency HTML as Markdown that renders to the same text and structure."""
    writer = _MarkdownWriter()
    writer.feed(html)
    return writer.markdown()


def text_to_markdown(text: str) -> str:
    """Plain text (paragraphs separated by blank lines) as Markdown, escaped to render as is."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(escape_markdown(" ".join(p.split())) for p in paragraphs if p.strip())
