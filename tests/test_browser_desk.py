"""An editor's day in a real browser (Debian's Chromium through Playwright), under the real
Content-Security-Policy: write a story with one quote on the add form and publish it from there;
write one with a new source through the popup, tag it and publish it. Screenshots of each step
are kept in artifacts/screenshots/ as test artifacts."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from tests.browser import chromium_browser, screenshot
from tests.factories import ContributorFactory, TopicFactory, UserFactory

# A live server needs committed rows: transactional tests (tests/conftest.py puts the roles
# back after each flush; a serialized rollback would clash with content types re-created by
# the previous test's flush).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def browser_page():
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.problems = []
        # A script or style the policy blocks, or a script error, is a failure of the desk.
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and page.problems.append(f"{message.text} ({message.location.get('url')})")
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.accept()))
        yield page
        context.close()


def _log_in(page, url, username, password):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-heading")


def _write_body(page, text):
    """Type into the Markdown editor, as a writer does."""
    page.locator(".desk-writing .CodeMirror").click()
    page.keyboard.insert_text(text)


def _autocomplete(page, container, text):
    """Pick `text` in a Django admin autocomplete (select2) inside `container`."""
    container.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_story_with_a_quote_is_written_attributed_and_published_from_one_screen(
    live_server, browser_page, monkeypatch, settings
):
    page = browser_page
    settings.DEBUG = True  # the demo login is development's
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", PASSWORD)
    call_command("demo_editor")
    _log_in(page, live_server.url, "editor", PASSWORD)

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    form_url = page.url
    # The byline is already the writer's own.
    assert "Demo Editor" in page.locator("#credits-group").inner_text()
    page.fill("#id_headline", "Judge strikes down Denver camping ban")
    assert "37 characters" in page.locator("#id_headline_hint").inner_text()
    _write_body(
        page,
        "A federal judge struck down Denver's camping ban on Tuesday.\n\n"
        "“We will appeal this ruling,” said Ana Ortiz, a lawyer for the city.",
    )
    expect(page.locator(".editor-statusbar")).to_contain_text("23 words")

    # The quote check finds the quote and who said it; accepting is one click.
    card = page.locator(".desk-quote", has_text="We will appeal this ruling")
    card.wait_for()
    assert card.locator("input").first.input_value() == "Ana Ortiz"
    card.get_by_role("button", name="Accept").click()
    page.locator(".desk-quote.accepted", has_text="Will be attributed").wait_for()
    screenshot(page, "desk-write-1-accepted")

    # Publishing is in reach without scrolling.
    publish = page.locator("button[name=_transition][value=publish]")
    box = publish.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 800
    assert page.url == form_url  # still the one form page
    publish.click()
    page.wait_for_selector("text=published.")
    screenshot(page, "desk-write-2-published")

    article = Article.objects.get(headline="Judge strikes down Denver camping ban")
    assert Article.objects.published().filter(pk=article.pk).exists()
    attribution = article.attributions.get()
    assert attribution.source.name == "Ana Ortiz"
    assert "We will appeal this ruling" in attribution.text
    assert [credit.contributor.name for credit in article.byline] == ["Demo Editor"]

    page.goto(f"{live_server.url}/")
    assert "Judge strikes down Denver camping ban" in page.locator("main").inner_text()
    assert page.dialogs == []
    assert page.problems == []


def test_editor_writes_attributes_tags_and_publishes(live_server, browser_page):
    page = browser_page
    editor = UserFactory(username="desk", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))
    ContributorFactory(name="Jane Reporter", slug="jane-reporter")
    TopicFactory(name="Courts", slug="courts")

    # 1. Log in.
    _log_in(page, live_server.url, "desk", PASSWORD)
    screenshot(page, "desk-1-queue")

    # 2. Write the article.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Court halts subpoena fight")
    page.fill("#id_dek", "A judge paused the dispute on Tuesday.")
    _write_body(
        page,
        "A federal judge paused the dispute on Tuesday.\n\n"
        "“We will appeal this ruling,” said Ana Ortiz, the city's lawyer.",
    )
    page.get_by_role("tab", name="Filing").click()
    page.fill("#id_dateline", "DENVER")

    # The byline: Jane Reporter in place of the writer's own.
    _autocomplete(page, page.locator("#credits-0"), "Jane Reporter")
    page.click("#tagged_topics-group .add-row a")
    _autocomplete(page, page.locator("#tagged_topics-0"), "Courts")

    # 3. The quote, attributed by hand to a source that does not exist yet: the popup.
    page.get_by_role("tab", name="Attributions").click()
    page.click("#attributions-group .add-row a")
    with page.expect_popup() as popup_info:
        page.click("#add_id_attributions-0-source")
    popup = popup_info.value
    popup.fill("#id_name", "Ana Ortiz")
    popup.fill("#id_title", "lawyer for the city of Denver")
    # Listen for the close before saving: the popup may close before a later wait begins.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    page.fill("#id_attributions-0-text", "We will appeal this ruling")
    page.fill("#id_attributions-0-verb", "said")
    page.fill("#id_attributions-0-paragraph", "1")
    screenshot(page, "desk-2-written")

    # 4. Save, then publish.
    page.click("button[name=_continue]")
    page.wait_for_selector(".messagelist")
    page.click("button[name=_transition][value=publish]")
    page.wait_for_selector("text=published.")
    screenshot(page, "desk-3-published")

    article = Article.objects.get(slug="court-halts-subpoena-fight")
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.attributions.get().source.name == "Ana Ortiz"
    assert list(article.topics.names()) == ["Courts"]
    assert article.dateline == "DENVER"

    # 5. The public page shows it, with who said what.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Court halts subpoena fight"
    body = page.locator("main").inner_text()
    assert "Jane Reporter" in body
    assert "Ana Ortiz" in body
    assert "We will appeal this ruling" in body
    screenshot(page, "desk-4-public-page")
    assert page.problems == []
