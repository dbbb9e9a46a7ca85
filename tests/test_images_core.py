"""The photo library's core: an upload decoded whole before anything is stored, the same photo
stored once, renditions made at upload with no metadata left, crops around the focal point, and
a body's `image:N` reference rendered as a <figure> filled from the library."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles.rendering import image_references, render_markdown, stray_image_references
from images import library, processing, renditions
from images.figures import fill
from images.models import Image
from tests.images_factory import GPS_IFD, photo_bytes, upload

pytestmark = pytest.mark.django_db


def _store(**kwargs):
    image, _created = library.store_upload(
        upload(**kwargs), alt_text="A red door", credit="Ann Lee/Newsroom"
    )
    return image


def _open(name):
    with default_storage.open(name) as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
        return picture


def test_an_upload_keeps_the_original_and_makes_every_rendition():
    content = photo_bytes(2400, 1600)
    image, created = library.store_upload(upload(content), alt_text="x", credit="A/B")
    assert created
    assert (image.width, image.height, image.format) == (2400, 1600, "jpeg")
    assert image.file_size == len(content)
    with image.original.open("rb") as handle:
        assert handle.read() == content  # kept as uploaded
    names = [r["name"] for r in image.renditions]
    assert (
        len(names) == len(set(names)) == 5 * len(processing.FORMATS) + 9 * len(processing.FORMATS)
    )
    full = {(r["width"], r["format"]) for r in image.renditions if r["crop"] == ""}
    assert {w for w, _ in full} == {320, 640, 960, 1280, 1920}
    assert {f for _, f in full} == set(processing.FORMATS)
    for crop, ratio in (("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1.0)):
        shapes = [r for r in image.renditions if r["crop"] == crop]
        assert {r["width"] for r in shapes} == {320, 640, 1200}
        assert all(abs(r["width"] / r["height"] - ratio) < 0.01 for r in shapes)
    for rendition in image.renditions:
        stored = _open(rendition["name"])
        assert stored.size == (rendition["width"], rendition["height"])
    # The stored names are made from the content, not from "photo.jpg".
    assert "photo" not in image.original.name
    assert all("photo" not in r["name"] for r in image.renditions)


def test_a_small_photo_is_not_blown_up():
    image = _store(width=500, height=400)
    assert max(r["width"] for r in image.renditions if r["crop"] == "") == 500
    assert max(r["width"] for r in image.renditions if r["crop"] == "1:1") == 400


def test_the_same_photo_uploaded_twice_is_one_image():
    content = photo_bytes(800, 600)
    first, created = library.store_upload(upload(content), alt_text="First", credit="A/B")
    again, created_again = library.store_upload(
        upload(content, name="other.jpg"), alt_text="Second"
    )
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert Image.objects.get().alt_text == "First"


def test_renditions_carry_no_gps_or_camera_metadata_and_are_upright():
    content = photo_bytes(1200, 800, gps=True, orientation=6)  # rotated 90° on display
    assert GPS_IFD in PILImage.open(io.BytesIO(content)).getexif()
    image = _store(content=content)
    assert (image.width, image.height) == (800, 1200)
    for rendition in image.renditions:
        stored = _open(rendition["name"])
        exif = stored.getexif()
        assert GPS_IFD not in exif
        assert 0x010F not in exif
        assert 0x0112 not in exif
        assert "exif" not in stored.info
        assert "xmp" not in stored.info
        if rendition["crop"] == "":
            assert stored.height > stored.width  # orientation applied before stripping


def test_cmyk_and_16_bit_photos_become_srgb_renditions():
    cmyk = _store(content=photo_bytes(900, 600, mode="CMYK"))
    assert _open(cmyk.renditions[0]["name"]).mode == "RGB"
    out = io.BytesIO()
    PILImage.linear_gradient("L").resize((700, 500)).convert("I;16").save(out, "PNG")
    deep = _store(content=out.getvalue())
    assert deep.format == "png"
    assert _open(processing.FORMATS and deep.renditions[-1]["name"]).mode in {"RGB", "L"}


def test_crops_follow_the_focal_point():
    image = _store(width=2000, height=1000)
    square = renditions.best(image, "1:1", 320)
    library.set_focal_point(image, 0.0, 0.5)
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.0, 0.5)
    moved = renditions.best(image, "1:1", 320)
    assert moved["name"] != square["name"]
    assert processing.crop_box(2000, 1000, (1, 1), 0.0, 0.5) == (0, 0, 1000, 1000)
    assert processing.crop_box(2000, 1000, (1, 1), 1.0, 0.5) == (1000, 0, 2000, 1000)
    assert processing.crop_box(2000, 1000, (1, 1), 0.5, 0.5) == (500, 0, 1500, 1000)
    # The full-shape renditions are untouched; the old crop files go after commit.
    assert renditions.best(image, "", 320)["name"] == renditions.best(image, "", 320)["name"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"Just some text, not a photo at all.\n" * 20, "not_image"),
        (photo_bytes(800, 600)[:3000], "truncated"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "svg",
        ),
        (
            photo_bytes(400, 300) + b"<html><script>alert(document.cookie)</script></html>",
            "polyglot",
        ),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "heic"),
    ],
    ids=["empty", "text", "truncated", "svg", "polyglot", "heic"],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_stored(content, code):
    with pytest.raises(ValidationError) as refused:
        library.store_upload(upload(content))
    assert refused.value.code == code
    assert refused.value.messages[0]
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as refused:
        library.store_upload(upload(photo_bytes(3000, 3000)))
    assert refused.value.code == "bomb"
    assert "megapixels" in refused.value.messages[0]


def test_an_oversized_file_is_refused_by_size(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as refused:
        library.store_upload(upload(photo_bytes(1200, 900, quality=95)))
    assert refused.value.code == "too_big"


def test_animated_gifs_are_refused():
    frames = [PILImage.new("RGB", (50, 50), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ValidationError) as refused:
        library.store_upload(upload(out.getvalue(), name="a.gif"))
    assert refused.value.code == "animated"


def test_a_body_reference_becomes_a_placeholder_then_a_figure_from_the_library():
    image = _store(width=1000, height=700)
    image.caption = "Water at the weir."
    image.save()
    body = f"Before.\n\n![the weir](image:{image.pk})\n\nAfter ![x](image:99) inline."
    html = render_markdown(body)
    assert f'<figure data-image="{image.pk}"></figure>' in html
    assert image_references(body) == [image.pk]
    assert stray_image_references(body) == 1
    filled = fill(html, [image])
    assert "<figcaption>" in filled
    assert "Water at the weir." in filled
    assert "Ann Lee/Newsroom" in filled
    assert 'alt="A red door"' in filled
    assert 'width="960"' in filled
    assert 'loading="lazy"' in filled
    assert 'type="image/webp"' in filled
    assert "data-image" not in filled
    # A placeholder typed as text in the body stays text.
    typed = render_markdown('<figure data-image="1"></figure>')
    assert "&lt;figure" in typed


def _with_comment(fmt, text):
    out = io.BytesIO()
    picture = PILImage.linear_gradient("L").resize((300, 200)).convert("RGB")
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", text)
        picture.save(out, "PNG", pnginfo=info)
    else:
        picture.save(out, fmt, comment=text.encode())
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _with_comment("JPEG", "<script>fetch('/admin/')</script>"),
        _with_comment("PNG", "<html><body onload=alert(1)>"),
        _with_comment("GIF", "<svg onload=alert(1)>"),
        photo_bytes(300, 200, fmt="PNG") + b"<!DOCTYPE html><p>hi",
        photo_bytes(300, 200, fmt="WEBP") + b"<iframe src=//evil.example>",
    ],
    ids=["jpeg-comment", "png-text", "gif-comment", "png-trailer", "webp-trailer"],
)
def test_markup_hidden_in_metadata_or_after_the_image_is_a_polyglot(content):
    with pytest.raises(ValidationError) as refused:
        library.store_upload(upload(content))
    assert refused.value.code == "polyglot"
    assert not Image.objects.exists()


def test_markup_like_bytes_inside_the_pixels_are_not_a_polyglot():
    # Compressed pixels are random-looking bytes: "<svg" turns up in them by chance. Only the
    # places text can hide are searched, so such a photo is taken.
    content = photo_bytes(600, 400)
    start = content.index(b"\xff\xda") + 4000  # well inside the entropy-coded scan
    planted = content[:start] + b"<svg" + content[start + 4 :]
    image, created = library.store_upload(upload(planted), alt_text="A", credit="B/C")
    assert created
    assert image.width == 600


def test_moving_the_focal_point_of_a_photo_whose_original_is_lost_says_so():
    image = _store(width=800, height=600)
    image.original.storage.delete(image.original.name)
    with pytest.raises(ValidationError) as refused:
        library.set_focal_point(image, 0.1, 0.1)
    assert refused.value.code == "original_missing"
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)
