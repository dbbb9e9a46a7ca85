"""The embargo on the desk in Chromium at desktop and phone widths: the side panel shows the
embargo and the way to lift it, the lift page asks why, both fit the screen and pass axe-core,
and lifting it through the browser puts the story in front of readers. Screenshots go to
artifacts/screenshots/ (SCREENSHOTS_DIR=docs/screenshots refreshes the README's)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from newsroom.seed import seed_story
from tests.browser import chromium_browser, screenshot
from tests.factories import staff_user
from tests.test_browser_desk_screens import DESKTOP, PASSWORD, PHONE, _logged_in
from tests.test_browser_site import _axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def embargoed(live_server):
    """The seeded story, put back under a three-hour embargo, and a lifter at the desk."""
    article, _ = seed_story()
    editor = staff_user("editor", username="desk")
    editor.groups.add(Group.objects.get(name="Lifts embargoes"))
    editor.set_password(PASSWORD)
    editor.save()
    workflow.transition(article=article, name="unpublish", by=editor)
    article.refresh_from_db()
    article.embargoed_until = timezone.now() + timedelta(hours=3)
    workflow.save_article(article=article, by=editor)
    workflow.transition(article=article, name="publish", by=editor)
    article.refresh_from_db()
    assert article.is_embargoed
    assert not article.is_public
    return live_server.url, article


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_embargo_panel_and_lift_page_fit_and_pass_axe(chromium, embargoed, width):
    url, article = embargoed
    page = _logged_in(chromium, url, width, audit=True)
    problems = {}
    screens = {
        "desk-embargo": reverse("admin:articles_article_change", args=[article.pk]),
        "desk-lift-embargo": reverse("admin:articles_article_lift_embargo", args=[article.pk]),
    }
    for name, path in screens.items():
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
        if name == "desk-embargo":
            panel = page.locator("#embargo")
            assert "Under embargo" in panel.inner_text()
            assert "Time zone" in panel.inner_text()
            panel.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{width}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow:
            problems[name] = [f"{overflow}px wider than the screen"]
        if violations := _axe_violations(page):
            problems.setdefault(name, []).extend(violations)
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())
    page.context.close()


def test_an_editor_lifts_the_embargo_from_the_panel(chromium, embargoed):
    url, article = embargoed
    assert chromium.new_page().goto(f"{url}{article.get_absolute_url()}").status == 404
    page = _logged_in(chromium, url, DESKTOP)
    page.goto(f"{url}{reverse('admin:articles_article_change', args=[article.pk])}")

    page.click("#lift-embargo")
    page.click("input[type=submit][value='Lift the embargo now']")
    assert "This field is required" in page.inner_text("#content-main")
    page.fill("#id_reason", "The ministry published the figures an hour early")
    page.click("input[type=submit][value='Lift the embargo now']")

    page.wait_for_selector(".messagelist")
    assert "embargo lifted" in page.inner_text(".messagelist")
    assert "Under embargo" not in page.inner_text(".desk-panel")
    reader = chromium.new_page()
    assert reader.goto(f"{url}{article.get_absolute_url()}").status == 200
    assert article.headline in reader.inner_text("h1")
    page.context.close()
    reader.context.close()
