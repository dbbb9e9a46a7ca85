"""Article bodies are Markdown rendered on save to sanitised HTML."""

from html.parser import HTMLParser

import pytest

from articles.rendering import render_markdown
from tests.factories import ArticleFactory

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mtext></math>",
    "</p><script>alert(1)</script><p>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
]


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: script-capable elements, event handlers, and URLs
    with a scheme other than http(s) or mailto."""

    DANGEROUS_TAGS = {"script", "style", "iframe", "svg", "math", "object", "embed", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src"}:
                url = "".join((value or "").split()).lower()  # browsers ignore whitespace
                if ":" in url and not url.startswith(("http:", "https:", "mailto:")):
                    self.found.append(f"{tag}[{name}={value}]")


def _active_content(html: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_with_no_active_content(source):
    html = render_markdown(f"Before.\n\n{source}\n\nAfter.")

    assert _active_content(html) == []
    assert "<p>Before.</p>" in html
    assert "<p>After.</p>" in html


def test_raw_html_is_shown_as_text_not_interpreted():
    html = render_markdown("<script>alert(1)</script>")

    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_subheads_become_h2_and_a_body_never_adds_a_second_h1():
    html = render_markdown("## POLITICAL Assaults?\n\n# Shouting\n\nText.")

    assert "<h2>POLITICAL Assaults?</h2>" in html
    assert "<h2>Shouting</h2>" in html
    assert "<h1" not in html


def test_safe_formatting_and_links_survive():
    html = render_markdown(
        'A *quote* and **bold** with [a link](https://example.org/x?a=1&b=2 "Title").'
    )

    assert "<em>quote</em>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org/x?a=1&amp;b=2"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.django_db
def test_saving_an_article_renders_its_body_html():
    article = ArticleFactory(body="One.\n\n## Sub\n\n<b onclick=x>Two</b>")

    article.refresh_from_db()
    assert article.body_html.startswith("<p>One.</p>")
    assert "<h2>Sub</h2>" in article.body_html
    assert _active_content(article.body_html) == []


@pytest.mark.django_db
def test_body_html_follows_body_on_partial_save():
    article = ArticleFactory(body="Old text.")
    article.body = "New text."

    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert article.body_html == "<p>New text.</p>\n"


def test_the_active_content_detector_itself_catches_what_it_must():
    # Guards the guard: if this detector went blind, the tests above could not fail.
    html = '<a href="jav&#x61;script:x">x</a><img src=x onerror=y><script></script>'

    assert _active_content(html) == ["a[href=javascript:x]", "img[onerror]", "<script>"]
    assert _active_content("<p>&lt;script&gt; onerror=x</p>") == []
