"""The desk's preview says what it is: a banner with the story's status and the way back to
its form, and no publication time for a story that has none. The public page has neither."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import ROOT, chromium_browser, screenshot, unavailable
from tests.factories import ArticleFactory, CreditFactory, staff_user

pytestmark = pytest.mark.django_db

AXE = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long and careful passphrase"


@pytest.fixture
def editor_client(client):
    client.force_login(staff_user("editor", username="ed"))
    return client


def _article(status, published_at=None):
    article = ArticleFactory(status=status, published_at=published_at)
    CreditFactory(article=article)
    return article


def _preview(client, article):
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    return response.text


def _banner(html):
    match = re.search(r'<aside class="preview-banner"[^>]*>(.*?)</aside>', html, re.S)
    assert match, "the preview has no banner"
    return match.group(0)


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_drafts_preview_says_not_published_and_links_back_to_its_form(editor_client):
    article = _article("draft")

    html = _preview(editor_client, article)
    banner = _banner(html)

    assert 'role="region"' in banner
    assert 'aria-label="Preview"' in banner
    assert "Preview: not published" in _text(banner)
    assert "Status: Draft" in _text(banner)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'href="{change_url}"' in banner
    assert "Back to editing" in _text(banner)


def test_a_drafts_preview_shows_no_publication_time(editor_client):
    article = _article("draft")

    html = _preview(editor_client, article)

    assert "Published <time" not in html
    assert "Not published" in _text(html)
    assert "article:published_time" not in html
    assert '"datePublished"' not in html


def test_an_unpublished_story_keeps_its_old_time_out_of_the_preview(editor_client):
    # Unpublishing leaves the story a draft with its old publication time.
    article = _article("draft", published_at=timezone.now() - timedelta(days=3))

    html = _preview(editor_client, article)

    assert "Published <time" not in html
    assert "Status: Draft" in _text(_banner(html))


def test_in_review_is_named_in_the_banner(editor_client):
    html = _preview(editor_client, _article("review"))

    assert "Status: In review" in _text(_banner(html))
    assert "Published <time" not in html


def test_a_scheduled_story_says_when_in_the_newsrooms_time_zone(editor_client, settings):
    settings.TIME_ZONE = "America/Denver"
    when = datetime(2031, 7, 4, 18, 30, tzinfo=ZoneInfo("UTC"))  # 12:30 in Denver

    html = _preview(editor_client, _article("published", published_at=when))
    banner = _text(_banner(html))

    assert "Preview: not published" in banner
    assert "Status: Scheduled for July 4, 2031, 12:30" in banner
    assert "Published <time" not in html


def test_a_published_storys_preview_is_of_the_current_text(editor_client):
    article = _article("published", published_at=timezone.now() - timedelta(hours=2))

    html = _preview(editor_client, article)
    banner = _text(_banner(html))

    assert "Preview of the current text" in banner
    assert "Status: Published" in banner
    assert "not published" not in banner
    assert "Published <time" in html  # the story itself keeps its real dateline


def test_the_banner_is_styled_from_a_static_file_not_inline(editor_client):
    html = _preview(editor_client, _article("draft"))

    assert re.search(r'<link rel="stylesheet" href="[^"]*css/preview\.css"', html)
    assert "style=" not in _banner(html)
    assert "<style" not in html


def test_the_public_page_has_no_banner(client):
    article = _article("published", published_at=timezone.now() - timedelta(hours=2))

    html = client.get(article.get_absolute_url()).text

    assert "preview-banner" not in html
    assert "preview.css" not in html
    assert "Preview" not in html
    assert "Published <time" in html


def _signed_in_page(browser, live_server, scheme, *, bypass_csp=False):
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, color_scheme=scheme, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_is_a_named_region_with_enough_contrast_in_chromium(live_server, scheme):
    editor = staff_user("editor", username="desk")
    editor.set_password(PASSWORD)
    editor.save()
    article = _article("draft")
    preview = live_server.url + reverse("admin:articles_article_preview", args=[article.pk])
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE} (make browser-deps)")
    with chromium_browser() as browser:
        # Under the real Content-Security-Policy: styled, and nothing refused.
        page = _signed_in_page(browser, live_server, scheme)
        refused = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto(preview)
        screenshot(page, f"preview-banner-{scheme}")
        banner = page.get_by_role("region", name="Preview")
        assert banner.is_visible()
        assert banner.evaluate("el => getComputedStyle(el).borderLeftWidth") != "0px"
        assert refused == []
        page.context.close()

        # The audit's script is injected, which the policy would (rightly) refuse.
        page = _signed_in_page(browser, live_server, scheme, bypass_csp=True)
        page.goto(preview)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "() => axe.run({include: ['.preview-banner']}, {runOnly: ['wcag2a', 'wcag2aa']})"
        )
        page.context.close()
    assert [violation["id"] for violation in result["violations"]] == []
    assert any(rule["id"] == "color-contrast" for rule in result["passes"])
