"""The reader site in a real browser: Debian's Chromium through Playwright, at phone and desktop
widths, with screenshots kept under artifacts/screenshots/ and an axe-core audit that must find
no serious or critical accessibility violation on home, article, topic, source, search and 404.

Skipped when Chromium or axe-core is missing, unless REQUIRE_BROWSER=1 (as in CI).
"""

import pytest
from django.urls import reverse

from newsroom.seed import seed_story
from tests.browser import ROOT, chromium_browser, screenshot, unavailable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = 390, 1280
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def site(live_server, settings):
    """The seeded story on the live server, reachable under its own host name."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = live_server.url
    article, _ = seed_story()
    return live_server.url, article


def _page(chromium, width, color_scheme="light"):
    context = chromium.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=color_scheme,
        # The audit script is injected into the page; a future Content-Security-Policy must not
        # block the test's own tooling.
        bypass_csp=True,
    )
    return context.new_page()


def _axe_violations(page):
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE} (make browser-deps)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _shoot(page, name, width):
    screenshot(page, f"reader-{name}-{width}")


def _reader_pages(article):
    return {
        "home": reverse("articles:index"),
        "article": article.get_absolute_url(),
        "topic": reverse("articles:topic", args=["immigration"]),
        "source": reverse("sources:detail", args=["chad-sublet"]),
        "search": f"{reverse('articles:search')}?q=subpoenas",
        "404": "/no-such-page/",
    }


def test_reader_pages_pass_axe_at_desktop_width(chromium, site):
    base, article = site
    page = _page(chromium, DESKTOP)
    failures = {}
    for name, path in _reader_pages(article).items():
        response = page.goto(base + path)
        assert response.status == (404 if name == "404" else 200), name
        assert page.locator("h1").count() == 1, name
        _shoot(page, name, DESKTOP)
        if violations := _axe_violations(page):
            failures[name] = violations
    page.context.close()

    assert failures == {}


def test_phone_width_fits_without_sideways_scrolling_and_passes_axe(chromium, site):
    base, article = site
    page = _page(chromium, PHONE)
    for name in ["home", "article"]:
        page.goto(base + _reader_pages(article)[name])
        _shoot(page, name, PHONE)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {PHONE}px"
    assert _axe_violations(page) == []
    page.context.close()


def test_dark_mode_article_keeps_sufficient_contrast(chromium, site):
    base, article = site
    page = _page(chromium, DESKTOP, color_scheme="dark")
    page.goto(base + article.get_absolute_url())
    _shoot(page, "article-dark", DESKTOP)

    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 20)"
    assert _axe_violations(page) == []
    page.context.close()


def test_keyboard_reader_reaches_the_skip_link_first_and_sees_focus(chromium, site):
    base, article = site
    page = _page(chromium, DESKTOP)
    page.goto(base + article.get_absolute_url())

    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                text: el.textContent,
                top: el.getBoundingClientRect().top,
                outline: getComputedStyle(el).outlineStyle,
            };
        }"""
    )
    assert focused["text"] == "Skip to content"
    assert focused["top"] >= 0  # moved on screen when focused
    assert focused["outline"] != "none"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.context.close()


def test_reader_can_search_from_the_header(chromium, site):
    base, article = site
    page = _page(chromium, PHONE)
    page.goto(base + "/")

    page.get_by_label("Search articles").fill("sanctuary")
    page.get_by_label("Search articles").press("Enter")
    page.wait_for_url("**/search/?q=sanctuary")

    assert page.get_by_role("link", name=article.headline).count() == 1
    assert page.locator(".snippet mark").count() >= 1
    page.context.close()
