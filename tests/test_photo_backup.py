"""Photos survive a backup: `backup` writes the originals beside the database, `restore` puts
them back and makes the renditions again, and `rebuild_renditions` remakes lost ones."""

import io
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from images import archive, library
from images.models import Image
from tests.images_factory import photo_bytes, upload
from tests.scratch import evaluate, manage
from tests.scratch import scratch_database as scratch_database


def _photo(**kwargs):
    image, _ = library.store_upload(upload(photo_bytes(**kwargs)), alt_text="A", credit="B/C")
    return image


@pytest.mark.django_db(transaction=True)
def test_a_backup_carries_the_originals_and_a_restore_remakes_the_renditions(
    tmp_path, scratch_database, monkeypatch, settings
):
    first, second = _photo(width=900, height=600), _photo(width=640, height=640)
    originals = {}
    for image in (first, second):
        with image.original.open("rb") as handle:
            originals[image.content_hash] = handle.read()
    path = tmp_path / ("newsroom.dump" if connection.vendor == "postgresql" else "newsroom.json")

    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert f"and 2 photo original(s) to {path}.photos.tar" in out.getvalue()
    with tarfile.open(f"{path}.photos.tar") as photos:
        assert sorted(photos.getnames()) == sorted([first.original.name, second.original.name])

    # Restored on another machine: an empty disk.
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("MEDIA_ROOT", str(elsewhere))
    restored = manage(scratch_database, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "and 2 photo original(s)" in restored.stdout
    assert "renditions made for 2" in restored.stdout
    for image in (first, second):
        stored = elsewhere / "private" / image.original.name
        assert stored.read_bytes() == originals[image.content_hash]
        for rendition in image.renditions:
            assert (elsewhere / rendition["name"]).is_file(), rendition["name"]
    names = evaluate(
        scratch_database,
        "sorted(r['name'] for i in __import__('images.models').models.Image.objects.all()"
        " for r in i.renditions)",
    )
    assert names == sorted(r["name"] for i in (first, second) for r in i.renditions)


@pytest.mark.django_db
def test_rebuild_renditions_remakes_lost_files_and_says_which_originals_are_gone():
    image = _photo(width=800, height=500)
    lost = image.renditions[0]["name"]
    default_storage.delete(lost)
    out = io.StringIO()
    call_command("rebuild_renditions", stdout=out)
    assert "Rebuilt the renditions of 1 photo(s)" in out.getvalue()
    assert default_storage.exists(lost)

    image.original.storage.delete(image.original.name)
    default_storage.delete(lost)
    with pytest.raises(CommandError, match=rf"image {image.pk}: its original cannot be read"):
        call_command("rebuild_renditions", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_backup_without_photos_writes_no_archive(tmp_path):
    path = tmp_path / "newsroom.json"
    if connection.vendor == "postgresql":
        pytest.skip("the JSON form is enough to show the archive is skipped")
    call_command("backup", str(path), stdout=io.StringIO())
    assert not Image.objects.exists()
    assert not archive.archive_path(path).exists()
