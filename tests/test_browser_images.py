"""The photo desk in a real browser (Debian's Chromium through Playwright), under the real
Content-Security-Policy: a photo uploaded from the article form's drop zone becomes the lead
photo, gets its alt text and credit there and is published with the story; a photo dropped in
and inserted in the text shows in the preview; the toolbar's Photo button inserts a library
photo at the cursor; a click on a photo sets its focal point; a refused publish leads to the
lead photo field. The library, a photo's page and the article form with a lead photo fit at
1280 and 390 px and pass axe; screenshots go to artifacts/screenshots/ (SCREENSHOTS_DIR=
docs/screenshots refreshes the README's photos-*.png)."""

import base64
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from images import library, renditions
from images.models import DigitalSourceType, Image
from newsroom.seed import seed_story
from tests.browser import SCREENSHOTS, chromium_browser, screenshot
from tests.factories import ArticleFactory, ContributorFactory, CreditFactory, staff_user
from tests.images_factory import photo_bytes, upload
from tests.test_browser_site import _axe_violations

# A live server needs committed rows: transactional tests (tests/conftest.py puts the roles
# back after each flush and gives each test its own MEDIA_ROOT).
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
    editor = staff_user("editor", username="desk")
    editor.first_name, editor.last_name = "Dana", "Desk"
    editor.set_password(PASSWORD)
    editor.save()
    return live_server.url, editor


def _page(chromium, url, width=DESKTOP, *, audit=False):
    # The audit injects axe-core, which the policy would rightly refuse; everything else runs
    # under the real policy, and a blocked script or style is a failure.
    context = chromium.new_context(viewport={"width": width, "height": HEIGHT}, bypass_csp=audit)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.problems = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "favicon" not in (message.location.get("url") or "")
            and page.problems.append(f"{message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-heading")
    return page


def _story(editor, **fields):
    article = ArticleFactory(
        headline="Lighthouse keeper retires after forty years",
        body="The last keeper of the Point Lorne light retired on Friday.\n\n"
        "The light will be run from the mainland.",
        created_by=editor,
        **fields,
    )
    CreditFactory(article=article, contributor=ContributorFactory(name="Ann Lee"))
    return article


def _change_url(url, article):
    return f"{url}{reverse('admin:articles_article_change', args=[article.pk])}"


def _photo(**fields):
    colour = len(Image.objects.all()) * 37 % 256
    image, _ = library.store_upload(
        upload(photo_bytes(1200, 800, color=(90, colour, 160))), **fields
    )
    return image


def _in_view(page, name):
    """A screenshot of what is on the screen (a dialog over the page, not the page below it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _drop(page, selector, content, name="harbour.jpg"):
    """Drag a file from the desktop onto an element, as a browser delivers it."""
    page.evaluate(
        """([selector, data, name]) => {
          const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, {type: "image/jpeg"}));
          const target = document.querySelector(selector);
          for (const type of ["dragenter", "dragover", "drop"]) {
            target.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true,
              cancelable: true}));
          }
        }""",
        [selector, base64.b64encode(content).decode(), name],
    )


def test_a_photo_uploaded_on_the_article_form_is_described_made_lead_and_published(chromium, desk):
    url, editor = desk
    article = _story(editor)
    page = _page(chromium, url)
    page.goto(_change_url(url, article))

    # The drop zone's own file button (the one a keyboard reaches) uploads the photo...
    zone = page.locator("#lead-photo [data-photo-drop]")
    expect(zone).to_be_visible()
    with page.expect_file_chooser() as chooser:
        zone.get_by_role("button", name="Choose a file").click()
    chooser.value.set_files(
        files=[{"name": "keeper.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(1200, 800)}]
    )
    # ...and the library opens on it, asking for what publishing needs.
    dialog = page.locator("#photo-picker")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-photo-note]")).to_contain_text("Uploaded.")
    expect(dialog.locator("[data-photo-state]")).to_contain_text("alt text and credit")
    image = Image.objects.get()
    dialog.locator("#photo-chosen-alt").fill("A man in a blue coat at the top of a lighthouse")
    dialog.locator("#photo-chosen-credit").fill("Jo Park/Newsroom")
    dialog.locator("#photo-chosen-caption").fill(
        "Tom Hale on his last night at the Point Lorne light."
    )
    _in_view(page, "photos-upload-details-1280")
    dialog.get_by_role("button", name="Set as lead photo").click()
    expect(dialog).to_be_hidden()

    card = page.locator("[data-lead-card]")
    expect(card).to_contain_text("Tom Hale on his last night")
    expect(card).to_contain_text("Alt text given")
    expect(card).to_contain_text("Credit: Jo Park/Newsroom")
    expect(page.locator("#lead-photo .select2-selection__rendered")).to_contain_text("Tom Hale")
    image.refresh_from_db()
    assert image.missing_for_print() == []

    page.click("button[name=_transition][value=publish]")
    page.wait_for_selector("text=published.")
    article.refresh_from_db()
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.lead_image == image

    page.goto(f"{url}{article.get_absolute_url()}")
    lead = page.locator("figure.photo.lead")
    expect(lead).to_contain_text("Tom Hale on his last night")
    expect(lead).to_contain_text("Jo Park/Newsroom")
    photo = lead.locator("img")
    assert photo.get_attribute("alt") == "A man in a blue coat at the top of a lighthouse"
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert photo.get_attribute("src") in {
        renditions.url(r["name"]) for r in image.renditions if r["format"] == "jpeg"
    }
    assert page.problems == []
    page.context.close()


def test_a_photo_dropped_in_and_inserted_shows_in_the_preview_on_its_own_paragraph(chromium, desk):
    url, editor = desk
    article = _story(editor)
    page = _page(chromium, url)
    page.goto(_change_url(url, article))
    # The cursor at the end of the first paragraph.
    page.evaluate("() => window.deskEditor.codemirror.setCursor({line: 0, ch: 10})")

    _drop(page, "#lead-photo [data-photo-drop]", photo_bytes(900, 600, color=(20, 140, 60)))
    dialog = page.locator("#photo-picker")
    expect(dialog.locator("[data-photo-note]")).to_contain_text("Uploaded.")
    dialog.locator("#photo-chosen-alt").fill("Waves over the harbour wall")
    dialog.locator("#photo-chosen-credit").fill("Jo Park/Newsroom")
    dialog.locator("#photo-chosen-caption").fill("The storm at high tide.")
    dialog.get_by_role("button", name="Insert in the text").click()
    expect(dialog).to_be_hidden()

    image = Image.objects.get()
    text = page.evaluate("() => window.deskEditor.value()")
    assert text.split("\n\n") == [
        "The last keeper of the Point Lorne light retired on Friday.",
        f"![The storm at high tide.](image:{image.pk})",
        "The light will be run from the mainland.",
    ]
    page.click(".editor-toolbar button.preview")
    figure = page.locator(".editor-preview figure.photo.inline")
    expect(figure).to_contain_text("The storm at high tide.")
    assert figure.locator("img").get_attribute("alt") == "Waves over the harbour wall"

    page.click("button[name=_continue]")
    page.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert list(article.inline_images.all()) == [image]
    assert page.problems == []
    page.context.close()


def test_the_toolbars_photo_button_inserts_a_library_photo_at_the_cursor(chromium, desk):
    url, editor = desk
    _photo(caption="Gulls on the pier", alt_text="Gulls", credit="Ann Lee/Newsroom")
    wanted = _photo(caption="The keeper's logbook", alt_text="An open logbook", credit="Jo Park")
    article = _story(editor)
    page = _page(chromium, url)
    page.goto(_change_url(url, article))
    page.evaluate("() => window.deskEditor.codemirror.setCursor({line: 2, ch: 4})")

    page.click(".editor-toolbar button.image")
    dialog = page.locator("#photo-picker")
    expect(dialog.locator(".photo-result")).to_have_count(2)
    dialog.get_by_label("Search captions, credits and alt text").fill("logbook")
    expect(dialog.locator(".photo-result")).to_have_count(1)
    _in_view(page, "photos-picker-search-1280")
    dialog.locator(".photo-result", has_text="The keeper's logbook").click()
    dialog.get_by_role("button", name="Insert in the text").click()

    text = page.evaluate("() => window.deskEditor.value()")
    assert text.endswith(f"mainland.\n\n![The keeper's logbook](image:{wanted.pk})\n\n")
    assert "](http" not in text
    assert "/media/" not in text
    assert page.problems == []
    page.context.close()


def test_a_refused_publish_links_to_the_lead_photo_and_to_an_inline_photos_page(chromium, desk):
    url, editor = desk
    lead = _photo(caption="No credit yet", alt_text="A pier")
    inline = _photo(caption="No alt yet", credit="Ann Lee")
    article = _story(editor, lead_image=lead)
    article.body += f"\n\n![x](image:{inline.pk})"
    article.save()
    page = _page(chromium, url)
    page.goto(_change_url(url, article))

    page.click("button[name=_transition][value=publish]")
    refusal = page.locator("#desk-refusal")
    expect(refusal).to_contain_text("Lead image (No credit yet) has no credit")
    elsewhere = refusal.get_by_role("link", name=re.compile("has no alt text"))
    assert elsewhere.get_attribute("target") == "_blank"
    assert elsewhere.get_attribute("href") == reverse("admin:images_image_change", args=[inline.pk])
    refusal.get_by_role("link", name=re.compile("has no credit")).click()
    focused = page.evaluate("() => document.activeElement.closest('#lead-photo') !== null")
    assert focused
    with page.expect_popup() as popup:
        elsewhere.click()
    assert popup.value.url.endswith(f"/admin/images/image/{inline.pk}/change/")
    # The pop-up's requests must be over before the test ends: one still served by the live
    # server holds SQLite's lock on the users table while the test's flush runs.
    popup.value.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")  # still here
    assert page.problems == []
    page.context.close()


def test_a_click_on_the_photo_sets_the_focal_point_and_recuts_the_crops(chromium, desk):
    url, _editor = desk
    image = _photo(caption="A wide harbour", alt_text="Boats", credit="Ann Lee")
    square = renditions.best(image, "1:1", 640)["name"]
    page = _page(chromium, url)
    page.goto(f"{url}{reverse('admin:images_image_change', args=[image.pk])}")

    frame = page.locator("[data-focal-frame]")
    box = frame.locator("img").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.4)
    assert abs(float(page.input_value("#id_focal_x")) - 0.2) < 0.02
    assert abs(float(page.input_value("#id_focal_y")) - 0.4) < 0.02
    expect(page.locator(".photo-crops-state")).to_contain_text("save to keep them")
    position = page.locator("[data-crop='1:1'] img").evaluate("img => img.style.objectPosition")
    assert position.split()[0] in {"0%", "0.0%"}  # the square starts at the left edge
    frame.focus()
    page.keyboard.press("ArrowRight")
    assert abs(float(page.input_value("#id_focal_x")) - 0.22) < 0.02

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    image.refresh_from_db()
    assert abs(image.focal_x - 0.22) < 0.02
    assert renditions.best(image, "1:1", 640)["name"] != square
    assert page.problems == []
    page.context.close()


# --- The screens: fit, axe, screenshots ------------------------------------------------------


@pytest.fixture
def photo_desk(desk):
    url, _editor = desk
    article, _ = seed_story()
    lead = _photo(
        caption="Chad Sublet outside the county courthouse after the hearing.",
        alt_text="A man in a grey suit on the courthouse steps",
        credit="Ann Lee/Newsroom",
    )
    _photo(caption="Protesters outside the city council", alt_text="A crowd", credit="")
    _photo(
        caption="An illustration of the new transit line",
        alt_text="A tram in a green street",
        credit="Newsroom graphics",
        digital_source_type=DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
    )
    Article.objects.filter(pk=article.pk).update(lead_image=lead)
    return url, article, lead


def _screens(article, lead):
    return {
        "library": reverse("admin:images_image_changelist"),
        "image": reverse("admin:images_image_change", args=[lead.pk]),
        "desk": reverse("admin:articles_article_change", args=[article.pk]),
    }


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_photo_desk_screens_fit_and_pass_axe(chromium, photo_desk, width):
    url, article, lead = photo_desk
    page = _page(chromium, url, width, audit=True)
    problems = {}
    for name, path in _screens(article, lead).items():
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
        if name == "image":
            box = page.locator("[data-focal-frame] img").bounding_box()
            page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.4)
        screenshot(page, f"photos-{name}-{width}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow:
            problems[name] = [f"{overflow}px wider than the screen"]
        if violations := _axe_violations(page):
            problems.setdefault(name, []).extend(violations)
    # The library dialog, open over the story.
    page.goto(f"{url}{_screens(article, lead)['desk']}")
    page.click("#lead-photo [data-photo-picker=lead]")
    page.locator("#photo-picker .photo-result").first.wait_for()
    _in_view(page, f"photos-picker-{width}")
    if violations := _axe_violations(page):
        problems.setdefault("picker", []).extend(violations)
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())
    page.context.close()
