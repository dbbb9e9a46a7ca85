"""The first run, as printed: the seeded story dated as distributed, absolute links on the address
the development server answers on (a configured SITE_URL winning in production), each log line
printed once, and a favicon."""

import json
import re
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import http_date
from reversion.models import Version

from newsroom.seed import seed_story
from tests.test_settings import _run, _settings

pytestmark = pytest.mark.django_db

STORY_DATE = datetime(2020, 2, 25, 12, tzinfo=UTC)
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class _Head(HTMLParser):
    """<link> and <meta> elements of a page, as a crawler or a browser reads them."""

    def __init__(self):
        super().__init__()
        self.links, self.meta = [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")


def _head(html: str) -> _Head:
    head = _Head()
    head.feed(html)
    return head


def _xml(response):
    assert response.status_code == 200, response.status_code
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


# --- The seeded story is dated as distributed ------------------------------------------------


@pytest.fixture
def story():
    article, created = seed_story()
    assert created
    return article


def test_the_seeded_story_was_last_updated_on_its_own_date(story):
    story.refresh_from_db()

    assert story.published_at == STORY_DATE
    assert story.updated_at == STORY_DATE
    assert story.version == 1
    version = Version.objects.get_for_object(story).get()
    fields = json.loads(version.serialized_data)[0]["fields"]
    assert datetime.fromisoformat(fields["updated_at"]) == STORY_DATE


def test_every_surface_gives_the_seeded_story_its_own_date(client, story):
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert 'class="updated"' not in page.text  # last changed when published: no "Updated"
    assert _head(page.text).meta["article:modified_time"] == STORY_DATE.isoformat()
    assert json.loads(LD_JSON.search(page.text)[1])["dateModified"] == STORY_DATE.isoformat()
    assert page["Last-Modified"] == http_date(STORY_DATE.timestamp())

    api = client.get(f"/api/v1/articles/{story.slug}/").json()
    assert datetime.fromisoformat(api["updated_at"]) == STORY_DATE
    ninjs = client.get(f"/api/v1/articles/{story.slug}/ninjs/").json()
    assert datetime.fromisoformat(ninjs["versioncreated"]) == STORY_DATE

    articles = _xml(client.get("/sitemap-articles.xml"))
    assert [lastmod.text for lastmod in articles.findall("sm:url/sm:lastmod", SITEMAP)] == [
        "2020-02-25"
    ]
    index = _xml(client.get(reverse("sitemap")))
    lastmods = {
        entry.find("sm:loc", SITEMAP).text: entry.find("sm:lastmod", SITEMAP)
        for entry in index.findall("sm:sitemap", SITEMAP)
    }
    assert datetime.fromisoformat(lastmods["http://testserver/sitemap-articles.xml"].text) == (
        STORY_DATE
    )

    feed = _xml(client.get(reverse("articles:feed_atom")))
    (updated,) = feed.findall("atom:entry/atom:updated", ATOM)
    assert datetime.fromisoformat(updated.text) == STORY_DATE


# --- Absolute links on the address the server answers on -------------------------------------

ARTICLE_PATH = "/articles/ice-subpoenas-sanctuary-jurisdictions/"


def _absolute_links(client, story, host: str) -> dict:
    """Every absolute link a reader, crawler or feed reader is given, fetched through `host`."""
    headers = {"host": host}
    page = client.get(ARTICLE_PATH, headers=headers)
    assert page.status_code == 200
    head = _head(page.text)
    ld = json.loads(LD_JSON.search(page.text)[1])
    robots = client.get("/robots.txt", headers=headers).text
    index = _xml(client.get("/sitemap.xml", headers=headers))
    section = _xml(client.get("/sitemap-articles.xml", headers=headers))
    feed = _xml(client.get(reverse("articles:feed_atom"), headers=headers))
    return {
        "canonical": [link["href"] for link in head.links if link.get("rel") == "canonical"],
        "og:url": head.meta["og:url"],
        "json-ld": ld["url"],
        "robots": re.findall(r"^Sitemap: (.*)$", robots, re.MULTILINE),
        "sitemap index": [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP)][:1],
        "sitemap": [loc.text for loc in section.findall("sm:url/sm:loc", SITEMAP)],
        "feed": [link.get("href") for link in feed.findall("atom:entry/atom:link", ATOM)],
    }


def test_in_development_absolute_links_use_the_address_the_server_answers_on(
    client, settings, story
):
    settings.DEBUG, settings.SITE_URL_CONFIGURED = True, False  # `make run PORT=8010`

    links = _absolute_links(client, story, "127.0.0.1:8010")

    origin = "http://127.0.0.1:8010"
    assert links == {
        "canonical": [origin + ARTICLE_PATH],
        "og:url": origin + ARTICLE_PATH,
        "json-ld": origin + ARTICLE_PATH,
        "robots": [f"{origin}/sitemap.xml", f"{origin}/news-sitemap.xml"],
        "sitemap index": [f"{origin}/sitemap-articles.xml"],
        "sitemap": [origin + ARTICLE_PATH],
        "feed": [origin + ARTICLE_PATH],
    }
    # Another port, another address: nothing from the first request's pages lingers.
    assert _absolute_links(client, story, "localhost:8123")["canonical"] == [
        "http://localhost:8123" + ARTICLE_PATH
    ]


def test_in_development_a_host_outside_allowed_hosts_is_refused_not_linked(client, settings, story):
    settings.DEBUG, settings.SITE_URL_CONFIGURED = True, False

    response = client.get(ARTICLE_PATH, headers={"host": "evil.example"})

    assert response.status_code == 400  # DisallowedHost, before any page is made
    assert 'rel="canonical"' not in response.text


@pytest.mark.parametrize("debug", [True, False])
def test_a_configured_site_url_wins_over_whatever_host_a_request_names(
    client, settings, story, debug
):
    settings.DEBUG = debug
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://news.example.org", True
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]

    links = _absolute_links(client, story, "mirror.example")

    origin = "https://news.example.org"
    assert links["canonical"] == [origin + ARTICLE_PATH]
    assert links["og:url"] == links["json-ld"] == origin + ARTICLE_PATH
    assert links["robots"] == [f"{origin}/sitemap.xml", f"{origin}/news-sitemap.xml"]
    assert links["sitemap index"] == [f"{origin}/sitemap-articles.xml"]
    assert links["sitemap"] == links["feed"] == [origin + ARTICLE_PATH]


@pytest.mark.parametrize(
    ("env", "configured", "site_url"),
    [
        ({"DEBUG": "1"}, False, "http://127.0.0.1:8000"),
        ({"DEBUG": "1", "SITE_URL": "http://dev.example:9000/"}, True, "http://dev.example:9000"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, False, "http://127.0.0.1:8000"),
        (
            {"DEBUG": "0", "SECRET_KEY": "x" * 50, "SITE_URL": "https://news.example.org"},
            True,
            "https://news.example.org",
        ),
    ],
)
def test_site_url_is_configured_by_the_environment_or_defaults_to_make_runs_address(
    env, configured, site_url
):
    values = _settings("SITE_URL", "SITE_URL_CONFIGURED", **env)

    assert values == {"SITE_URL": site_url, "SITE_URL_CONFIGURED": configured}


def test_production_without_a_site_url_never_links_to_the_requests_host(client, settings, story):
    settings.DEBUG, settings.SITE_URL_CONFIGURED = False, False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]

    links = _absolute_links(client, story, "mirror.example")

    assert "mirror.example" not in json.dumps(links)
    assert links["canonical"] == ["http://127.0.0.1:8000" + ARTICLE_PATH]


# --- Each log line is printed once -----------------------------------------------------------

LOG_PROBE = """
import logging
import django

django.setup()
logging.getLogger("django.request").warning("probe: django.request")
logging.getLogger("django.server").info("probe: django.server")
logging.getLogger("django.db.backends").info("probe: django.db.backends")
logging.getLogger("newsroom.views").warning("probe: newsroom.views")
logging.getLogger().warning("probe: root")
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_log_record_is_printed_once(debug):
    result = _run(
        "-c",
        LOG_PROBE,
        DEBUG=debug,
        SECRET_KEY="x" * 50,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        PYTHONWARNINGS="ignore",
    )

    assert result.returncode == 0, result.stderr
    printed = [line for line in result.stderr.splitlines() if "probe: " in line]
    names = ["django.request", "django.server", "django.db.backends", "newsroom.views", "root"]
    assert sorted(line.split("probe: ")[1] for line in printed) == sorted(names), printed
    # runserver's request lines keep their own format, with the time.
    (server_line,) = [line for line in printed if line.endswith("probe: django.server")]
    assert re.fullmatch(r"\[\d\d/\w+/\d{4} [\d:,]+\] probe: django.server", server_line)


def test_no_handler_hears_a_record_twice():
    """Structurally, in this process: along each logger's way up to the root, no two handlers
    write to the same stream."""
    import logging

    for name in ["", *logging.Logger.manager.loggerDict]:
        logger = logging.getLogger(name)
        if not isinstance(logger, logging.Logger):
            continue
        streams, current = [], logger
        while current is not None:
            streams += [
                id(handler.stream)
                for handler in current.handlers
                if isinstance(handler, logging.StreamHandler)
                and handler.stream in (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)
            ]
            current = current.parent if current.propagate else None
        assert len(streams) == len(set(streams)), name


# --- The favicon -----------------------------------------------------------------------------


def test_favicon_ico_answers_with_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    path = finders.find("favicon.ico")
    assert path
    with open(path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_favicon_svg_is_a_static_svg():
    path = finders.find("favicon.svg")

    assert path
    with open(path, encoding="utf-8") as svg:
        text = svg.read()
    assert text.lstrip().startswith("<svg")
    # Nothing the Content-Security-Policy would block: no script, no outside reference.
    assert "<script" not in text
    assert "href" not in text


def _icons(html: str) -> list[dict]:
    return [link for link in _head(html).links if "icon" in link.get("rel", "").split()]


def test_the_reader_pages_link_the_icon(client, story):
    for path in ["/", ARTICLE_PATH, "/topics/", "/no-such-page/"]:
        icons = _icons(client.get(path).text)

        assert {(link["href"], link.get("type")) for link in icons} >= {
            (static("favicon.svg"), "image/svg+xml"),
            (static("favicon.ico"), None),
        }, path


def test_the_desk_links_the_icon(admin_client):
    for path in ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]:
        response = admin_client.get(path)

        assert response.status_code == 200
        assert {link["href"] for link in _icons(response.text)} >= {
            static("favicon.svg"),
            static("favicon.ico"),
        }, path


def test_the_sign_in_page_links_the_icon(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert static("favicon.svg") in {link["href"] for link in _icons(response.text)}
