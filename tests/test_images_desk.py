"""The photo desk through the admin's real URLs: the media library (thumbnails, search, filters,
where each photo is used, constant queries), adding a photo (every bad file a form error with
nothing stored, the same photo twice found again), a photo's page (the focal point re-cuts the
crops, the stories using it, the original's download for staff only), the article form's
photo endpoints (upload, choose, describe) and the article form itself (lead photo, image
references checked, the preview's figures, a refused publish linking to what fixes it)."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles import trash, workflow
from images import library, renditions
from images.models import DigitalSourceType, Image, Origin
from tests.desk import article_form
from tests.factories import ArticleFactory, UserFactory, ready_to_publish, staff_user
from tests.images_factory import photo_bytes, upload

pytestmark = pytest.mark.django_db

LIBRARY = "admin:images_image_changelist"
_colours = iter(range(1, 100_000))


def _photo(width=480, height=320, **fields) -> Image:
    """A new library photo made with Pillow (each one a different colour, so a different file)."""
    colour = next(_colours)
    content = photo_bytes(width, height, color=(120, colour % 256, (colour // 256) % 256))
    image, created = library.store_upload(upload(content), **fields)
    assert created
    return image


def _described(**fields) -> Image:
    fields.setdefault("alt_text", "A lighthouse at dusk")
    fields.setdefault("credit", "Ann Lee/Newsroom")
    return _photo(**fields)


def _editor(client):
    user = staff_user("editor")
    client.force_login(user)
    return user


def _library(client, query=""):
    response = client.get(reverse(LIBRARY) + query)
    assert response.status_code == 200
    return response


def _listed(response) -> list[int]:
    """The photos a change list shows, in order (their change links)."""
    return [int(pk) for pk in re.findall(r'href="/admin/images/image/(\d+)/change/', response.text)]


def _stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- The library's list ----------------------------------------------------------------------


def test_the_library_shows_thumbnails_words_source_size_and_use(client):
    _editor(client)
    ai = _photo(
        caption="A city that never was",
        alt_text="Towers",
        credit="",
        digital_source_type=DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
    )
    used = _described(caption="The harbour at dawn")
    ArticleFactory(lead_image=used)
    ArticleFactory(body=f"Text.\n\n![x](image:{used.pk})\n\nMore.")

    response = _library(client)

    assert _listed(response) == [used.pk, ai.pk]  # newest first
    thumbnail = renditions.best(used, "4:3", 160)["name"]
    assert renditions.url(thumbnail) in response.text
    rows = response.text.split("<tr")
    used_row = next(row for row in rows if "The harbour at dawn" in row)
    ai_row = next(row for row in rows if "A city that never was" in row)
    assert "Ann Lee/Newsroom" in used_row
    assert "480×320" in used_row
    assert "2 stories" in used_row
    assert "AI-generated" in ai_row
    assert "No credit" in ai_row
    assert "Not used" in ai_row
    assert "Media library" in response.text


@pytest.mark.parametrize(
    ("query", "found"),
    [("harbour", "caption"), ("reuters", "credit"), ("gulls", "alt"), ("nothing-like-it", None)],
)
def test_the_library_searches_captions_credits_and_alt_text(client, query, found):
    _editor(client)
    photos = {
        "caption": _photo(caption="Fog over the harbour"),
        "credit": _photo(credit="Jo Park/Reuters"),
        "alt": _photo(alt_text="Gulls on a wall"),
    }

    response = _library(client, f"?q={query}")

    assert _listed(response) == ([photos[found].pk] if found else [])


def test_the_used_in_filter_tells_lead_inline_and_unused_and_ignores_the_trash(client):
    editor = _editor(client)
    lead, inline, both, unused, trashed_only = (_described() for _ in range(5))
    ArticleFactory(lead_image=lead)
    ArticleFactory(body=f"Text.\n\n![x](image:{inline.pk})\n\nMore.")
    ArticleFactory(lead_image=both, body=f"Text.\n\n![x](image:{both.pk})")
    gone = ArticleFactory(lead_image=trashed_only)
    trash.trash(article=gone, by=editor)

    assert set(_listed(_library(client, "?used=lead"))) == {lead.pk, both.pk}
    assert set(_listed(_library(client, "?used=inline"))) == {inline.pk, both.pk}
    assert set(_listed(_library(client, "?used=unused"))) == {unused.pk, trashed_only.pk}
    assert "1 story" in _library(client, "?used=inline").text  # `both` counted once


def test_the_library_filters_by_how_it_was_made_origin_and_upload_date(client):
    _editor(client)
    camera = _described()
    ai = _described(digital_source_type=DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA)
    composite = _described(digital_source_type=DigitalSourceType.COMPOSITE_SYNTHETIC)
    agency = _described(origin=Origin.AGENCY)
    old = _described()
    Image.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timezone.timedelta(days=800)
    )

    assert set(_listed(_library(client, "?made=synthetic"))) == {ai.pk, composite.pk}
    assert _listed(_library(client, "?made=compositeSynthetic")) == [composite.pk]
    assert _listed(_library(client, "?origin__exact=agency")) == [agency.pk]
    this_year = timezone.now().year
    listed = set(_listed(_library(client, f"?uploaded_at__year={this_year}")))
    assert listed == {camera.pk, ai.pk, composite.pk, agency.pk}


def _many(count):
    for _ in range(count):
        image = _described()
        ArticleFactory(lead_image=image, body=f"Text.\n\n![x](image:{image.pk})")


@pytest.mark.parametrize("query", ["", "?used=lead", "?used=unused", "?q=lighthouse"])
def test_the_library_costs_the_same_queries_for_any_number_of_photos(
    client, django_assert_num_queries, query
):
    _editor(client)
    _many(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        _library(client, query)
    _many(5)

    with django_assert_num_queries(len(few.captured_queries)):
        response = _library(client, query)
    assert len(few.captured_queries) <= 10
    if query != "?used=unused":
        assert len(_listed(response)) == 7


# --- Adding a photo --------------------------------------------------------------------------


def _add(client, content, name="photo.jpg", **fields):
    data = {
        "alt_text": "A lighthouse at dusk",
        "caption": "The lighthouse.",
        "credit": "Ann Lee/Newsroom",
        "copyright_notice": "",
        "licence": "",
        "origin": "own",
        "origin_detail": "",
        "digital_source_type": "digitalCapture",
        "file": upload(content, name=name),
        **fields,
    }
    return client.post(reverse("admin:images_image_add"), data)


def _gif_animation():
    frames = [PILImage.new("RGB", (60, 40), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


BAD_FILES = {
    "not an image": (b"Just some text, not a photo at all.\n" * 20, "not an image we can read"),
    "truncated": (photo_bytes(800, 600)[:3000], "damaged or cut short"),
    "empty": (b"", "empty"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    "polyglot": (photo_bytes(300, 200) + b"<html><script>alert(1)</script></html>", "polyglot"),
    "animated gif": (_gif_animation(), "Animated images are not accepted"),
    "heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "HEIC"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_a_form_error_and_nothing_is_stored(client, kind):
    _editor(client)
    content, message = BAD_FILES[kind]

    response = _add(client, content)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("file", []))
    assert message in errors
    assert message in response.text.replace("&#x27;", "'")
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_an_oversized_file_is_refused_by_the_setting(client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 20_000
    _editor(client)

    response = _add(client, photo_bytes(1200, 900, quality=95))

    assert "the limit is" in " ".join(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_a_decompression_bomb_is_refused_by_the_pixel_setting(client, settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    _editor(client)

    response = _add(client, photo_bytes(800, 600))

    assert "too large to process" in " ".join(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_a_photo_added_is_stored_with_its_words_and_opens_its_page(client):
    editor = _editor(client)

    response = _add(client, photo_bytes(640, 400), caption="The pier in a storm.")

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:images_image_change", args=[image.pk])
    assert (image.caption, image.credit, image.uploaded_by) == (
        "The pier in a storm.",
        "Ann Lee/Newsroom",
        editor,
    )
    assert image.renditions
    page = client.get(response["Location"])
    assert "is in the library" in page.text


def test_the_same_photo_twice_is_found_in_the_library_not_stored_again(client):
    _editor(client)
    content = photo_bytes(640, 400)
    _add(client, content, caption="First caption")

    response = _add(client, content, caption="Second caption")

    image = Image.objects.get()
    assert response["Location"] == reverse("admin:images_image_change", args=[image.pk])
    assert image.caption == "First caption"
    assert "already in the library" in client.get(response["Location"]).text


def test_a_reporter_may_add_a_photo_but_not_delete_one(client):
    reporter = staff_user("reporter")
    client.force_login(reporter)

    assert _add(client, photo_bytes(300, 200)).status_code == 302
    image = Image.objects.get()
    delete = client.get(reverse("admin:images_image_delete", args=[image.pk]))
    assert delete.status_code == 403


# --- A photo's page --------------------------------------------------------------------------


def _change(client, image, **fields):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "copyright_notice": image.copyright_notice,
        "licence": image.licence,
        "origin": image.origin,
        "origin_detail": image.origin_detail,
        "digital_source_type": image.digital_source_type,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        **fields,
    }
    return client.post(reverse("admin:images_image_change", args=[image.pk]), data)


def _crops(image):
    return sorted(r["name"] for r in image.renditions if r["crop"])


def _full(image):
    return sorted(r["name"] for r in image.renditions if not r["crop"])


def test_saving_a_new_focal_point_recuts_the_crops_and_removes_the_old_ones(
    client, django_capture_on_commit_callbacks
):
    _editor(client)
    image = _described(width=900, height=400)
    old_crops, full = _crops(image), _full(image)

    with django_capture_on_commit_callbacks(execute=True):
        response = _change(client, image, focal_x="0.1", focal_y="0.5")

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.1, 0.5)
    assert _full(image) == full
    assert _crops(image) != old_crops
    assert all("-10-50-" in name for name in _crops(image))
    assert all(default_storage.exists(name) for name in _crops(image))
    assert not any(default_storage.exists(name) for name in set(old_crops) - set(_crops(image)))


def test_changing_only_the_words_keeps_every_rendition(client):
    _editor(client)
    image = _described()
    before = list(image.renditions)

    response = _change(client, image, credit="Jo Park/Reuters")

    image.refresh_from_db()
    assert response.status_code == 302
    assert image.credit == "Jo Park/Reuters"
    assert image.renditions == before


def test_a_focal_point_outside_the_photo_is_a_form_error(client):
    _editor(client)
    image = _described()

    response = _change(client, image, focal_x="1.5")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focal_x"]
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_the_photo_page_shows_it_large_its_crops_its_stories_and_its_file(client):
    _editor(client)
    image = _described(caption="Night ferry")
    story = ArticleFactory(headline="Ferries stop for the winter", lead_image=image)
    other = ArticleFactory(headline="An unrelated story")

    response = client.get(reverse("admin:images_image_change", args=[image.pk]))

    text = response.text
    assert renditions.url(renditions.best(image, "", 1280)["name"]) in text
    assert "data-focal-frame" in text
    assert 'id="id_focal_x"' in text
    for crop in ("16:9", "4:3", "1:1"):
        assert renditions.url(renditions.best(image, crop, 640)["name"]) in text
    assert f'href="{reverse("admin:articles_article_change", args=[story.pk])}"' in text
    assert "Ferries stop for the winter" in text
    assert "lead photo" in text
    assert other.headline not in text
    assert image.content_hash in text
    assert "480 × 320 pixels" in text
    assert reverse("admin:images_image_original", args=[image.pk]) in text


def test_a_photo_a_story_shows_in_its_text_cannot_be_deleted(client):
    _editor(client)
    image = _described()
    ArticleFactory(headline="Harbour story", body=f"Text.\n\n![x](image:{image.pk})")

    page = client.get(reverse("admin:images_image_delete", args=[image.pk]))
    client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})

    assert "Harbour story (shows it in its text)" in page.text
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_photo_is_deleted_with_its_files(client, django_capture_on_commit_callbacks):
    _editor(client)
    image = _described()
    names = [r["name"] for r in image.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})

    assert not Image.objects.filter(pk=image.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_photos_history_lists_its_changes_without_revert_or_recovery(client):
    _editor(client)
    image = _described()
    _change(client, image, credit="Jo Park/Reuters")

    history = client.get(reverse("admin:images_image_history", args=[image.pk]))

    assert history.status_code == 200
    assert "Changed Credit" in history.text
    assert f"/admin/images/image/{image.pk}/history/1/" not in history.text
    assert "recover" not in _library(client).text.lower()
    assert client.get("/admin/images/image/recover/", follow=True).status_code == 200
    assert "doesn’t exist" in client.get("/admin/images/image/recover/", follow=True).text


# --- The original's download -----------------------------------------------------------------


def test_the_original_downloads_for_staff_as_uploaded(client):
    content = photo_bytes(500, 300, gps=True)
    image, _ = library.store_upload(upload(content), alt_text="x", credit="y")
    client.force_login(staff_user("reporter"))

    response = client.get(reverse("admin:images_image_original", args=[image.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_the_original_is_refused_to_anonymous_readers_and_staff_without_the_library(client):
    image = _described()
    url = reverse("admin:images_image_original", args=[image.pk])

    anonymous = client.get(url)
    client.force_login(UserFactory(username="outsider", is_staff=True))
    outsider = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert outsider.status_code == 404


# --- The article form's endpoints: upload, choose, describe ---------------------------------


def _upload(client, content, **fields):
    return client.post(reverse("admin:images_image_upload"), {"file": upload(content), **fields})


def test_uploading_from_the_article_form_answers_201_with_what_the_panel_needs(client):
    _editor(client)

    response = _upload(client, photo_bytes(640, 400), caption="Boats [at rest]\nin the bay")

    assert response.status_code == 201
    data = response.json()
    image = Image.objects.get()
    assert data["id"] == image.pk
    assert data["created"] is True
    assert data["markdown"] == f"![Boats at rest in the bay](image:{image.pk})"
    assert data["missing"] == ["alt text", "credit"]
    assert data["change_url"] == reverse("admin:images_image_change", args=[image.pk])
    thumbnail = client.get(data["thumbnail_url"])
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"


def test_uploading_the_same_photo_again_answers_200_with_the_one_in_the_library(client):
    _editor(client)
    content = photo_bytes(640, 400)
    first = _upload(client, content).json()

    again = _upload(client, content)

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert again.json()["created"] is False
    assert Image.objects.count() == 1


@pytest.mark.parametrize("kind", ["not an image", "svg", "polyglot", "empty"])
def test_an_upload_refused_answers_400_with_the_reason_and_stores_nothing(client, kind):
    _editor(client)
    content, message = BAD_FILES[kind]

    response = _upload(client, content)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_an_upload_without_a_file_is_400_and_a_get_is_405(client):
    _editor(client)
    url = reverse("admin:images_image_upload")

    assert client.post(url, {}).status_code == 400
    assert client.post(url, {}).json()["error"] == "Choose a photo to upload."
    assert client.get(url).status_code == 405


def test_an_upload_needs_the_csrf_token(client):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user("editor"))

    response = browser.post(
        reverse("admin:images_image_upload"), {"file": upload(photo_bytes(300, 200))}
    )

    assert response.status_code == 403
    assert not Image.objects.exists()


def test_an_upload_needs_permission_to_add_photos(client):
    outsider = UserFactory(username="outsider", is_staff=True)
    client.force_login(outsider)

    response = _upload(client, photo_bytes(300, 200))

    assert response.status_code == 403
    assert "may not add photos" in response.json()["error"]
    assert not Image.objects.exists()
    client.logout()
    assert _upload(client, photo_bytes(300, 200)).status_code == 302  # to the login page


def test_the_picker_lists_the_newest_photos_finds_by_words_and_by_number(client):
    client.force_login(staff_user("reporter"))
    older = _described(caption="Snow on the ridge")
    newer = _described(caption="Rain in the valley")
    url = reverse("admin:images_image_choose")

    newest = client.get(url).json()["results"]
    found = client.get(url, {"q": "ridge"}).json()["results"]
    by_number = client.get(url, {"id": [str(older.pk), "x", "9" * 30]}).json()["results"]

    assert [photo["id"] for photo in newest] == [newer.pk, older.pk]
    assert [photo["id"] for photo in found] == [older.pk]
    assert [photo["id"] for photo in by_number] == [older.pk]
    assert found[0]["missing"] == []


def test_describing_a_photo_from_the_article_form_changes_only_what_is_sent(client):
    client.force_login(staff_user("reporter"))
    image = _photo(caption="Kept caption")
    url = reverse("admin:images_image_describe", args=[image.pk])

    response = client.post(url, {"alt_text": "Two swans", "credit": "Ann Lee/Newsroom"})

    assert response.status_code == 200
    assert response.json()["missing"] == []
    image.refresh_from_db()
    assert (image.alt_text, image.credit, image.caption) == (
        "Two swans",
        "Ann Lee/Newsroom",
        "Kept caption",
    )
    too_long = client.post(url, {"credit": "x" * 500})
    assert too_long.status_code == 400
    assert "Credit" in too_long.json()["error"]
    assert client.get(url).status_code == 405


# --- The article form ------------------------------------------------------------------------


def _article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_article_form_saves_the_lead_photo_and_shows_what_it_lacks(client):
    editor = _editor(client)
    image = _photo(caption="Flooded road", alt_text="A car in water")
    article = ready_to_publish(created_by=editor)

    response = client.post(_article_url(article), article_form(article, lead_image=image.pk))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_image == image
    page = client.get(_article_url(article)).text
    panel = page[page.index('id="lead-photo"') :]
    assert "Flooded road" in panel
    assert "No credit" in panel
    assert "Alt text given" in panel
    assert 'id="photo-picker"' in page
    assert reverse("admin:images_image_upload") in page


def test_the_article_form_refuses_a_reference_to_no_library_photo_or_in_a_sentence(client):
    editor = _editor(client)
    article = ready_to_publish(created_by=editor)

    unknown = client.post(
        _article_url(article), article_form(article, body="Text.\n\n![x](image:9999)")
    )
    stray = client.post(
        _article_url(article), article_form(article, body=f"See ![x](image:{_photo().pk}) here.")
    )

    assert "No image in the library has the number 9999" in " ".join(
        unknown.context["adminform"].form.errors["body"]
    )
    assert "paragraph of its own" in " ".join(stray.context["adminform"].form.errors["body"])
    article.refresh_from_db()
    assert "image:" not in article.body


def test_the_editors_preview_shows_a_library_photo_as_a_figure(client):
    _editor(client)
    image = _described(caption="Morning market")

    response = client.post(
        reverse("admin:articles_article_render"), {"body": f"Text.\n\n![x](image:{image.pk})"}
    )

    assert response.status_code == 200
    assert '<figure class="photo inline">' in response.text
    assert "Morning market" in response.text
    assert renditions.url(renditions.best(image, "", 960)["name"]) in response.text


def test_publishing_with_a_lead_photo_lacking_a_credit_links_to_the_lead_photo_field(client):
    editor = _editor(client)
    image = _photo(alt_text="A bridge", credit="")
    article = ready_to_publish(created_by=editor)

    response = client.post(
        _article_url(article),
        article_form(article, lead_image=image.pk, _transition="publish"),
    )

    assert response.status_code == 200
    refusal = response.text[response.text.index('id="desk-refusal"') :]
    assert re.search(r'<a href="#id_lead_image">Lead image \(A bridge\) has no credit</a>', refusal)
    assert 'id="id_lead_image"' in response.text
    article.refresh_from_db()
    assert article.status == "draft"
    assert article.lead_image is None  # nothing saved


def test_publishing_with_an_inline_photo_lacking_alt_text_links_to_its_page_in_a_new_tab(client):
    editor = _editor(client)
    image = _photo(caption="Crowd at the gate", credit="Ann Lee/Newsroom")
    article = ready_to_publish(created_by=editor)

    response = client.post(
        _article_url(article),
        article_form(
            article, body=f"Text.\n\n![x](image:{image.pk})\n\nMore.", _transition="publish"
        ),
    )

    refusal = response.text[response.text.index('id="desk-refusal"') :]
    page = reverse("admin:images_image_change", args=[image.pk])
    link = re.search(rf'<a href="{page}" target="_blank" rel="noopener">([^<]+)', refusal)
    assert link, refusal[:600]
    assert "has no alt text" in link.group(1)
    article.refresh_from_db()
    assert article.status == "draft"


def test_a_photo_with_what_it_needs_publishes_and_the_story_shows_it(client):
    editor = _editor(client)
    image = _described(caption="The new bridge opens")
    article = ready_to_publish(created_by=editor)

    client.post(
        _article_url(article), article_form(article, lead_image=image.pk, _transition="publish")
    )

    article.refresh_from_db()
    assert article.status == "published"
    page = client.get(article.get_absolute_url())
    assert '<figure class="photo lead">' in page.text
    assert "The new bridge opens" in page.text


def test_a_stale_save_keeps_the_lead_photo_another_editor_chose(client):
    editor = _editor(client)
    other = staff_user("editor", username="second")
    article = workflow.save_article(article=ready_to_publish(created_by=editor), by=editor)
    image = _described()
    opened = article_form(article)  # both open the form at the same version, no lead photo

    client.force_login(other)
    client.post(_article_url(article), opened | {"lead_image": image.pk})
    client.force_login(editor)
    refused = client.post(_article_url(article), opened | {"dek": "My new standfirst"})
    again = client.post(
        _article_url(article),
        _form_values(refused) | {"dek": "My new standfirst"},
    )

    assert refused.status_code == 200
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.dek == "My new standfirst"
    assert article.lead_image == image


def _form_values(response) -> dict:
    """What the refused form posts again: its merged data (the form the editor sees)."""
    form = response.context["adminform"].form
    return {key: form.data.get(key) for key in form.data}


def test_reporters_get_the_photo_panel_and_staff_without_the_library_do_not(client):
    reporter = staff_user("reporter")
    client.force_login(reporter)
    add = client.get(reverse("admin:articles_article_add"))
    assert 'id="photo-picker"' in add.text

    writer = UserFactory(username="writer", is_staff=True)
    group = Group.objects.get(name="Reporter")
    writer.user_permissions.add(*group.permissions.exclude(content_type__app_label="images"))
    client.force_login(writer)
    add = client.get(reverse("admin:articles_article_add"))
    assert add.status_code == 200
    assert 'id="photo-picker"' not in add.text
    assert "admin/js/images.js" not in add.text


def test_adding_a_photo_from_the_lead_photo_fields_popup_hands_it_back_to_the_form(client):
    _editor(client)

    response = _add(client, photo_bytes(300, 200), _popup="1", _to_field="id")

    image = Image.objects.get()
    assert response.status_code == 200
    assert "popup_response" in response.text
    assert f"&quot;value&quot;: &quot;{image.pk}&quot;" in response.text


def test_a_story_the_reader_may_only_view_shows_its_lead_photo(client):
    image = _described(caption="Read-only harbour")
    article = ready_to_publish(lead_image=image, created_by=staff_user("editor"))
    client.force_login(staff_user("reporter"))

    response = client.get(_article_url(article))

    assert response.status_code == 200
    panel = response.text[response.text.index('id="lead-photo"') :]
    assert "Read-only harbour" in panel
    assert 'name="lead_image"' not in response.text
