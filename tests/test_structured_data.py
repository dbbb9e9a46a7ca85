"""Article metadata for search engines and social sites: JSON-LD NewsArticle checked field by
field, Open Graph, Twitter card, canonical link and meta description."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.templatetags.reader import ld_json
from newsroom.seed import seed_story
from tests.factories import ArticleFactory, CorrectionFactory, CreditFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class _Head(HTMLParser):
    """Collects <meta> and <link rel=canonical> from a page the way a crawler would."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.scripts, self._in_ld = {}, None, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts[-1] += data


def _head(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    head = _Head()
    head.feed(response.text)
    return head


def test_news_article_json_ld_field_by_field(client):
    article, _ = seed_story()
    correction = CorrectionFactory(article=article, text="An earlier version misdated a filing.")
    url = f"http://testserver{article.get_absolute_url()}"

    (script,) = _head(client, article).scripts
    data = json.loads(script)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["url"] == data["@id"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["headline"] == article.headline
    assert data["description"] == article.dek
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == "2020-02-25T12:00:00+00:00"
    assert data["dateModified"] == max(article.updated_at, correction.published_at).isoformat()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ted Hesson",
            "url": "http://testserver/contributors/ted-hesson/",
        }
    ]
    # The publisher's policies are checked one by one in tests/test_trust.py.
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["url"] == "http://testserver/"
    assert data["dateline"] == "WASHINGTON"
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Reuters"}
    assert sorted(data["keywords"]) == sorted(article.topics.names())
    assert data["isAccessibleForFree"] is True
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": correction.published_at.isoformat(),
        }
    ]


def test_one_person_per_byline_in_order(client):
    article = ArticleFactory(published=True)
    for name in ["Ann One", "Bob Two"]:
        CreditFactory(article=article, contributor__name=name)
    CreditFactory(article=article, contributor__name="Ed Itor", role="editing")

    data = json.loads(_head(client, article).scripts[0])

    assert [author["name"] for author in data["author"]] == ["Ann One", "Bob Two"]
    assert "correction" not in data
    assert "dateline" not in data


HOSTILE_HEADLINE = '</script><script>alert("x")</script><!-- & \u2028 “quotes”'


def test_json_ld_survives_a_headline_that_tries_to_close_the_script(client):
    article = ArticleFactory(published=True, headline=HOSTILE_HEADLINE, dek="A & B <i>")

    response = client.get(article.get_absolute_url())
    (raw,) = LD_JSON.findall(response.text)

    assert "<" not in raw
    assert json.loads(raw)["headline"] == HOSTILE_HEADLINE
    assert '<script>alert("x")' not in response.text


@given(st.text())
def test_ld_json_round_trips_any_text_and_never_opens_a_tag(text):
    html = str(ld_json({"headline": text}))

    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body
    assert json.loads(body) == {"headline": text}


def test_open_graph_twitter_canonical_and_description(client):
    article, _ = seed_story()
    url = f"http://testserver{article.get_absolute_url()}"

    head = _head(client, article)

    assert head.canonical == url
    assert head.meta["description"] == [article.dek]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:title"] == [article.headline]
    assert head.meta["og:description"] == [article.dek]
    assert head.meta["og:url"] == [url]
    assert head.meta["og:site_name"] == ["Newsroom"]
    assert head.meta["article:published_time"] == ["2020-02-25T12:00:00+00:00"]
    assert head.meta["article:author"] == ["http://testserver/contributors/ted-hesson/"]
    assert sorted(head.meta["article:tag"]) == sorted(article.topics.names())
    assert head.meta["twitter:card"] == ["summary"]
    assert head.meta["twitter:title"] == [article.headline]
    assert head.meta["twitter:description"] == [article.dek]


def test_description_falls_back_to_the_headline_without_a_dek(client):
    article = ArticleFactory(published=True, dek="", headline='He said "no"')

    head = _head(client, article)

    assert head.meta["description"] == ['He said "no"']
    assert "description" not in json.loads(head.scripts[0])


def test_canonical_ignores_the_requests_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    article = ArticleFactory(published=True)

    response = client.get(article.get_absolute_url(), headers={"host": "mirror.example"})

    assert "mirror.example" not in response.text


def test_modified_time_follows_the_latest_correction(client):
    article = ArticleFactory(published=True)
    later = timezone.now() + timezone.timedelta(minutes=5)
    CorrectionFactory(article=article, published_at=later)

    head = _head(client, article)

    assert head.meta["article:modified_time"] == [later.isoformat()]
    assert json.loads(head.scripts[0])["dateModified"] == later.isoformat()
