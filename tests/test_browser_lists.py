"""The desk's lists in a real browser: at 1280 px the article, source and attribution lists show
every column without the page scrolling sideways, and headlines keep to two lines (the rest of
the text still there for a screen reader); at 390 px the article's history is readable without
the page overflowing. Screenshots go to artifacts/screenshots/ (tests/browser.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.browser import SCREENSHOTS, chromium_browser, screenshot
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

# A live server needs committed rows: transactional tests (tests/conftest.py puts the roles
# back after each flush; a serialized rollback would clash with content types re-created by
# the previous test's flush).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a long and careful passphrase"
DESKTOP, PHONE = 1280, 390
LONG = (
    "City council approves sweeping overhaul of the water utility's rate structure after "
    "months of contentious hearings, a lawsuit from neighbourhood groups and a last-minute "
    "compromise brokered by the mayor's office, story number {n}"
)

# What the page measures: sideways overflow of the page, and of the given table's own box.
MEASURE = """selector => {
    const table = document.querySelector(selector);
    const box = table.parentElement;
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        table: table.getBoundingClientRect().width - box.clientWidth,
        offscreen: [...table.querySelectorAll('thead th')]
            .filter(th => th.getBoundingClientRect().right > window.innerWidth)
            .map(th => th.textContent.trim()),
    };
}"""

# Each headline cell's link: its painted height in lines, and its text (the whole headline).
HEADLINES = """() => [...document.querySelectorAll('#result_list .field-headline_or_untitled a')]
    .map(a => ({
        lines: a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight),
        text: a.textContent,
    }))"""


@pytest.fixture
def desk(live_server):
    """An editor signed in, in a 1280 px wide Chromium, with 30 long-headlined stories."""
    editor = staff_user("editor", username="desk")
    editor.set_password(PASSWORD)
    editor.save()
    topics = [TopicFactory(name=f"Local government and utilities {n}") for n in range(3)]
    sources = [
        SourceFactory(
            name=f"Spokesperson for the Metropolitan Water Reclamation District {n}",
            title="deputy director of communications and public engagement",
            affiliation=SourceFactory(
                name=f"Metropolitan Water Reclamation District of Greater Chicago {n}",
                kind="organization",
            ),
        )
        for n in range(3)
    ]
    now = timezone.now()
    articles = []
    for n in range(30):
        article = ArticleFactory(
            headline=LONG.format(n=n),
            status="published" if n % 3 else "draft",
            published_at=now - timedelta(days=n) if n % 3 else None,
        )
        for contributor in range(2):
            CreditFactory(
                article=article,
                contributor=ContributorFactory(
                    name=f"Alexandra Konstantinopoulou-{n}-{contributor}"
                ),
                order=contributor,
            )
        article.topics.add(*topics)
        AttributionFactory(article=article, source=sources[n % 3], verb="acknowledged")
        articles.append(article)
    # A history with many revisions, each with a long message.
    storied = Article.objects.get(pk=articles[1].pk)
    for n in range(6):
        storied.dek = f"Revision {n} of the standfirst."
        storied = workflow.save_article(
            article=storied,
            by=editor,
            message=f"Tightened the top, fixed the council vote count and the mayor's title ({n})",
        )
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "desk")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#desk-heading")
        yield page, live_server.url, storied
        context.close()


def _open(page, url, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    screenshot(page, f"lists-{name}-{width}")
    # What fits on one screen, too: the full page of a long list is too tall to look at.
    page.screenshot(path=str(SCREENSHOTS / f"lists-{name}-{width}-screen.png"))


def test_article_list_shows_every_column_at_1280_with_two_line_headlines(desk):
    page, base, _storied = desk
    _open(page, base + reverse("admin:articles_article_changelist"), DESKTOP, "articles")

    fit = page.evaluate(MEASURE, "#result_list")
    assert fit["page"] <= 0, f"the page scrolls sideways by {fit['page']}px"
    assert fit["table"] <= 0, f"the table is {fit['table']}px wider than its box"
    assert fit["offscreen"] == []
    headlines = page.evaluate(HEADLINES)
    assert len(headlines) == 30
    for headline in headlines:
        assert headline["lines"] <= 2.05, headline
    # Clipped only where painted: every headline's whole text is still in the page.
    assert {headline["text"] for headline in headlines} == {LONG.format(n=n) for n in range(30)}
    # The filters moved under the list, and a link above the list leads to them.
    jump = page.get_by_role("link", name="Filter the list")
    assert jump.is_visible()
    jump.click()
    assert page.locator("#changelist-filter").evaluate(
        "nav => nav.getBoundingClientRect().top >= 0 && nav.getBoundingClientRect().top < 900"
    )


def test_article_list_on_a_phone_scrolls_in_its_own_box_not_the_page(desk):
    page, base, _storied = desk
    _open(page, base + reverse("admin:articles_article_changelist"), PHONE, "articles")

    fit = page.evaluate(MEASURE, "#result_list")
    assert fit["page"] <= 0, f"the page scrolls sideways by {fit['page']}px"
    box = page.locator("#changelist-form .results")
    assert box.evaluate("box => getComputedStyle(box).overflowX") == "auto"


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("sources", "admin:sources_source_changelist"),
        ("attributions", "admin:sources_attribution_changelist"),
    ],
)
def test_source_lists_fit_at_1280(desk, name, url):
    page, base, _storied = desk
    _open(page, base + reverse(url), DESKTOP, name)

    fit = page.evaluate(MEASURE, "#result_list")
    assert fit["page"] <= 0, f"the page scrolls sideways by {fit['page']}px"
    assert fit["table"] <= 0, f"the table is {fit['table']}px wider than its box"
    assert fit["offscreen"] == []


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_history_is_readable_without_the_page_overflowing(desk, width):
    page, base, storied = desk
    _open(
        page, base + reverse("admin:articles_article_history", args=[storied.pk]), width, "history"
    )

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the history page scrolls sideways by {overflow}px at {width}px"
    rows = page.locator("#revision-history tbody tr")
    assert rows.count() >= 6
    # Every revision's message is on screen, whole, within the page's width.
    messages = page.locator("#revision-history td.revision-comment").all()
    assert len(messages) >= 6
    for message in messages:
        box = message.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
        assert message.inner_text().startswith("Tightened the top")
