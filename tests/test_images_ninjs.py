"""Photos in ninjs: an article's lead and inline photos exported as valid ninjs 2.2 picture
associations, and an item's pictures imported from local files only (a media directory the
importer names, nothing fetched, nothing outside it), with their text, as the lead photo and
the body's figures; a picture that cannot be imported refuses the whole item."""

import json
import shutil
import socket
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import import_ninjs
from articles.ingest_checks import WireFormatError
from articles.models import Article
from images import library
from images.models import Image
from tests.api import client_for
from tests.factories import ArticleFactory, CreditFactory
from tests.images_factory import photo_bytes, upload
from tests.test_ninjs import assert_valid

pytestmark = pytest.mark.django_db

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """An import reads local files only: any attempt to connect fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _image(color, **text) -> Image:
    fields = {"alt_text": "A red door", "credit": "Ann Lee/Newsroom", **text}
    image, _ = library.store_upload(upload(photo_bytes(1000, 600, color=color)), **fields)
    return image


def _story_with_photos():
    lead = _image(
        (1, 2, 3),
        caption="The harbour at dusk.",
        copyright_notice="© 2026 Newsroom",
        licence="Editorial use only",
    )
    first = _image((1, 20, 3), caption="The first inline photo.", alt_text="A crane")
    second = _image(
        (1, 40, 3), caption="A generated map.", digital_source_type="trainedAlgorithmicMedia"
    )
    article = ArticleFactory(
        published=True,
        lead_image=lead,
        body=f"First.\n\n![b](image:{second.pk})\n\nMiddle.\n\n![a](image:{first.pk})\n\nLast.",
    )
    CreditFactory(article=article)
    return article, lead, first, second


def _ninjs(article) -> dict:
    response = client_for().get(f"/api/v1/articles/{article.slug}/ninjs/")
    assert response.status_code == 200
    return response.json()


# --- Out ---------------------------------------------------------------------------------------


def test_photos_are_exported_as_valid_picture_associations():
    article, lead, first, second = _story_with_photos()

    item = _ninjs(article)

    assert_valid(item)
    assert [a["name"] for a in item["associations"]] == ["featureimage", "picture-1", "picture-2"]
    feature, one, two = item["associations"]
    assert feature["uri"] == f"http://testserver/api/v1/images/{lead.pk}/"
    assert [one["uri"], two["uri"]] == [  # in the body's order
        f"http://testserver/api/v1/images/{second.pk}/",
        f"http://testserver/api/v1/images/{first.pk}/",
    ]
    assert feature["type"] == "picture"
    assert feature["by"] == "Ann Lee/Newsroom"
    assert feature["copyrightnotice"] == "© 2026 Newsroom"
    assert feature["usageterms"] == "Editorial use only"
    assert feature["descriptions"] == [
        {"role": "text", "contenttype": "text/plain", "value": "The harbour at dusk."},
        {"role": "alt", "contenttype": "text/plain", "value": "A red door"},
    ]
    assert feature["digitalsourcetype"]["uri"] == DST + "digitalCapture"
    assert two["digitalsourcetype"]["uri"] == DST + "digitalCapture"
    assert one["digitalsourcetype"] == {
        "uri": DST + "trainedAlgorithmicMedia",
        "name": "AI-generated (trained algorithmic media)",
    }
    assert len(feature["renditions"]) == len(lead.renditions)
    for rendition in feature["renditions"]:
        assert rendition["href"].startswith("http://testserver/media/images/renditions/")
        assert rendition["contenttype"] in {"image/jpeg", "image/webp", "image/avif"}
        assert rendition["width"] > 0
        assert rendition["height"] > 0
    assert {"full-960-jpeg", "16x9-640-jpeg", "1x1-320-webp"} <= {
        r["name"] for r in feature["renditions"]
    }


def test_the_exported_body_shows_the_inline_photos_at_absolute_addresses():
    article, *_ = _story_with_photos()

    html = _ninjs(article)["bodies"][0]["value"]

    assert html.count('<figure class="photo inline">') == 2
    assert html.index("A generated map.") < html.index("The first inline photo.")
    assert 'src="http://testserver/media/images/renditions/' in html
    assert "data-image" not in html


def test_an_article_without_photos_has_no_associations():
    article = ArticleFactory(published=True)

    assert "associations" not in _ninjs(article)


def test_exporting_photos_costs_no_more_queries(django_assert_num_queries):
    article, *_ = _story_with_photos()
    client = client_for()

    # article (lead image joined), credits, topics, attributions (+ sources), corrections,
    # inline images, the newsroom's policies (ninjs trustindicators): as for an article without
    # photos
    with django_assert_num_queries(7):
        assert client.get(f"/api/v1/articles/{article.slug}/ninjs/").status_code == 200


# --- In ----------------------------------------------------------------------------------------


def _copy_renditions(images, media_dir: Path, fmt="jpeg") -> None:
    """Save the renditions' files in a feed directory as an agency's would be, by name."""
    media_dir.mkdir(exist_ok=True)
    for image in images:
        for rendition in image.renditions:
            if rendition["format"] == fmt:
                with default_storage.open(rendition["name"]) as source:
                    (media_dir / Path(rendition["name"]).name).write_bytes(source.read())


def test_export_then_import_brings_the_photos_with_their_text(tmp_path):
    article, lead, first, second = _story_with_photos()
    item = _ninjs(article)
    item["uri"] += "copy"  # another item, as a partner re-sending the story would be
    feed = tmp_path / "feed"
    _copy_renditions([lead, first, second], feed)

    result = import_ninjs(item=item, media_dir=feed)

    copy = result.article
    assert result.created
    assert result.warnings == []
    assert copy.lead_image is not None
    assert copy.lead_image.pk not in {lead.pk, first.pk, second.pk}  # made from a rendition
    assert copy.lead_image.width == 1000  # the widest rendition found
    assert (copy.lead_image.caption, copy.lead_image.credit, copy.lead_image.alt_text) == (
        "The harbour at dusk.",
        "Ann Lee/Newsroom",
        "A red door",
    )
    assert copy.lead_image.copyright_notice == "© 2026 Newsroom"
    assert copy.lead_image.licence == "Editorial use only"
    assert copy.lead_image.origin == "agency"
    inline = {image.caption: image for image in copy.inline_images.all()}
    assert set(inline) == {"The first inline photo.", "A generated map."}
    assert inline["A generated map."].digital_source_type == "trainedAlgorithmicMedia"
    assert inline["The first inline photo."].alt_text == "A crane"
    assert copy.body == (
        f"First.\n\n![picture-1](image:{inline['A generated map.'].pk})\n\nMiddle.\n\n"
        f"![picture-2](image:{inline['The first inline photo.'].pk})\n\nLast."
    )
    assert Image.objects.count() == 6


def _agency_item(**picture) -> dict:
    association = {
        "name": "a001",
        "uri": "http://agency.example/media/image/sdlk2sirkPaauM",
        "type": "picture",
        "by": "Karl Melander/TT",
        "descriptions": [{"value": "A large military exercise is planned for 2023."}],
        "digitalsourcetype": {"uri": DST + "digitalCapture"},
        "renditions": [
            {
                "name": "r03",
                "contenttype": "image/jpeg",
                "href": "https://thumbnail.agency.example/media/a001_Thumbnail.jpg",
                "width": 256,
                "height": 171,
            },
            {
                "name": "r00",
                "contenttype": "image/jpeg",
                "href": "https://beta.agency.example/media/a001_Hires.jpg",
                "width": 1200,
                "height": 800,
            },
        ],
        **picture,
    }
    return {
        "uri": "http://agency.example/media/text/210526-exercise",
        "type": "text",
        "headlines": [{"role": "main", "value": "Large military exercise to be held in 2023"}],
        "copyrightholder": "TT",
        "bodies": [
            {
                "contenttype": "text/html",
                "value": "<p>The exercise was cancelled by the pandemic.</p>"
                '<figure><img src="https://thumbnail.agency.example/media/a001_Thumbnail.jpg" '
                'data-assoc-ref="a001"/><figcaption>A large military exercise.</figcaption>'
                "</figure><p>It will now be held in 2023.</p>",
            }
        ],
        "associations": [association],
    }


def _write(tmp_path, item, name="item.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(item), encoding="utf-8")
    return path


def test_an_agency_picture_is_imported_from_the_file_its_address_names(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))
    (feed / "a001_Thumbnail.jpg").write_bytes(photo_bytes(256, 171))
    path = _write(tmp_path, _agency_item())

    call_command("import_ninjs", str(path), "--media-dir", str(feed))

    article = Article.objects.get()
    image = Image.objects.get()
    assert capsys.readouterr().out.startswith(f"{path}: imported draft")
    assert (image.width, image.height) == (1200, 800)  # the largest rendition, not the first
    assert image.credit == "Karl Melander/TT"
    assert image.caption == "A large military exercise is planned for 2023."
    assert image.origin_detail == "TT"
    # The body shows it where the agency's figure was, so it is inline, not also the lead.
    assert article.body == (
        f"The exercise was cancelled by the pandemic.\n\n![a001](image:{image.pk})\n\n"
        "It will now be held in 2023."
    )
    assert list(article.inline_images.all()) == [image]
    assert article.lead_image is None


def test_the_first_picture_the_body_does_not_show_is_the_lead(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))
    item = _agency_item()
    item["bodies"][0]["value"] = "<p>No figure here.</p>"

    article = import_ninjs(item=item, media_dir=feed).article

    assert article.lead_image == Image.objects.get()
    assert article.body == "No figure here."


def test_without_a_media_directory_the_text_is_imported_and_the_pictures_reported(tmp_path):
    result = import_ninjs(item=_agency_item())

    assert result.created
    assert not Image.objects.exists()
    assert result.warnings == [
        "1 associated picture(s) not imported: give --media-dir, the directory holding their "
        "files, to import them"
    ]


def _refused(tmp_path, capsys, item, feed) -> str:
    path = _write(tmp_path, item)
    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_ninjs", str(path), "--media-dir", str(feed))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: error: ")
    assert not Article.objects.exists()
    assert not Image.objects.exists()
    stored = Path(django_settings.MEDIA_ROOT)
    assert not stored.exists() or not [p for p in stored.rglob("*") if p.is_file()]
    return lines[0].removeprefix(f"{path}: error: ")


def test_a_missing_file_refuses_the_item_saying_what_was_looked_for(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()

    error = _refused(tmp_path, capsys, _agency_item(), feed)

    assert error == (
        f"picture 'a001': no file for it in {feed} (looked for a001_Hires.jpg, a001_Thumbnail.jpg)"
    )


@pytest.mark.parametrize(
    "href",
    [
        "../secret.jpg",
        "photos/../../secret.jpg",
        "/etc/secret.jpg",
        "https://agency.example/media/..%2Fsecret.jpg",
        "ftp://agency.example/secret.jpg",
    ],
)
def test_an_address_outside_the_media_directory_is_refused(tmp_path, capsys, href):
    feed = tmp_path / "feed"
    feed.mkdir()
    (tmp_path / "secret.jpg").write_bytes(photo_bytes(300, 200))
    item = _agency_item(renditions=[{"name": "r00", "href": href}])

    error = _refused(tmp_path, capsys, item, feed)

    assert error.startswith("rendition ")
    assert "refused" in error or "not read" in error


def test_a_link_leading_out_of_the_media_directory_is_refused(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()
    (tmp_path / "secret.jpg").write_bytes(photo_bytes(300, 200))
    (feed / "a001_Hires.jpg").symlink_to(tmp_path / "secret.jpg")

    error = _refused(tmp_path, capsys, _agency_item(), feed)

    assert "points outside the media directory" in error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "not an image we can read"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG files are not accepted"),
        (photo_bytes(800, 600)[:2000], "damaged or cut short"),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_a_photo_refuses_the_item(tmp_path, capsys, content, message):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(content)

    error = _refused(tmp_path, capsys, _agency_item(), feed)

    assert error.startswith("picture 'a001' (a001_Hires.jpg): ")
    assert message in error


def test_one_bad_picture_of_two_refuses_the_item_with_nothing_stored(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))
    (feed / "broken.jpg").write_bytes(b"not a photo")
    item = _agency_item()
    item["associations"].append(
        {
            "name": "a002",
            "uri": "http://agency.example/media/image/2",
            "type": "picture",
            "renditions": [{"name": "r00", "href": "broken.jpg"}],
        }
    )

    error = _refused(tmp_path, capsys, item, feed)

    assert error.startswith("picture 'a002' (broken.jpg): ")


def test_an_unknown_digital_source_type_refuses_the_item(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))
    item = _agency_item(digitalsourcetype={"uri": "http://example.com/probably-real"})

    error = _refused(tmp_path, capsys, item, feed)

    assert "digital source type 'http://example.com/probably-real' is not an IPTC one" in error


def test_a_failure_after_the_photos_are_stored_leaves_no_files_behind(tmp_path, monkeypatch):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("articles.workflow.save_article", broken)

    with pytest.raises(RuntimeError):
        import_ninjs(item=_agency_item(), media_dir=feed)

    assert not Article.objects.exists()
    assert not Image.objects.exists()
    stored = Path(django_settings.MEDIA_ROOT)
    assert not [p for p in stored.rglob("*") if p.is_file()]


def test_an_association_that_is_not_a_picture_is_reported(tmp_path):
    item = _agency_item()
    item["associations"].append(
        {"name": "clip", "uri": "http://agency.example/video/1", "type": "video"}
    )
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))

    result = import_ninjs(item=item, media_dir=feed)

    assert "association 'clip' (video) not imported: only pictures are" in result.warnings
    assert Image.objects.count() == 1


def test_the_media_directory_must_be_a_directory(tmp_path):
    path = _write(tmp_path, _agency_item())

    with pytest.raises(CommandError, match="not a directory"):
        call_command("import_ninjs", str(path), "--media-dir", str(tmp_path / "nowhere"))

    assert not Article.objects.exists()


def test_the_same_item_again_stores_nothing_more(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a001_Hires.jpg").write_bytes(photo_bytes(1200, 800))
    first = import_ninjs(item=_agency_item(), media_dir=feed)
    shutil.rmtree(feed)  # not even looked for again

    again = import_ninjs(item=_agency_item(), media_dir=tmp_path)

    assert not again.created
    assert again.article.pk == first.article.pk
    assert Image.objects.count() == 1


def test_a_picture_credit_too_long_for_its_column_is_refused_before_anything_is_read(
    tmp_path,
):
    item = _agency_item(by="x" * 201)

    with pytest.raises(WireFormatError, match=r"picture 'a001'.s credit .* at most 200 fit"):
        import_ninjs(item=item, media_dir=tmp_path)
