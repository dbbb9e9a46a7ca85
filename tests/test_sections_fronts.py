"""Sections and curated fronts (issue 17): section fronts, the index, feeds and sitemap, the
header's navigation, the home page's lead, featured and section blocks, pins that expire or
point at hidden stories, curating that evicts exactly its front, the publish check, and the
pinned query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.workflow import NotReady
from fronts.models import FrontSlot
from newsroom import pagecache
from newsroom.seed import seed_story
from sections.models import Section
from tests.factories import ArticleFactory, CreditFactory, TopicFactory, ready_to_publish
from tests.test_workflow import staff_user

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def story(section, headline, *, hours_ago=1, **kwargs):
    article = ArticleFactory(
        published=True,
        section=section,
        headline=headline,
        published_at=timezone.now() - hours_ago * HOUR,
        **kwargs,
    )
    CreditFactory(article=article, contributor__name=f"Writer of {headline}")
    return article


@pytest.fixture
def world_section():
    return Section.objects.create(name="World", slug="world", order=1)


@pytest.fixture
def business():
    return Section.objects.create(name="Business", slug="business", order=2)


def test_section_front_shows_its_lead_and_featured_then_its_newest(client, world_section):
    europe = Section.objects.create(name="Europe", slug="europe", parent=world_section)
    lead = story(world_section, "Summit opens in Nairobi", hours_ago=5)
    featured = story(europe, "Rhine shipping resumes", hours_ago=4)
    newest = story(world_section, "Ceasefire holds", hours_ago=1)
    FrontSlot.objects.create(section=world_section, article=lead, slot="lead")
    FrontSlot.objects.create(section=world_section, article=featured, slot="featured")

    page = client.get(reverse("sections:front", args=["world"])).text

    assert page.index("Summit opens in Nairobi") < page.index("Rhine shipping resumes")
    assert page.index("Rhine shipping resumes") < page.index("Ceasefire holds")
    assert page.count("Summit opens in Nairobi</a></h") == 1  # pinned, so not listed again
    assert 'class="lead-story"' in page
    assert "RSS feed for World" in page
    assert newest.get_absolute_url() in page


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "draft"},
        {"published_at": timezone.now() + HOUR},
        {"deleted_at": timezone.now()},
    ],
    ids=["draft", "scheduled", "trashed"],
)
def test_a_pin_on_a_hidden_story_shows_nothing(client, world_section, hidden):
    story(world_section, "Public harbour story")
    secret = story(world_section, "Zanzibar merger")
    type(secret).objects.filter(pk=secret.pk).update(**hidden)
    FrontSlot.objects.create(section=None, article=secret, slot="lead")
    FrontSlot.objects.create(section=world_section, article=secret, slot="lead")

    for url in [
        reverse("articles:index"),
        reverse("sections:front", args=["world"]),
        reverse("sections:feed", args=["world"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Zanzibar" not in response.text, url


def test_an_expired_pin_shows_the_story_only_among_the_newest(client, world_section):
    old = story(world_section, "Yesterday's lead", hours_ago=30)
    story(world_section, "Fresh story", hours_ago=1)
    FrontSlot.objects.create(
        section=world_section, article=old, slot="lead", pinned_until=timezone.now() - HOUR
    )

    page = client.get(reverse("sections:front", args=["world"])).text

    assert 'class="lead-story"' not in page
    assert page.index("Fresh story") < page.index("Yesterday&#x27;s lead")


def test_a_section_only_hidden_stories_use_is_shown_nowhere(client, world_section):
    story(world_section, "Public story")
    secret = Section.objects.create(name="Quokka desk", slug="quokka-desk", order=3)
    ArticleFactory(section=secret, headline="Draft in secret section")

    assert client.get(reverse("sections:front", args=["quokka-desk"])).status_code == 404
    assert client.get(reverse("sections:feed", args=["quokka-desk"])).status_code == 404
    for url in [
        reverse("articles:index"),
        reverse("sections:index"),
        reverse("sitemap_section", kwargs={"section": "sections"}),
        reverse("api:article-list"),
    ]:
        assert "Quokka" not in client.get(url).text, url
        assert "quokka-desk" not in client.get(url).text, url


def test_the_header_lists_top_level_sections_in_print_in_order(client, world_section, business):
    story(business, "Markets rally")
    story(world_section, "Summit opens")
    Section.objects.create(name="Europe", slug="europe", parent=world_section)
    story(Section.objects.get(slug="europe"), "Rhine story")

    nav = client.get(reverse("topics")).text if False else client.get("/topics/").text
    header = nav[nav.index('class="site-nav"') : nav.index("</nav>")]

    assert header.index(">World<") < header.index(">Business<")
    assert ">Europe<" not in header


def test_the_home_page_has_a_lead_with_its_photo_featured_and_blocks_per_section(
    client, world_section, business
):
    from images import library
    from tests.images_factory import photo_bytes, upload

    photo, _ = library.store_upload(upload(photo_bytes(800, 450)), alt_text="Delegates arrive")
    lead = story(world_section, "Summit opens", lead_image=photo, hours_ago=6)
    featured = story(business, "Markets rally", hours_ago=5)
    story(business, "Bank raises rates", hours_ago=2)
    tagged = story(world_section, "Ceasefire holds", hours_ago=1)
    tagged.topics.add(*[TopicFactory(name=f"Pill {n}") for n in range(10)])
    FrontSlot.objects.create(article=lead, slot="lead")
    FrontSlot.objects.create(article=featured, slot="featured")

    page = client.get(reverse("articles:index")).text

    top = page[page.index('class="front-top"') : page.index('class="section-block"')]
    assert "<picture" in top
    assert "Summit opens" in top
    assert "Markets rally" in top
    assert 'id="block-' in page
    assert ">World</a></h2>" in page
    assert ">Business</a></h2>" in page
    assert "Bank raises rates" in page
    assert "Ceasefire holds" in page
    assert "Pill 3" not in page  # no topic pills on fronts
    assert '<p class="kicker"><a href="/sections/business/">Business</a></p>' in page


def test_curating_a_front_evicts_exactly_that_front(
    world_section, business, django_capture_on_commit_callbacks
):
    article = story(world_section, "Summit opens")
    seen = []

    def record(sender, tags, **kwargs):
        seen.append(set(tags))

    pagecache.tags_changed.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            home_pin = FrontSlot.objects.create(article=article, slot="lead")
        with django_capture_on_commit_callbacks(execute=True):
            section_pin = FrontSlot.objects.create(section=world_section, article=article)
        with django_capture_on_commit_callbacks(execute=True):
            section_pin.position = 3
            section_pin.save()
        with django_capture_on_commit_callbacks(execute=True):
            section_pin.section = business
            section_pin.save()
        with django_capture_on_commit_callbacks(execute=True):
            home_pin.delete()
    finally:
        pagecache.tags_changed.disconnect(record)

    assert seen == [
        {"front-home"},
        {f"front-section-{world_section.pk}"},
        {f"front-section-{world_section.pk}"},
        {f"front-section-{business.pk}", f"front-section-{world_section.pk}"},
        {"front-home"},
    ]


def test_the_home_and_section_fronts_declare_their_front_tags(client, world_section):
    story(world_section, "Summit opens")

    home = client.get(reverse("articles:index"))
    front = client.get(reverse("sections:front", args=["world"]))

    assert "front-home" in home["Surrogate-Key"].split()
    assert f"front-section-{world_section.pk}" in front["Surrogate-Key"].split()
    assert "front-home" not in front["Surrogate-Key"].split()


def test_publishing_needs_a_section_once_the_newsroom_has_sections(world_section):
    editor = staff_user("editor", username="ed")
    article = ready_to_publish()

    with pytest.raises(NotReady, match="it has no section"):
        workflow.publish(article=article, by=editor)

    article.section = world_section
    article.save()
    workflow.publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == "published"


def test_the_seeded_story_is_in_world_united_states(client):
    article, _ = seed_story()

    assert article.section.slug == "united-states"
    assert article.section.parent.slug == "world"
    page = client.get(reverse("sections:index")).text
    assert "United States" in page
    assert ">World<" in page
    assert client.get(reverse("sections:front", args=["world"])).status_code == 200


def test_the_section_feed_lists_the_section_only(client, world_section, business):
    story(world_section, "Summit opens")
    story(business, "Markets rally")

    feed = client.get(reverse("sections:feed", args=["world"])).text

    assert "Summit opens" in feed
    assert "Markets rally" not in feed


def _grow(n, world_section, business):
    for i in range(n):
        story(world_section if i % 2 else business, f"Story {i}", hours_ago=i + 1)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # nav, pins (+ their bylines), the section blocks (+ bylines), the latest (+ bylines)
        (lambda: reverse("articles:index"), 7),
        # section, pins (+ bylines), the list (+ bylines), nav
        (lambda: reverse("sections:front", args=["world"]), 6),
        # sections in print, nav
        (lambda: reverse("sections:index"), 2),
        # section, items, credits, topics, corrections
        (lambda: reverse("sections:feed", args=["world"]), 5),
    ],
    ids=["home", "section-front", "section-index", "section-feed"],
)
def test_front_query_counts_do_not_grow(
    client, world_section, business, django_assert_num_queries, url, queries
):
    _grow(10, world_section, business)
    FrontSlot.objects.create(article=world_section.primary_articles.first(), slot="lead")
    FrontSlot.objects.create(section=world_section, article=world_section.primary_articles.first())
    with django_assert_num_queries(queries):
        assert client.get(url()).status_code == 200
    _grow(12, world_section, business)
    for article in business.primary_articles.all()[:3]:
        FrontSlot.objects.create(article=article, slot="featured")
        FrontSlot.objects.create(section=world_section, article=article)
    from sections.navigation import forget

    forget()
    with django_assert_num_queries(queries):
        assert client.get(url()).status_code == 200


def test_the_article_names_its_section_in_json_ld_with_no_extra_query(
    client, world_section, django_assert_num_queries
):
    article = story(world_section, "Summit opens")

    # The first reader: the stored parts looked up (none yet); article (its section and photo
    # joined: no query of their own), credits, topics, corrections, attributions; two cold
    # caches: the newsroom's policies, the navigation; the Related block's one query
    # (articles/related.py); and the parts stored (articles/parts.py)
    with django_assert_num_queries(10) as captured:
        page = client.get(article.get_absolute_url()).text

    assert '"articleSection": "World"' in page
    assert sum('FROM "sections_section"' in q["sql"] for q in captured.captured_queries) == 1

    # Every reader after: the stored parts (the section's name in them) and the Related block
    with django_assert_num_queries(2):
        assert client.get(article.get_absolute_url()).text == page


def test_the_story_shows_its_section_under_its_parent(client, world_section):
    europe = Section.objects.create(name="Europe", slug="europe", parent=world_section)
    article = story(europe, "Summit opens")

    page = client.get(article.get_absolute_url()).text

    assert (
        '<nav class="story-section" aria-label="Section"><a href="/sections/world/">World</a> '
        '<span aria-hidden="true">›</span> <a href="/sections/europe/">Europe</a></nav>'
    ) in page


def test_renaming_a_parent_section_evicts_its_subsections_stories(
    client, settings, world_section, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    europe = Section.objects.create(name="Europe", slug="europe", parent=world_section)
    article = story(europe, "Summit opens")
    version = article.version
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        world_section.name = "International"
        world_section.save()

    page = client.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert '<a href="/sections/world/">International</a>' in page.text
    article.refresh_from_db()
    assert article.version == version + 1
