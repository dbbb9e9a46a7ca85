"""Markdown to safe HTML: the one way article bodies (and any other editor Markdown) render."""

import re

import nh3
from markdown_it import MarkdownIt

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

# Raw HTML in the source is shown as text, not interpreted: Markdown is the only markup.
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def _demote_h1(tokens):
    # The page's headline is its only <h1>; a "# Heading" in a body becomes a subhead.
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
    return tokens


def render_markdown(source: str) -> str:
    """Render Markdown to sanitised HTML: no script, event handler or unsafe URL survives."""
    if not source.strip():
        return ""
    tokens = _demote_h1(_markdown.parse(source))
    return sanitize_html(_markdown.renderer.render(tokens, _markdown.options, {}))


def sanitize_html(html: str) -> str:
    """Sanitise HTML from outside (an agency feed, a paste) with the same allow-list."""
    return nh3.clean(
        _LONE_SURROGATE.sub("\ufffd", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
