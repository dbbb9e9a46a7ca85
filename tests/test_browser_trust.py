"""The trust pages in a real browser (Chromium through Playwright): the corrections archive, an
author page, the policies index and a policy page, the sections index, the story and its
feedback form pass axe-core at desktop and phone widths without sideways
scrolling; screenshots go to docs/screenshots/ with SCREENSHOTS_DIR=docs/screenshots.

Skipped when Chromium or axe-core is missing, unless REQUIRE_BROWSER=1 (as in CI).
"""

import pytest
from django.urls import reverse

from images import library
from newsroom.seed import seed_story
from tests.browser import chromium_browser, screenshot
from tests.factories import CorrectionFactory
from tests.images_factory import photo_bytes, upload
from tests.test_browser_site import DESKTOP, PHONE, _axe_violations, _page
from trust.defaults import install
from trust.models import Policies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def site(live_server, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = live_server.url
    install(Policies)  # a transactional test's flush removed the migration's record
    article, _ = seed_story()
    article.about_story = "We compared the subpoenas with court filings in Denver."
    article.save(update_fields=["about_story"])
    CorrectionFactory(
        article=article, text="An earlier version misstated the number of subpoenas issued."
    )
    author = article.byline[0].contributor
    photo, _ = library.store_upload(
        upload(photo_bytes(800, 800)), alt_text=f"{author.name}", credit="Newsroom"
    )
    author.title = "Immigration correspondent"
    author.bio = f"{author.name} reports on immigration policy from Washington."
    author.expertise = "immigration, homeland security, courts"
    author.links = "https://example.social/@reporter\nhttps://reporter.example.org/"
    author.photo = photo
    author.save()
    return live_server.url, {
        "author": author.get_absolute_url(),
        "corrections": reverse("trust:corrections"),
        "policies": reverse("trust:policies"),
        "policy": reverse("trust:policy", args=["corrections-policy"]),
        "sections": reverse("sections:index"),
        "feedback": reverse("trust:feedback", args=[article.slug]),
        "story": article.get_absolute_url(),
    }


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_trust_pages_pass_axe_and_fit_the_screen(chromium, site, width):
    base, paths = site
    page = _page(chromium, width)
    failures = {}
    for name, path in paths.items():
        response = page.goto(base + path)
        assert response.status == 200, name
        assert page.locator("h1").count() == 1, name
        screenshot(page, f"{name}-{width}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        if violations := _axe_violations(page):
            failures[name] = violations
    page.context.close()

    assert failures == {}


def test_a_reader_sends_a_correction_request_from_the_story(chromium, site):
    from trust.models import FeedbackRequest

    base, paths = site
    page = _page(chromium, PHONE)
    page.goto(base + paths["story"])
    page.get_by_role("link", name="Send feedback or request a correction").click()
    page.get_by_label("Your message").fill("The headline says nine subpoenas; the body says four.")
    page.get_by_role("button", name="Send to the desk").click()

    assert page.get_by_role("status").inner_text().startswith("Thank you")
    assert FeedbackRequest.objects.get().kind == "correction"
    page.context.close()
