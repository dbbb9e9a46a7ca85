"""Property-based tests (hypothesis) for the two parsers that take text from outside: the
Markdown sanitiser never lets active content through and is stable, and the wire parser never
crashes and never loses a paragraph."""

import contextlib
import re
import string
import unicodedata
from html.parser import HTMLParser

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from articles.ingest_checks import WireFormatError
from articles.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    render_markdown,
    sanitize_html,
)
from articles.wire import parse_date, parse_wire

# Modest and derandomised: seconds per test, and the same examples on every CI run.
PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True)

# --- The sanitiser --------------------------------------------------------------------------

ACTIVE_ELEMENTS = {"script", "style", "iframe", "svg", "math", "object", "embed", "form", "base"}
ACTIVE_ELEMENTS |= {"link", "meta", "frame", "frameset", "template", "noscript", "xmp"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}
# What browsers ignore in a URL before reading its scheme: tabs and newlines anywhere, C0
# controls and spaces at the ends.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

FRAGMENTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=data:text/html,x>",
    "<style>*{x:expression(alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "</script><script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](http://example.com/a.png "t onerror=alert(1)")',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<http://example.com>",
    "<mailto:desk@example.com>",
    "[ok](https://example.com/?q=<script>)",
    '[q](http://x/"onmouseover="alert(1))',
    "`<script>`",
    "```\n<script>alert(1)</script>\n```",
    "| a | b |\n| - | - |\n| <img src=x onerror=alert(1)> | c |",
    "# heading",
    "> quote",
    "- item",
    "1. item",
    "**bold**",
    "_em_",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "\\<script>",
    "\x00",
    "\ud800",
    "\n\n",
    "\n",
    " ",
    "<",
    ">",
    '"',
    "'",
    "&",
    "(",
    ")",
    "[",
    "]",
]

markdown_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12
).map("".join)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))


def active_content(html: str) -> list[str]:
    """Everything in the HTML that could run or load script, as readable complaints."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attributes in parser.elements:
        if tag in ACTIVE_ELEMENTS or tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> element")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attributes:
            if name.startswith("on") or name == "style" or name not in allowed:
                problems.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                url = _URL_IGNORED.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 ")
                scheme = _SCHEME.match(url)
                if scheme and scheme[1].lower() not in ALLOWED_URL_SCHEMES:
                    problems.append(f"{scheme[1]}: URL in {name} on <{tag}>")
    return problems


def test_the_detector_catches_active_content():
    assert active_content('<p><script>x</script><a href=" java\tscript:x">y</a></p>') == [
        "<script> element",
        "java\tscript: URL in href on <a>".replace("\t", ""),
    ]
    assert active_content('<img src="x" onerror="y">') == ["onerror attribute on <img>"]
    assert active_content('<a href="https://example.com" rel="noopener">x</a>') == []


@PROPERTIES
@given(markdown_text)
def test_rendered_markdown_never_contains_active_content(source):
    assert active_content(render_markdown(source)) == []


@PROPERTIES
@given(markdown_text)
def test_sanitising_rendered_markdown_changes_nothing(source):
    html = render_markdown(source)

    assert sanitize_html(html) == html


@PROPERTIES
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join))
def test_sanitised_html_from_outside_never_contains_active_content(html):
    clean = sanitize_html(html)

    assert active_content(clean) == []
    assert sanitize_html(clean) == clean


# --- The wire parser ------------------------------------------------------------------------

# Anything printable a story might hold, Markdown and HTML characters included; no control
# characters (the parser refuses those outright) and no whitespace inside a word.
WORD_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"
)
words = st.one_of(
    st.sampled_from(["*", "_", "#", "<b>", "&amp;", "[x]", "1.", "-", ">", "“Quote”", "(by)"]),
    st.text(WORD_CHARACTERS, min_size=1, max_size=10),
)
lines = st.lists(words, min_size=1, max_size=8).map(" ".join)
paragraphs = st.lists(lines, min_size=1, max_size=3).map("\n".join)
names = st.lists(
    st.text(string.ascii_letters, min_size=2, max_size=8).map(str.capitalize),
    min_size=2,
    max_size=3,
).map(" ".join)


@st.composite
def stories(draw):
    """Wire copy in the usual layout, every part optional but the paragraphs."""
    header = []
    if draw(st.booleans()):
        header.append(draw(lines))
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["February 25, 2020", "12 April 2022", "2023-01-09"])))
    if draw(st.booleans()):
        header.append("By " + " and ".join(draw(st.lists(names, min_size=1, max_size=2))))
    body = draw(st.lists(paragraphs, min_size=1, max_size=6))
    assume(all(parse_date(p.split("\n")[0]) is None for p in body))
    assume(not any(p.startswith(("By ", "BY ")) for p in body))
    dateline = draw(st.sampled_from(["", "WASHINGTON (Reuters) – ", "ST. LOUIS, Mo. (AP) - "]))
    credit = ""
    if draw(st.booleans()):
        role = draw(st.sampled_from(["Reporting", "Editing", "Compiled", "Additional reporting"]))
        credit = f"({role} by {draw(names)} in {draw(names)}; Editing by {draw(names)})"
    blocks = ["\n".join(header)] if header else []
    blocks += [dateline + body[0], *body[1:]]
    if credit:
        blocks.append(credit)
    separator = draw(st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]))
    return separator.join(blocks), body


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?m)^## ", "", markdown))


def _core(word: str) -> str:
    return unicodedata.normalize("NFC", word).strip(string.punctuation + "“”‘’–—").casefold()


@PROPERTIES
@given(st.text(max_size=400))
def test_the_wire_parser_never_crashes_on_any_text(text):
    # A refusal is fine; any other exception fails the test.
    with contextlib.suppress(WireFormatError):
        parse_wire(text)


@PROPERTIES
@given(stories())
def test_the_wire_parser_never_loses_a_paragraph(story):
    text, body = story

    parsed = parse_wire(text)

    haystack = " ".join(
        [
            _unescaped(parsed.body),
            parsed.headline,
            parsed.dateline,
            parsed.provider,
            *(f"{c.name} {c.place} {c.role} {c.role_label}" for c in parsed.credits),
        ]
    )
    haystack = unicodedata.normalize("NFC", haystack).casefold()
    for paragraph in body:
        for word in paragraph.split():
            assert _core(word) in haystack, (word, paragraph)
    # Paragraphs stay apart and in order: each one's first word comes after the last one's.
    position = 0
    flat = unicodedata.normalize("NFC", _unescaped(parsed.body)).casefold()
    for paragraph in body:
        first = _core(paragraph.split()[0])
        if first:
            found = flat.find(first, position)
            assert found >= 0, (first, paragraph)
            position = found
