"""The desk's screens in Chromium at desktop and phone widths, under the real policy: the change
form, the add form, the preview and the suggestions page fit the screen, the writing area is wide
and tall, the publishing controls are in the first view, and axe-core finds no serious or
critical violation. Screenshots go to artifacts/screenshots/ (SCREENSHOTS_DIR=docs/screenshots
refreshes the README's)."""

import pytest
from django.urls import reverse

from newsroom.seed import seed_story
from tests.browser import chromium_browser, screenshot
from tests.factories import staff_user
from tests.test_browser_site import _axe_violations

# A live server needs committed rows: transactional tests (tests/conftest.py puts the roles
# back after each flush; a serialized rollback would clash with content types re-created by
# the previous test's flush).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a long and careful passphrase"
PHONE, DESKTOP, HEIGHT = 390, 1280, 800


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def desk(live_server):
    article, _ = seed_story()
    editor = staff_user("editor", username="desk")
    editor.first_name, editor.last_name = "Dana", "Desk"
    editor.set_password(PASSWORD)
    editor.save()
    return live_server.url, article


def _logged_in(chromium, url, width, *, audit=False):
    # The audit injects axe-core, which the policy would rightly refuse; the layout checks run
    # under the real policy.
    context = chromium.new_context(viewport={"width": width, "height": HEIGHT}, bypass_csp=audit)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-heading")
    return page


def _screens(article):
    return {
        "change-form": reverse("admin:articles_article_change", args=[article.pk]),
        "add-form": reverse("admin:articles_article_add"),
        "preview": reverse("admin:articles_article_preview", args=[article.pk]),
        "suggestions": reverse("admin:articles_article_suggestions", args=[article.pk]),
    }


def _settled(page, path, url):
    page.goto(f"{url}{path}")
    page.wait_for_load_state("networkidle")


def _width_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_desk_screens_fit_and_pass_axe(chromium, desk, width):
    url, article = desk
    page = _logged_in(chromium, url, width, audit=True)
    problems = {}
    for name, path in _screens(article).items():
        _settled(page, path, url)
        screenshot(page, f"desk-{name}-{width}")
        if overflow := _width_overflow(page):
            problems[name] = [f"{overflow}px wider than the screen"]
        if violations := _axe_violations(page):
            problems.setdefault(name, []).extend(violations)
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())
    page.context.close()


def test_the_writing_area_is_wide_and_tall_and_publishing_is_in_the_first_view(chromium, desk):
    url, article = desk
    page = _logged_in(chromium, url, DESKTOP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "favicon" not in (message.location.get("url") or "")
            and errors.append(message.text)
        ),
    )

    _settled(page, reverse("admin:articles_article_add"), url)
    writing = page.locator(".desk-writing").bounding_box()
    editor = page.locator(".desk-writing .CodeMirror").bounding_box()
    assert writing["width"] >= 0.6 * DESKTOP
    assert editor["height"] >= 600
    publish = page.locator("button[name=_transition][value=publish]").bounding_box()
    assert publish["y"] + publish["height"] <= HEIGHT
    assert "UTC" in page.locator(".desk-schedule").inner_text()

    # The seeded story's form, attributions and all, is about three screens at most.
    _settled(page, reverse("admin:articles_article_change", args=[article.pk]), url)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 3.3 * HEIGHT, f"the change form is {height}px tall"
    assert page.locator(".desk-actions").bounding_box()["y"] < HEIGHT
    assert errors == []
    page.context.close()
