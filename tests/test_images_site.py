"""Photos on the reader site: the lead photo and inline figures on the article page, thumbnails
on every list, the social card, JSON-LD's three aspect ratios, the image sitemap, Media RSS in
the feeds; constant queries, an image edit evicting exactly the pages that show it, and a
draft's photo never reaching the public."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from images import library, renditions
from images.models import DigitalSourceType, Image
from tests.api import full_article
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)
from tests.images_factory import photo_bytes, upload
from tests.test_query_counts import _count

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
# The article page's cap (tests/test_query_counts.py) and a body's photos, one query however many;
# the Related block's query runs here (the stories share a topic).
ARTICLE_CAP = 8
LIST_CAP = 8

_colours = iter(range(1, 10_000))


def _photo(width=1800, height=1300, **fields):
    """A library photo made with Pillow (a new one each call: the colour differs)."""
    fields.setdefault("alt_text", "A red door in a white wall")
    fields.setdefault("credit", "Ann Lee/Newsroom")
    colour = next(_colours)
    content = photo_bytes(width, height, color=(200, colour % 256, colour // 256))
    image, created = library.store_upload(upload(content), **fields)
    assert created
    return image


def _small_photo(**fields):
    return _photo(480, 360, **fields)


def _with_photos(lead=None, inline=(), **kwargs):
    """A published article (full_article's byline, topics, source) with these photos."""
    body = "First paragraph.\n\n" + "".join(
        f"![{image.alt_text}](image:{image.pk})\n\nA paragraph after photo {n}.\n\n"
        for n, image in enumerate(inline)
    )
    return full_article(lead_image=lead, body=body, **kwargs)


# --- Reading the markup ----------------------------------------------------------------------

VOID = {"img", "source", "meta", "link", "br", "hr", "input"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], ""

    def find_all(self, tag=None, css=None):
        found = []
        for child in self.children:
            classes = child.attrs.get("class", "").split()
            if (tag is None or child.tag == tag) and (css is None or css in classes):
                found.append(child)
            found += child.find_all(tag, css)
        return found

    def find(self, tag=None, css=None):
        found = self.find_all(tag, css)
        return found[0] if found else None

    def all_text(self):
        return (self.text + " ".join(child.all_text() for child in self.children)).strip()

    def has_ancestor(self, css):
        node = self.parent
        while node is not None:
            if css in node.attrs.get("class", "").split():
                return True
            node = node.parent
        return False


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Node("document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    tree = _Tree()
    tree.feed(response.content.decode())
    return tree.root


def _meta(root):
    found = {}
    for meta in root.find_all("meta"):
        key = meta.attrs.get("property") or meta.attrs.get("name")
        if key:
            found.setdefault(key, []).append(meta.attrs.get("content"))
    return found


def _json_ld(root):
    (script,) = [s for s in root.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    return json.loads(script.text)


def _xml(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def _names(image, crop, fmt="jpeg"):
    return {renditions.url(r["name"]) for r in renditions.of(image, crop, fmt)}


def _srcset_urls(srcset):
    return {piece.strip().split(" ")[0] for piece in srcset.split(",")}


# --- The article page ------------------------------------------------------------------------


def test_the_lead_photo_is_a_figure_at_the_top_fetched_first_with_its_size(client):
    lead = _photo(caption="The door of the old town hall.")
    article = _with_photos(lead=lead)

    root = _page(client, article.get_absolute_url())

    figure = root.find("figure", "lead")
    assert figure is not None
    assert not figure.has_ancestor("story-body")  # above the text, not in it
    sources = {s.attrs["type"]: s.attrs for s in figure.find_all("source")}
    assert "image/webp" in sources
    assert _srcset_urls(sources["image/webp"]["srcset"]) == _names(lead, "", "webp")
    assert sources["image/webp"]["sizes"] == renditions.ARTICLE_SIZES
    img = figure.find("img")
    assert img.attrs["alt"] == "A red door in a white wall"
    assert _srcset_urls(img.attrs["srcset"]) == _names(lead, "", "jpeg")
    assert img.attrs["sizes"] == renditions.ARTICLE_SIZES
    assert img.attrs["src"] in _names(lead, "", "jpeg")
    # Width and height are those of the file in src, in the photo's own shape.
    (shown,) = [r for r in lead.renditions if renditions.url(r["name"]) == img.attrs["src"]]
    assert (int(img.attrs["width"]), int(img.attrs["height"])) == (shown["width"], shown["height"])
    assert abs(int(img.attrs["width"]) / int(img.attrs["height"]) - 1800 / 1300) < 0.01
    assert "loading" not in img.attrs
    assert img.attrs["fetchpriority"] == "high"
    caption = figure.find("figcaption")
    assert caption.find("span", "caption").all_text() == "The door of the old town hall."
    assert caption.find("span", "credit").all_text() == "Ann Lee/Newsroom"
    assert caption.find("span", "synthetic") is None
    assert client.get(img.attrs["src"]).status_code == 200  # the file is served


def test_inline_photos_are_lazy_figures_in_the_body_in_their_place(client):
    first, second = _photo(caption="First inline."), _small_photo(credit="Bo Ma/Agency")
    article = _with_photos(inline=[first, second])

    root = _page(client, article.get_absolute_url())

    assert root.find("figure", "lead") is None
    body = root.find("div", "story-body")
    figures = body.find_all("figure")
    assert [f.attrs["class"] for f in figures] == ["photo inline", "photo inline"]
    for figure, image in zip(figures, (first, second), strict=True):
        img = figure.find("img")
        assert img.attrs["loading"] == "lazy"
        assert "fetchpriority" not in img.attrs
        assert img.attrs["src"] in _names(image, "")
        assert int(img.attrs["width"]) > int(img.attrs["height"]) > 0
    assert figures[0].find("span", "caption").all_text() == "First inline."
    assert figures[1].find("span", "credit").all_text() == "Bo Ma/Agency"
    assert 'data-image="' not in client.get(article.get_absolute_url()).text


def test_an_ai_generated_photo_is_labelled_where_it_is_shown(client):
    made = _small_photo(digital_source_type=DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA)
    article = _with_photos(lead=made)

    figure = _page(client, article.get_absolute_url()).find("figure", "lead")
    teaser = _page(client, reverse("articles:index")).find("a", "teaser-photo")

    first = figure.find("figcaption").find("span")
    assert first.attrs["class"] == "synthetic"  # said before the caption is read
    assert "AI-generated" in first.all_text()
    assert teaser.find("span", "synthetic-badge").all_text() == "AI-generated"
    ld = _json_ld(_page(client, article.get_absolute_url()))
    assert {obj["digitalSourceType"] for obj in ld["image"]} == {made.digital_source_type_uri}


def test_a_portrait_photo_is_marked_to_be_drawn_narrower(client):
    article = _with_photos(lead=_photo(600, 900))

    figure = _page(client, article.get_absolute_url()).find("figure", "lead")

    assert figure.attrs["class"].split() == ["photo", "lead", "portrait"]


def test_a_story_without_a_photo_has_no_figure_and_a_small_card(client):
    article = _with_photos()

    root = _page(client, article.get_absolute_url())
    meta = _meta(root)

    assert root.find("figure") is None
    assert root.find("picture") is None
    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta
    assert "twitter:image" not in meta
    assert "image" not in _json_ld(root)


def test_the_desk_preview_shows_a_drafts_photos(client):
    lead, inline = _small_photo(), _small_photo(caption="Inline in a draft.")
    draft = ArticleFactory(lead_image=lead, body=f"Text.\n\n![x](image:{inline.pk})\n\nMore.")
    client.force_login(staff_user("editor"))

    root = _page(client, reverse("admin:articles_article_preview", args=[draft.pk]))

    assert root.find("figure", "lead").find("img").attrs["src"] in _names(lead, "")
    inline_figure = root.find("div", "story-body").find("figure", "inline")
    assert inline_figure.find("span", "caption").all_text() == "Inline in a draft."


# --- Teasers ---------------------------------------------------------------------------------


@pytest.fixture
def listed():
    """One published story with a lead photo, on a topic, by a contributor, quoting a source."""
    lead = _small_photo()
    article = _with_photos(lead=lead, headline="Harbour paragraph story")
    return article, lead


def _list_urls(article):
    attribution = article.attributions.select_related("source").first()
    return {
        "home": reverse("articles:index"),
        "topic": article.topics.first().get_absolute_url(),
        "contributor": article.byline[0].contributor.get_absolute_url(),
        "source": attribution.source.get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour",
    }


@pytest.mark.parametrize("page", ["home", "topic", "contributor", "source", "search"])
def test_every_list_shows_a_small_lazy_crop_beside_the_story(client, listed, page):
    article, lead = listed

    root = _page(client, _list_urls(article)[page])

    (link,) = root.find_all("a", "teaser-photo")
    assert link.attrs["href"] == article.get_absolute_url()
    assert link.attrs["aria-hidden"] == "true"
    assert link.attrs["tabindex"] == "-1"
    img = link.find("img")
    assert img.attrs["loading"] == "lazy"
    assert img.attrs["sizes"] == renditions.TEASER_SIZES
    assert _srcset_urls(img.attrs["srcset"]) == _names(lead, renditions.TEASER_CROP)
    assert img.attrs["src"] in _names(lead, renditions.TEASER_CROP)
    assert (int(img.attrs["width"]), int(img.attrs["height"])) == (320, 240)
    webp = [s for s in link.find_all("source") if s.attrs["type"] == "image/webp"]
    assert _srcset_urls(webp[0].attrs["srcset"]) == _names(lead, "4:3", "webp")


def test_a_story_without_a_photo_has_a_teaser_without_one(client):
    _with_photos()

    root = _page(client, reverse("articles:index"))

    assert root.find("article", "teaser") is not None
    assert root.find("a", "teaser-photo") is None
    assert root.find("picture") is None


# --- Social cards and JSON-LD ----------------------------------------------------------------


def test_the_social_card_is_the_16_9_crop_1200_wide_at_an_absolute_address(client):
    lead = _photo()
    article = _with_photos(lead=lead)

    meta = _meta(_page(client, article.get_absolute_url()))

    card = renditions.best(lead, "16:9", 1200)
    url = f"http://testserver{renditions.url(card['name'])}"
    assert (card["width"], card["height"]) == (1200, 675)
    assert meta["og:image"] == [url]
    assert meta["og:image:width"] == ["1200"]
    assert meta["og:image:height"] == ["675"]
    assert meta["og:image:type"] == ["image/jpeg"]
    assert meta["og:image:alt"] == ["A red door in a white wall"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == [url]
    assert meta["twitter:image:alt"] == ["A red door in a white wall"]
    assert client.get(renditions.url(card["name"])).status_code == 200


def test_a_cdn_media_url_is_used_as_it_is(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"base_url": "https://media.example.net/m/"},
        },
    }
    article = _with_photos(lead=_small_photo())

    meta = _meta(_page(client, article.get_absolute_url()))

    assert meta["og:image"][0].startswith("https://media.example.net/m/images/renditions/")


def test_json_ld_has_the_photo_at_three_aspect_ratios_each_1200_wide(client):
    lead = _photo(
        caption="The door.",
        copyright_notice="© 2026 Newsroom",
        licence="https://creativecommons.org/licenses/by/4.0/",
    )
    article = _with_photos(lead=lead)

    data = _json_ld(_page(client, article.get_absolute_url()))

    images = data["image"]
    assert [obj["@type"] for obj in images] == ["ImageObject"] * 3
    ratios = sorted(round(obj["width"] / obj["height"], 2) for obj in images)
    assert ratios == [1.0, 1.33, 1.78]
    assert {obj["width"] for obj in images} == {1200}
    for obj in images:
        assert obj["url"].startswith("http://testserver/media/images/renditions/")
        assert obj["url"] == obj["contentUrl"]
        assert obj["caption"] == "The door."
        assert obj["description"] == "A red door in a white wall"
        assert obj["creditText"] == "Ann Lee/Newsroom"
        assert obj["copyrightNotice"] == "© 2026 Newsroom"
        assert obj["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert "digitalSourceType" not in obj  # a camera's photo needs no label
        path = obj["url"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200


def test_json_ld_uses_the_widest_crop_a_small_original_allows(client):
    article = _with_photos(lead=_small_photo(licence="All rights reserved"))

    images = _json_ld(_page(client, article.get_absolute_url()))["image"]

    assert sorted((obj["width"], obj["height"]) for obj in images) == [
        (360, 360),
        (480, 270),
        (480, 360),
    ]
    assert all("license" not in obj for obj in images)  # not a URL


# --- Sitemaps and feeds ----------------------------------------------------------------------


def test_the_article_sitemap_lists_each_storys_photos(client):
    lead, inline = _photo(), _small_photo()
    pictured = _with_photos(lead=lead, inline=[inline, lead])
    plain = _with_photos()

    response = client.get(reverse("sitemap_section", kwargs={"section": "articles"}))

    root = _xml(response)
    found = {
        url.findtext(f"{SITEMAP}loc"): [
            image.findtext(f"{IMAGE}loc") for image in url.findall(f"{IMAGE}image")
        ]
        for url in root.findall(f"{SITEMAP}url")
    }
    largest = [renditions.largest(image) for image in (lead, inline)]
    assert found[f"http://testserver{pictured.get_absolute_url()}"] == [
        f"http://testserver{renditions.url(r['name'])}" for r in largest
    ]
    assert (largest[0]["width"], largest[0]["format"]) == (1800, "jpeg")
    assert found[f"http://testserver{plain.get_absolute_url()}"] == []


def _media_content(element):
    (content,) = element.findall(f"{MEDIA}content")
    return content


def test_rss_items_carry_the_lead_photo_as_media_content(client):
    lead = _photo(caption="The door.", copyright_notice="© 2026 Newsroom")
    article = _with_photos(lead=lead)
    _with_photos()

    response = client.get(reverse("articles:feed_rss"))

    assert not feedparser.parse(response.content).bozo
    items = {item.findtext("link"): item for item in _xml(response).iter("item")}
    item = items[f"http://testserver{article.get_absolute_url()}"]
    content = _media_content(item)
    card = renditions.best(lead, "16:9", 1200)
    assert content.attrib == {
        "url": f"http://testserver{renditions.url(card['name'])}",
        "medium": "image",
        "type": "image/jpeg",
        "width": "1200",
        "height": "675",
    }
    assert content.findtext(f"{MEDIA}description") == "The door."
    assert content.findtext(f"{MEDIA}credit") == "Ann Lee/Newsroom"
    assert content.findtext(f"{MEDIA}copyright") == "© 2026 Newsroom"
    others = [i for link, i in items.items() if link != item.findtext("link")]
    assert [i.findall(f"{MEDIA}content") for i in others] == [[]]


def test_the_topic_feed_shares_the_photos(client):
    article = _with_photos(lead=_small_photo())
    topic = article.topics.first()

    response = client.get(reverse("articles:topic_feed", kwargs={"slug": topic.slug}))

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.media_content[0]["medium"] == "image"
    assert entry.media_content[0]["width"] == "480"
    assert entry.media_credit[0]["content"] == "Ann Lee/Newsroom"


def test_atom_entries_carry_the_photo_as_an_enclosure_and_media_content(client):
    lead = _small_photo()
    _with_photos(lead=lead)

    response = client.get(reverse("articles:feed_atom"))

    assert not feedparser.parse(response.content).bozo
    (entry,) = _xml(response).iter(f"{ATOM}entry")
    (enclosure,) = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    card = renditions.best(lead, "16:9", 1200)
    assert enclosure.get("href") == f"http://testserver{renditions.url(card['name'])}"
    assert enclosure.get("type") == "image/jpeg"
    assert _media_content(entry).get("url") == enclosure.get("href")
    # An alt text stands in for a missing caption.
    assert _media_content(entry).findtext(f"{MEDIA}description") == lead.alt_text


# --- Drafts ----------------------------------------------------------------------------------


def test_a_photo_only_a_draft_or_a_scheduled_story_uses_appears_nowhere_public(client):
    from django.utils import timezone

    secret_lead, secret_inline, scheduled_lead = _small_photo(), _small_photo(), _small_photo()
    topic, contributor = TopicFactory(), ContributorFactory()
    draft = ArticleFactory(
        lead_image=secret_lead, body=f"Hi.\n\n![x](image:{secret_inline.pk})\n\nThere."
    )
    scheduled = ArticleFactory(
        status="published",
        published_at=timezone.now() + timezone.timedelta(days=1),
        lead_image=scheduled_lead,
    )
    public = _with_photos(lead=_small_photo(), headline="Harbour paragraph story")
    for hidden in (draft, scheduled):
        hidden.topics.add(topic, *public.topics.all())
        CreditFactory(article=hidden, contributor=contributor)
        AttributionFactory(article=hidden, source=public.attributions.first().source)
    public_pages = [
        *_list_urls(public).values(),
        reverse("articles:topics"),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:topic_feed", kwargs={"slug": public.topics.first().slug}),
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "articles"}),
        reverse("news_sitemap"),
        reverse("api:article-list"),
        public.get_absolute_url(),
    ]

    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for image in (secret_lead, secret_inline, scheduled_lead):
            assert image.content_hash[:16] not in response.content.decode(), url
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(topic.get_absolute_url()).status_code == 404  # only hidden stories


# --- Query counts ----------------------------------------------------------------------------


def test_an_article_page_with_photos_stays_within_the_cap(client, django_assert_max_num_queries):
    lead = _small_photo()
    inlines = [_small_photo() for _ in range(3)]
    one = _with_photos(lead=lead, inline=inlines[:1])
    three = _with_photos(lead=lead, inline=inlines)
    plain = _with_photos()

    # The first reader renders the parts and stores them (two queries more: articles/parts.py)
    counts = [
        _count(client, a.get_absolute_url(), django_assert_max_num_queries, ARTICLE_CAP + 2)
        for a in (plain, one, three)
    ]

    # A lead photo is joined; a body with photos costs one query, however many it shows.
    assert counts[1] == counts[2] == counts[0] + 1
    # Every reader after: the stored parts, with the photos in them, and the related block.
    again = [
        _count(client, a.get_absolute_url(), django_assert_max_num_queries, 2)
        for a in (plain, one, three)
    ]
    assert again == [2, 2, 2]


LIST_PAGES = {
    "home": lambda t, c, s: reverse("articles:index"),
    "topic": lambda t, c, s: t.get_absolute_url(),
    "contributor": lambda t, c, s: c.get_absolute_url(),
    "source": lambda t, c, s: s.get_absolute_url(),
    "search": lambda t, c, s: reverse("articles:search") + "?q=paragraph",
    "rss": lambda t, c, s: reverse("articles:feed_rss"),
    "atom": lambda t, c, s: reverse("articles:feed_atom"),
    "topic-feed": lambda t, c, s: reverse("articles:topic_feed", kwargs={"slug": t.slug}),
    "sitemap-articles": lambda t, c, s: reverse("sitemap_section", kwargs={"section": "articles"}),
}


@pytest.mark.parametrize("name", LIST_PAGES)
def test_lists_of_stories_with_photos_cost_what_lists_without_do(
    client, django_assert_max_num_queries, name
):
    topic, contributor, source = TopicFactory(), ContributorFactory(), SourceFactory()
    articles = []
    for _ in range(20):
        article = _with_photos()
        article.topics.add(topic)
        CreditFactory(article=article, contributor=contributor)
        AttributionFactory(article=article, source=source)
        articles.append(article)
    url = LIST_PAGES[name](topic, contributor, source)
    without = _count(client, url, django_assert_max_num_queries, LIST_CAP)
    assert b"/media/images/renditions/" not in client.get(url).content

    for article in articles:  # each with a lead photo of its own and one in its body
        article.lead_image = _small_photo()
        article.body += f"\n\n![x](image:{_small_photo().pk})\n\nThe end."
        article.save()
    with_photos = _count(client, url, django_assert_max_num_queries, LIST_CAP)

    assert with_photos == without
    shown = {
        image.content_hash
        for image in Image.objects.all()
        if image.content_hash[:16] in client.get(url).content.decode()
    }
    assert len(shown) >= 20


# --- The page cache --------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def _state(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache")


def _warm(client, *urls):
    for url in urls:
        assert _state(client, url) == (200, "miss"), url
        assert _state(client, url) == (200, "hit"), url


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("use", ["lead", "inline"])
def test_editing_a_photos_caption_evicts_the_pages_that_show_it(client, committed, use):
    photo = _small_photo(caption="Old caption.")
    article = _with_photos(**({"lead": photo} if use == "lead" else {"inline": [photo]}))
    bystander = _with_photos(lead=_small_photo())
    lists = [reverse("articles:index"), article.topics.first().get_absolute_url()]
    _warm(client, article.get_absolute_url(), bystander.get_absolute_url(), *lists)

    with committed():
        photo.caption = "New caption."
        photo.save()

    assert _state(client, article.get_absolute_url()) == (200, "miss")
    assert "New caption." in client.get(article.get_absolute_url()).text
    for url in lists:
        assert _state(client, url) == (200, "miss"), url
    assert _state(client, bystander.get_absolute_url()) == (200, "hit")


@pytest.mark.usefixtures("page_cache")
def test_moving_the_focal_point_evicts_the_teasers_showing_the_old_crop(client, committed):
    photo = _small_photo()
    article = _with_photos(lead=photo)
    home = reverse("articles:index")
    _warm(client, home, article.get_absolute_url())
    old = renditions.best(photo, "4:3", 320)["name"]

    with committed():
        library.set_focal_point(photo, 0.1, 0.2)

    assert _state(client, home) == (200, "miss")
    new = renditions.best(photo, "4:3", 320)["name"]
    assert new != old
    assert new in client.get(home).text
    assert old not in client.get(home).text


@pytest.mark.usefixtures("page_cache")
def test_editing_a_photo_only_a_draft_uses_evicts_no_public_page(client, committed):
    photo = _small_photo()
    ArticleFactory(lead_image=photo)
    public = _with_photos(lead=_small_photo())
    urls = [reverse("articles:index"), public.get_absolute_url(), reverse("articles:feed_rss")]
    _warm(client, *urls)

    with committed():
        photo.credit = "Someone Else/Agency"
        photo.save()

    for url in urls:
        assert _state(client, url) == (200, "hit"), url


def test_a_photos_edit_moves_the_version_of_the_articles_showing_it():
    photo = _small_photo()
    article = _with_photos(inline=[photo])
    bystander = _with_photos()
    versions = (article.version, bystander.version)

    photo.alt_text = "A blue door"
    photo.save()

    article.refresh_from_db()
    bystander.refresh_from_db()
    assert (article.version, bystander.version) == (versions[0] + 1, versions[1])
