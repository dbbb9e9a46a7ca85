"""Where photos are kept: the file system by default, with originals apart from the public
renditions; an S3-compatible store (django-storages) when MEDIA_S3_BUCKET is set, originals
private and signed, renditions public and cached for ever behind the CDN's host, which the
Content-Security-Policy then allows."""

import json

import pytest
from django.urls import reverse

from images import library
from tests.images_factory import upload
from tests.test_settings import _run, _settings

pytestmark = pytest.mark.django_db


def test_photos_are_on_the_file_system_by_default_with_originals_kept_apart():
    found = _settings("STORAGES", "MEDIA_URL", DEBUG="1")
    assert found["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert found["STORAGES"]["originals"]["BACKEND"] == "images.storage.PrivateFileSystemStorage"
    assert found["MEDIA_URL"] == "/media/"


def _module_settings(*names, **env):
    # The settings module alone, without loading the apps (boto3 is the deployment's extra).
    code = (
        "import json, newsroom.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_bucket_puts_photos_in_the_object_store_behind_the_cdn():
    found = _module_settings(
        "STORAGES",
        "CONTENT_SECURITY_POLICY",
        DEBUG="1",
        MEDIA_S3_BUCKET="newsroom-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.net",
        MEDIA_CDN_DOMAIN="media.example.org",
    )
    public, originals = found["STORAGES"]["default"], found["STORAGES"]["originals"]
    assert public["BACKEND"] == originals["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert public["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert public["OPTIONS"]["custom_domain"] == "media.example.org"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert "immutable" in public["OPTIONS"]["object_parameters"]["CacheControl"]
    # Originals keep the camera's metadata: private, signed, never on the CDN's host.
    assert originals["OPTIONS"]["location"] == "originals"
    assert originals["OPTIONS"]["default_acl"] == "private"
    assert originals["OPTIONS"]["querystring_auth"] is True
    assert originals["OPTIONS"]["custom_domain"] is None
    img_src = found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://media.example.org" in img_src


def test_renditions_are_served_for_a_year_and_originals_never(client):
    image, _ = library.store_upload(upload(), alt_text="A door", credit="A/B")
    rendition = image.renditions[0]["name"]
    response = client.get(f"/media/{rendition}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/" + image.renditions[0]["format"]
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # The original is not under MEDIA_URL at all, by its stored name or by guessing.
    assert client.get(f"/media/{image.original.name}").status_code == 404
    assert client.get(f"/media/private/{image.original.name}").status_code == 404
    assert client.get("/media/images/renditions/../../private/x.jpg").status_code == 404
    assert client.get("/media/images/renditions/missing.jpg").status_code == 404
    assert reverse("media", args=[rendition]) == f"/media/{rendition}"
