"""An editor's day in a real browser: log in, write an article with a quote from a new source,
tag it, publish it, and read it on the public site. Screenshots of each step are kept in
artifacts/screenshots/ as test artifacts."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.browser import chromium_browser, screenshot
from tests.factories import ContributorFactory, TopicFactory, UserFactory

# serialized_rollback: the roles come from a data migration, which a flush would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def browser_page():
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()


def _autocomplete(page, container, text):
    """Pick `text` in a Django admin autocomplete (select2) inside `container`."""
    container.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_attributes_tags_and_publishes(live_server, browser_page):
    page = browser_page
    editor = UserFactory(username="desk", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))
    ContributorFactory(name="Jane Reporter", slug="jane-reporter")
    TopicFactory(name="Courts", slug="courts")

    # 1. Log in.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-heading")
    screenshot(page, "desk-1-queue")

    # 2. Write the article.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Court halts subpoena fight")
    page.fill("#id_dek", "A judge paused the dispute on Tuesday.")
    page.fill(
        "#id_body",
        "A federal judge paused the dispute on Tuesday.\n\n"
        "“We will appeal this ruling,” said Ana Ortiz, the city's lawyer.",
    )
    page.fill("#id_dateline", "DENVER")

    # A byline and a topic, through the autocompletes.
    page.click("#credits-group .add-row a")
    _autocomplete(page, page.locator("#credits-0"), "Jane Reporter")
    page.click("#tagged_topics-group .add-row a")
    _autocomplete(page, page.locator("#tagged_topics-0"), "Courts")

    # 3. The quote, attributed to a source that does not exist yet: add it in the popup.
    page.click("#attributions-group .add-row a")
    with page.expect_popup() as popup_info:
        page.click("#add_id_attributions-0-source")
    popup = popup_info.value
    popup.fill("#id_name", "Ana Ortiz")
    popup.fill("#id_title", "lawyer for the city of Denver")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    page.fill("#id_attributions-0-text", "We will appeal this ruling")
    page.fill("#id_attributions-0-verb", "said")
    page.fill("#id_attributions-0-paragraph", "1")
    screenshot(page, "desk-2-written")

    # 4. Save, then publish.
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    page.click("button[name=_transition][value=publish]")
    page.wait_for_selector("text=published.")
    screenshot(page, "desk-3-published")

    article = Article.objects.get(slug="court-halts-subpoena-fight")
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.attributions.get().source.name == "Ana Ortiz"
    assert list(article.topics.names()) == ["Courts"]

    # 5. The public page shows it, with who said what.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Court halts subpoena fight"
    body = page.locator("main").inner_text()
    assert "Jane Reporter" in body
    assert "Ana Ortiz" in body
    assert "We will appeal this ruling" in body
    screenshot(page, "desk-4-public-page")
