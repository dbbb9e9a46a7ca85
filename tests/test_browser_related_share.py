"""The article page's "Related" block and share links in Chromium: the "Copy link" button is
shown by static/js/share.js under the site's real Content-Security-Policy (no inline script),
and the page passes axe-core at phone and desktop widths. Screenshots: related-share-<width>.

Skipped when Chromium or axe-core is missing, unless REQUIRE_BROWSER=1 (as in CI).
"""

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.seed import seed_story
from tests.browser import SCREENSHOTS, chromium_browser
from tests.factories import ArticleFactory
from tests.test_browser_site import DESKTOP, PHONE, _axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(live_server, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = live_server.url
    article, _ = seed_story()
    topic = article.topics.first()
    for hours, headline in enumerate(
        ["Court hears the next appeal", "What the ruling means for visas", "A timeline"], 1
    ):
        other = ArticleFactory(
            headline=headline,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(hours=hours),
        )
        other.topics.add(topic)
    return live_server.url + article.get_absolute_url()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_related_and_share_work_under_the_csp_and_pass_axe(story, width):
    with chromium_browser() as browser:
        # The real CSP first: the script must run without an inline script or a nonce.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, permissions=["clipboard-read"]
        )
        page = context.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
        page.goto(story)
        copy = page.get_by_role("button", name="Copy link")
        copy.wait_for(state="visible")
        assert refused == []
        related = page.get_by_role("complementary", name="Related")
        assert related.get_by_role("link").count() == 3
        assert page.get_by_role("link", name="Share on Bluesky").is_visible()
        # The end of the page, where the blocks are, rather than the whole long story.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"related-share-{width}.png"))
        context.close()

        audit = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = audit.new_page()
        page.goto(story)
        assert _axe_violations(page) == []
        audit.close()
