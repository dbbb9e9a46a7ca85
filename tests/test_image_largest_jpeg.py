"""Each photo keeps the name of its largest JPEG beside its renditions, so the sitemap lists a
page of stories without decoding every photo's renditions."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from images import renditions
from images.models import Image
from tests.test_images_site import _photo, _small_photo, _with_photos

pytestmark = pytest.mark.django_db


def test_a_stored_photo_names_its_largest_jpeg():
    image = _photo()

    assert image.largest_jpeg == renditions.largest(image)["name"]
    assert Image.objects.get(pk=image.pk).largest_jpeg == image.largest_jpeg


def test_new_renditions_saved_alone_bring_their_largest_jpeg():
    image = _photo()
    smaller = [r for r in image.renditions if r["width"] < 1000]
    image.renditions = smaller
    image.save(update_fields=["renditions"])

    stored = Image.objects.get(pk=image.pk)
    assert (
        stored.largest_jpeg
        == max(
            (r for r in smaller if r["format"] == "jpeg" and not r["crop"]),
            key=lambda r: r["width"],
        )["name"]
    )


def test_the_sitemap_reads_no_photos_renditions(client):
    lead, inline = _photo(), _small_photo()
    _with_photos(lead=lead, inline=[inline])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sitemap_section", kwargs={"section": "articles"}))

    assert response.status_code == 200
    assert renditions.url(lead.largest_jpeg) in response.text
    assert renditions.url(inline.largest_jpeg) in response.text
    assert not [q["sql"] for q in queries if "renditions" in q["sql"]]


def test_the_migration_fills_in_photos_stored_before_it():
    image = _photo()
    Image.objects.filter(pk=image.pk).update(largest_jpeg="")
    migration = importlib.import_module("images.migrations.0004_largest_jpeg")

    migration.fill(apps, None)

    assert Image.objects.get(pk=image.pk).largest_jpeg == renditions.largest(image)["name"]
