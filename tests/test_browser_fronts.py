"""The home page and a section front in a real browser (Chromium through Playwright): with a lead
and a featured pin on each, photos and stories in three sections (one a subsection), both show
the lead headline and their section blocks, fit a desktop and a phone screen without sideways
scrolling, and pass axe-core. Screenshots go to docs/screenshots/ with
SCREENSHOTS_DIR=docs/screenshots.

Skipped when Chromium or axe-core is missing, unless REQUIRE_BROWSER=1 (as in CI).
"""

import pytest
from django.utils import timezone

from articles.models import Article
from fronts.models import FrontSlot
from images import library
from sections.models import Section
from tests.browser import chromium_browser, screenshot
from tests.factories import ArticleFactory, CreditFactory
from tests.images_factory import photo_bytes, upload
from tests.test_browser_site import DESKTOP, PHONE, _axe_violations, _page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOUR = timezone.timedelta(hours=1)
HOME_LEAD = "Harbour cranes fall silent as dock workers walk out over automation"
SECTION_LEAD = "Rhine barges run again after a month of record low water"


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


def _photo(color, alt):
    image, _ = library.store_upload(
        upload(photo_bytes(1200, 750, color=color)), alt_text=alt, credit="Newsroom"
    )
    return image


def _story(section, headline, writer, *, hours_ago, photo=None, dek=""):
    article = ArticleFactory(
        published=True,
        section=section,
        headline=headline,
        dek=dek or "What changed today, who it affects and what happens next.",
        published_at=timezone.now() - hours_ago * HOUR,
    )
    CreditFactory(article=article, contributor__name=writer)
    if photo:
        Article.objects.filter(pk=article.pk).update(lead_image=photo)
    return article


@pytest.fixture
def fronts(live_server, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = live_server.url
    world = Section.objects.create(name="World", slug="world", order=1)
    europe = Section.objects.create(name="Europe", slug="europe", parent=world, order=1)
    business = Section.objects.create(name="Business", slug="business", order=2)

    home_lead = _story(
        business,
        HOME_LEAD,
        "Amara Okafor",
        hours_ago=3,
        photo=_photo((200, 90, 40), "Idle container cranes at the harbour at dawn"),
    )
    home_featured = _story(
        world,
        "Ceasefire talks resume in Geneva with both delegations at the table",
        "Jonas Lindqvist",
        hours_ago=2,
        photo=_photo((40, 110, 180), "Delegates arriving at the conference hall"),
    )
    section_lead = _story(
        europe,
        SECTION_LEAD,
        "Marta Kowalska",
        hours_ago=5,
        photo=_photo((60, 150, 90), "A barge loaded with coal on the Rhine"),
    )
    section_featured = _story(
        world, "Nairobi summit agrees a fund for drought-hit farmers", "Wanjiru Kamau", hours_ago=4
    )
    _story(europe, "Lisbon tram fares frozen for another year", "Rui Almeida", hours_ago=1)
    _story(world, "Monsoon rains arrive early across southern India", "Priya Nair", hours_ago=6)
    _story(business, "Central bank holds rates and signals patience", "Amara Okafor", hours_ago=7)
    _story(business, "Chipmaker opens its first plant outside Asia", "Daniel Weiss", hours_ago=8)

    FrontSlot.objects.create(section=None, article=home_lead, slot="lead")
    FrontSlot.objects.create(section=None, article=home_featured, slot="featured")
    FrontSlot.objects.create(section=world, article=section_lead, slot="lead")
    FrontSlot.objects.create(section=world, article=section_featured, slot="featured")
    return live_server.url, {
        "home": ("/", HOME_LEAD, ["World", "Business", "Latest news"]),
        "section-front": (world.get_absolute_url(), SECTION_LEAD, ["Latest in World"]),
    }


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_home_and_section_front_show_their_pins_fit_the_screen_and_pass_axe(
    chromium, fronts, width
):
    base, pages = fronts
    page = _page(chromium, width)
    failures = {}
    for name, (path, lead, blocks) in pages.items():
        response = page.goto(base + path)
        assert response.status == 200, name
        assert page.locator("h1").count() == 1, name
        lead_title = page.locator(".lead-story .lead-title")
        assert lead_title.inner_text() == lead, name
        assert lead_title.is_visible(), name
        assert page.locator(".lead-story img").is_visible(), name
        assert page.locator(".front-top .featured .teaser").count() == 1, name
        for block in blocks:
            heading = page.locator(".block-title", has_text=block).first
            assert heading.is_visible(), f"{name}: no {block} block"
        screenshot(page, f"{name}-{width}")
        overflow = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        if violations := _axe_violations(page):
            failures[name] = violations
    page.context.close()

    assert failures == {}
