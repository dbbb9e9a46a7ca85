"""The photo library through the API: who sees which photos (a draft's photo is as private as
the draft), the multipart upload (every bad file a 400 with nothing stored), changing the text
and the focal point, deleting an unused photo, and articles carrying their lead and inline
photos with renditions that keep no GPS."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PILImage

from articles import trash
from articles.models import Article
from images import library, renditions
from images.models import Image
from tests.api import client_for, user
from tests.factories import ArticleFactory, CreditFactory, UserFactory
from tests.images_factory import GPS_IFD, photo_bytes, upload

pytestmark = pytest.mark.django_db

LIST = "/api/v1/images/"


def detail(image) -> str:
    return f"/api/v1/images/{image.pk}/"


def article_url(article) -> str:
    return f"/api/v1/articles/{article.slug}/"


def _image(**kwargs) -> Image:
    text = {"alt_text": "A red door", "credit": "Ann Lee/Newsroom", "caption": "The door."}
    content = photo_bytes(
        kwargs.pop("width", 800), kwargs.pop("height", 500), color=kwargs.pop("color", (1, 2, 3))
    )
    image, _ = library.store_upload(upload(content), **{**text, **kwargs})
    return image


def _stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _post(client, content=None, **fields):
    fields.setdefault("alt_text", "A red door")
    fields.setdefault("credit", "Ann Lee/Newsroom")
    if content is not None:
        fields["file"] = upload(content) if isinstance(content, bytes) else content
    return client.post(LIST, fields, format="multipart")


# --- Who sees which photos --------------------------------------------------------------------


def test_a_photo_only_a_draft_uses_is_not_found_for_the_public():
    image = _image()
    ArticleFactory(lead_image=image)  # a draft

    assert client_for().get(detail(image)).status_code == 404
    assert client_for().get(LIST).json()["count"] == 0
    # Signed in without the library's view permission is no different from anonymous.
    assert client_for(UserFactory()).get(detail(image)).status_code == 404


def test_staff_see_the_whole_library_with_where_each_photo_is_used():
    lead = _image(color=(10, 20, 30))
    unused = _image(color=(40, 50, 60))
    draft = ArticleFactory(lead_image=lead, headline="The draft")

    response = client_for(user("reporter")).get(LIST)

    assert response.status_code == 200
    by_id = {item["id"]: item for item in response.json()["results"]}
    assert set(by_id) == {lead.pk, unused.pk}
    assert by_id[lead.pk]["used_in"] == [
        {
            "slug": draft.slug,
            "headline": "The draft",
            "api_url": f"http://testserver/api/v1/articles/{draft.slug}/",
            "role": "lead",
        }
    ]
    assert by_id[unused.pk]["used_in"] == []


def test_photos_of_published_stories_are_public_as_lead_or_inline():
    lead = _image(color=(10, 20, 30))
    inline = _image(color=(40, 50, 60))
    hidden = _image(color=(70, 80, 90))
    ArticleFactory(published=True, lead_image=lead, body=f"Text.\n\n![x](image:{inline.pk})")
    ArticleFactory(lead_image=hidden)

    response = client_for().get(LIST)

    assert {item["id"] for item in response.json()["results"]} == {lead.pk, inline.pk}
    assert client_for().get(detail(inline)).status_code == 200
    assert "used_in" not in response.json()["results"][0]


def test_a_photo_of_a_story_in_the_trash_or_scheduled_is_hidden_again():
    trashed_lead = _image(color=(10, 20, 30))
    scheduled_lead = _image(color=(40, 50, 60))
    story = ArticleFactory(published=True, lead_image=trashed_lead)
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=1),
        lead_image=scheduled_lead,
    )
    assert client_for().get(detail(trashed_lead)).status_code == 200

    trash.trash(article=story, by=user("editor"))

    assert client_for().get(detail(trashed_lead)).status_code == 404
    assert client_for().get(detail(scheduled_lead)).status_code == 404


def test_an_image_reads_with_its_text_provenance_and_absolute_renditions():
    image = _image(
        width=1600,
        height=1000,
        copyright_notice="© 2026 Newsroom",
        licence="CC BY 4.0",
        origin="agency",
        origin_detail="Reuters",
        digital_source_type="trainedAlgorithmicMedia",
    )
    ArticleFactory(published=True, lead_image=image)

    data = client_for().get(detail(image)).json()

    assert data["id"] == image.pk
    assert data["api_url"] == f"http://testserver/api/v1/images/{image.pk}/"
    assert (data["alt_text"], data["credit"], data["caption"]) == (
        "A red door",
        "Ann Lee/Newsroom",
        "The door.",
    )
    assert (data["copyright_notice"], data["licence"]) == ("© 2026 Newsroom", "CC BY 4.0")
    assert (data["origin"], data["origin_detail"]) == ("agency", "Reuters")
    assert data["digital_source_type"] == "trainedAlgorithmicMedia"
    assert data["digital_source_type_uri"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    assert data["is_synthetic"] is True
    assert (data["width"], data["height"], data["format"]) == (1600, 1000, "jpeg")
    assert data["file_size"] == image.file_size
    assert data["focal_point"] == {"x": 0.5, "y": 0.5}
    assert len(data["renditions"]) == len(image.renditions)
    for rendition in data["renditions"]:
        assert rendition["url"].startswith("http://testserver/media/images/renditions/")
        assert set(rendition) == {"url", "width", "height", "format", "crop"}
    assert {r["crop"] for r in data["renditions"]} == {"", "16:9", "4:3", "1:1"}
    # The original (with the camera's metadata) has no public address at all.
    assert image.original.name not in json.dumps(data)
    assert "content_hash" not in data


# --- Filters -----------------------------------------------------------------------------------


def test_the_list_filters_by_words_source_type_and_upload_time(time_machine):
    time_machine.move_to("2026-03-01T12:00:00Z", tick=False)
    old = _image(caption="Floods in the valley", color=(10, 20, 30))
    time_machine.move_to("2026-03-05T12:00:00Z", tick=False)
    new = _image(
        caption="A map of the floods",
        credit="Data desk",
        digital_source_type="dataDrivenMedia",
        color=(40, 50, 60),
    )
    staff = client_for(user("editor"))

    def ids(**query):
        response = staff.get(LIST, query)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    assert ids() == [new.pk, old.pk]  # newest upload first
    assert ids(q="floods") == [new.pk, old.pk]
    assert ids(q="FLOODS valley") == [old.pk]
    assert ids(q="data desk") == [new.pk]
    assert ids(digital_source_type="dataDrivenMedia") == [new.pk]
    assert ids(digital_source_type="digitalCapture") == [old.pk]
    assert ids(uploaded_after="2026-03-03") == [new.pk]
    assert ids(uploaded_before="2026-03-03T00:00:00Z") == [old.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"caption": "x"}, "caption"),  # not a filter: refused, never ignored
        ({"digital_source_type": "photoshopped"}, "digital_source_type"),
        ({"uploaded_after": "yesterday"}, "uploaded_after"),
        ({"q": ""}, "q"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_unknown_or_malformed_filters_are_a_400(query, field):
    response = client_for().get(LIST, query)

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_list_queries_stay_constant(django_assert_num_queries):
    for n in range(6):
        ArticleFactory(published=True, lead_image=_image(color=(1, n, 3)))
    anonymous = client_for()

    # count, page
    with django_assert_num_queries(2):
        assert len(anonymous.get(LIST, {"page_size": 1}).json()["results"]) == 1
    with django_assert_num_queries(2):
        assert len(anonymous.get(LIST, {"page_size": 6}).json()["results"]) == 6

    staff = client_for(user("editor"))
    staff.get(LIST)
    # + the token, the user's permissions, and the stories using the photos (lead, inline)
    with django_assert_num_queries(6):
        assert len(staff.get(LIST, {"page_size": 1}).json()["results"]) == 1
    with django_assert_num_queries(6):
        assert len(staff.get(LIST, {"page_size": 6}).json()["results"]) == 6


def test_detail_queries(django_assert_num_queries):
    image = _image()
    ArticleFactory(published=True, lead_image=image)

    with django_assert_num_queries(1):
        assert client_for().get(detail(image)).status_code == 200


# --- Uploading ---------------------------------------------------------------------------------


def test_staff_upload_a_photo_and_get_it_back_with_its_renditions():
    reporter = user("reporter")
    content = photo_bytes(1200, 800)

    response = _post(
        client_for(reporter),
        content,
        caption="The weir at dawn.",
        digital_source_type="digitalCapture",
        licence="Staff photo",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    image = Image.objects.get()
    assert data["id"] == image.pk
    assert response["Location"] == data["api_url"]
    assert (image.alt_text, image.credit, image.caption, image.licence) == (
        "A red door",
        "Ann Lee/Newsroom",
        "The weir at dawn.",
        "Staff photo",
    )
    assert image.uploaded_by == reporter
    assert (data["width"], data["height"], data["file_size"]) == (1200, 800, len(content))
    assert {r["width"] for r in data["renditions"] if r["crop"] == ""} == {320, 640, 960, 1200}
    assert data["used_in"] == []
    for rendition in image.renditions:
        assert default_storage.exists(rendition["name"])


def test_the_same_photo_again_is_a_200_with_the_image_already_there():
    content = photo_bytes(900, 600)
    client = client_for(user("editor"))
    first = _post(client, content, caption="First caption")

    again = _post(client, content, caption="A different caption")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["caption"] == "First caption"
    assert Image.objects.count() == 1


def _animated_gif() -> bytes:
    frames = [PILImage.new("RGB", (50, 50), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    return out.getvalue()


BAD_FILES = {
    "text": (b"Just some text, not a photo at all.\n" * 20, "not an image we can read"),
    "truncated": (photo_bytes(800, 600)[:3000], "damaged or cut short"),
    "empty": (b"", "The file is empty."),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    "polyglot": (
        photo_bytes(400, 300) + b"<html><script>alert(document.cookie)</script></html>",
        "polyglot",
    ),
    "animated": (_animated_gif(), "Animated images are not accepted"),
    "heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "HEIC"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_a_400_saying_why_with_nothing_stored(kind):
    content, message = BAD_FILES[kind]

    response = _post(client_for(user("editor")), content)

    assert response.status_code == 400
    body = response.json()
    assert message in body["errors"]["file"][0]
    assert body["detail"].startswith("file: ")
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_an_oversized_file_is_a_400_with_the_limit(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 20_000

    response = _post(client_for(user("editor")), photo_bytes(1200, 900, quality=95))

    assert response.status_code == 400
    assert "the limit is" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_a_decompression_bomb_is_a_400(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000

    response = _post(client_for(user("editor")), photo_bytes(2000, 2000))

    assert response.status_code == 400
    assert "megapixels" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_an_upload_without_a_file_is_a_400():
    response = _post(client_for(user("editor")), None, caption="No file")

    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()


def test_a_json_body_is_a_400_asking_for_multipart():
    response = client_for(user("editor")).post(
        LIST, {"file": "aGVsbG8=", "alt_text": "x"}, format="json"
    )

    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["detail"]
    assert not Image.objects.exists()


def test_bad_text_fields_are_a_400_with_nothing_stored():
    response = _post(
        client_for(user("editor")), photo_bytes(400, 300), digital_source_type="aiMaybe"
    )

    assert response.status_code == 400
    assert "digital_source_type" in response.json()["errors"]
    assert not Image.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize(("person", "status"), [(None, 401), ("nobody", 403)])
def test_only_staff_with_the_add_permission_may_upload(person, status):
    who = UserFactory(username=person) if person else None

    response = _post(client_for(who), photo_bytes(400, 300))

    assert response.status_code == status
    assert not Image.objects.exists()


# --- Changing and deleting ---------------------------------------------------------------------


def test_staff_change_the_text_of_a_photo():
    image = _image()

    response = client_for(user("reporter")).patch(
        detail(image),
        {"caption": "Corrected caption.", "credit": "Ann Lee/Newsroom Pool"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["caption"] == "Corrected caption."
    image.refresh_from_db()
    assert (image.caption, image.credit, image.alt_text) == (
        "Corrected caption.",
        "Ann Lee/Newsroom Pool",
        "A red door",
    )


def test_moving_the_focal_point_recuts_the_crops():
    image = _image(width=2000, height=1000)
    square = renditions.best(image, "1:1", 320)["name"]
    full = renditions.best(image, "", 320)["name"]

    response = client_for(user("editor")).patch(
        detail(image), {"focal_point": {"x": 0.1, "y": 0.5}}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["focal_point"] == {"x": 0.1, "y": 0.5}
    image.refresh_from_db()
    assert renditions.best(image, "1:1", 320)["name"] != square
    assert renditions.best(image, "", 320)["name"] == full


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"focal_point": {"x": 1.5, "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": "0.5", "y": 0.5}}, "focal_point"),
        ({"focal_point": 0.5}, "focal_point"),
        ({"origin": "stolen"}, "origin"),
        ({"alt_text": 7}, "alt_text"),
        ({"credit": "x" * 201}, "credit"),
        ({"file": "new.jpg"}, "file"),
    ],
)
def test_bad_changes_are_a_400_and_change_nothing(body, field):
    image = _image()
    before = (image.caption, image.focal_x, image.renditions)

    response = client_for(user("editor")).patch(detail(image), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    image.refresh_from_db()
    assert (image.caption, image.focal_x, image.renditions) == before


def test_the_file_cannot_be_replaced_by_a_multipart_change():
    image = _image()

    response = client_for(user("editor")).patch(
        detail(image), {"file": upload(photo_bytes(300, 200))}, format="multipart"
    )

    assert response.status_code == 400
    assert "cannot be changed" in response.json()["errors"]["file"][0]
    assert Image.objects.count() == 1


def test_there_is_no_put():
    image = _image()

    response = client_for(user("editor")).put(detail(image), {"caption": "x"}, format="json")

    assert response.status_code == 405


def test_anonymous_cannot_change_a_public_photo():
    image = _image()
    ArticleFactory(published=True, lead_image=image)

    response = client_for().patch(detail(image), {"caption": "Defaced"}, format="json")

    assert response.status_code == 401
    image.refresh_from_db()
    assert image.caption == "The door."


def test_an_editor_deletes_an_unused_photo_with_its_files(django_capture_on_commit_callbacks):
    image = _image()
    names = [r["name"] for r in image.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user("editor")).delete(detail(image))

    assert response.status_code == 204
    assert not Image.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


@pytest.mark.parametrize("where", ["lead", "inline", "trashed lead"])
def test_a_photo_a_story_uses_cannot_be_deleted(where):
    image = _image()
    if where == "inline":
        ArticleFactory(body=f"Text.\n\n![x](image:{image.pk})")
    else:
        story = ArticleFactory(published=True, lead_image=image)
        if where == "trashed lead":
            trash.trash(article=story, by=user("editor"))

    response = client_for(user("editor")).delete(detail(image))

    assert response.status_code == 409
    assert "take it out of them" in response.json()["detail"]
    assert Image.objects.filter(pk=image.pk).exists()


def test_reporters_may_not_delete_photos():
    image = _image()

    assert client_for(user("reporter")).delete(detail(image)).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


# --- Articles carry their photos ---------------------------------------------------------------


def _draft_for(editor) -> Article:
    article = ArticleFactory(created_by=editor)
    CreditFactory(article=article)
    return article


def test_round_trip_upload_set_as_lead_and_read_back_without_gps():
    editor = user("editor")
    staff = client_for(editor)
    content = photo_bytes(1400, 900, gps=True)
    assert GPS_IFD in PILImage.open(io.BytesIO(content)).getexif()
    uploaded = _post(staff, content, caption="Harbour at dusk.").json()
    article = _draft_for(editor)

    changed = staff.patch(
        article_url(article),
        {"lead_image": uploaded["id"]},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )

    assert changed.status_code == 200, changed.json()
    lead = staff.get(article_url(article)).json()["lead_image"]
    assert lead["id"] == uploaded["id"]
    assert (lead["credit"], lead["caption"]) == ("Ann Lee/Newsroom", "Harbour at dusk.")
    assert Article.objects.get(pk=article.pk).lead_image_id == uploaded["id"]
    jpegs = [r for r in lead["renditions"] if r["format"] == "jpeg"]
    assert jpegs
    for rendition in jpegs:
        path = rendition["url"].removeprefix("http://testserver")
        assert path.startswith("/media/")
        response = client_for().get(path)
        assert response.status_code == 200
        picture = PILImage.open(io.BytesIO(b"".join(response.streaming_content)))
        assert picture.size == (rendition["width"], rendition["height"])
        assert GPS_IFD not in picture.getexif()
        assert "exif" not in picture.info


def test_a_lead_image_that_is_not_in_the_library_is_a_400():
    editor = user("editor")
    article = _draft_for(editor)
    client = client_for(editor)

    for value, message in [(999, "no image 999"), ("1", "whole number"), (True, "whole number")]:
        response = client.patch(
            article_url(article),
            {"lead_image": value},
            format="json",
            HTTP_IF_MATCH=f'"{article.version}"',
        )
        assert response.status_code == 400
        assert message in response.json()["errors"]["lead_image"][0]
    assert Article.objects.get(pk=article.pk).lead_image is None


def test_a_lead_image_is_removed_with_null():
    editor = user("editor")
    article = _draft_for(editor)
    article.lead_image = _image()
    article.save()

    response = client_for(editor).patch(
        article_url(article),
        {"lead_image": None},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )

    assert response.status_code == 200
    assert response.json()["lead_image"] is None
    assert Article.objects.get(pk=article.pk).lead_image is None


def test_a_body_naming_an_image_not_in_the_library_is_a_400():
    editor = user("editor")
    article = _draft_for(editor)

    response = client_for(editor).patch(
        article_url(article),
        {"body": "Text.\n\n![the weir](image:424242)"},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )

    assert response.status_code == 400
    assert "424242" in response.json()["errors"]["body"][0]


def test_a_published_story_shows_its_photos_with_absolute_addresses():
    lead = _image(color=(10, 20, 30))
    first = _image(color=(40, 50, 60), caption="Inline caption.")
    second = _image(color=(70, 80, 90))
    article = ArticleFactory(
        published=True,
        lead_image=lead,
        body=f"First.\n\n![a](image:{first.pk})\n\nMiddle.\n\n![b](image:{second.pk})",
    )

    data = client_for().get(article_url(article)).json()

    assert data["lead_image"]["id"] == lead.pk
    assert data["lead_image"]["credit"] == "Ann Lee/Newsroom"
    # In the body's order, not the library's (newest upload first).
    assert [image["id"] for image in data["inline_images"]] == [first.pk, second.pk]
    assert data["inline_images"][0]["renditions"]
    html = data["body_html"]
    assert html.count('<figure class="photo inline">') == 2
    assert "Inline caption." in html
    assert 'src="http://testserver/media/images/renditions/' in html
    assert 'srcset="http://testserver/media/' in html
    assert "data-image" not in html  # no placeholder left for the client to fill


def test_article_lists_give_each_lead_image_without_more_queries(django_assert_num_queries):
    for n in range(5):
        ArticleFactory(published=True, lead_image=_image(color=(9, n, 9)))
    ArticleFactory(published=True)
    client = client_for()

    # The first read: count, page (with the stored items: none yet), the articles (with the
    # lead images joined), credits, topics, attributions, and the items stored
    with django_assert_num_queries(7):
        results = client.get("/api/v1/articles/").json()["results"]
    # every read after: count, page; the photos are in the stored items
    with django_assert_num_queries(2):
        assert client.get("/api/v1/articles/").json()["results"] == results

    assert len(results) == 6
    assert sum(1 for item in results if item["lead_image"]) == 5
    assert all("inline_images" not in item for item in results)
    assert all(item["lead_image"]["renditions"] for item in results if item["lead_image"])


# --- The schema --------------------------------------------------------------------------------


def test_the_schema_documents_the_images_endpoints_and_the_multipart_upload():
    openapi = (
        client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    paths, schemas = openapi["paths"], openapi["components"]["schemas"]

    assert set(paths["/api/v1/images/"]) == {"get", "post"}
    assert set(paths["/api/v1/images/{id}/"]) == {"get", "patch", "delete"}
    parameters = {p["name"] for p in paths["/api/v1/images/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "digital_source_type",
        "uploaded_after",
        "uploaded_before",
        "page",
        "page_size",
    }
    post = paths["/api/v1/images/"]["post"]
    assert set(post["requestBody"]["content"]) == {"multipart/form-data"}
    upload_schema = schemas["ImageUploadRequest"]["properties"]
    assert upload_schema["file"] == {**upload_schema["file"], "type": "string", "format": "binary"}
    assert {"200", "201", "400"} <= set(post["responses"])
    assert "already in the library" in post["responses"]["200"]["description"]
    assert "409" in paths["/api/v1/images/{id}/"]["delete"]["responses"]
    assert schemas["ArticleRequest"]["properties"]["lead_image"]["type"] == "integer"
    assert schemas["Article"]["properties"]["lead_image"]["allOf"] == [
        {"$ref": "#/components/schemas/Image"}
    ]
    assert "used_in" not in schemas["LibraryImage"].get("required", [])
