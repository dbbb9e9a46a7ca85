"""The short cuts lists take for addresses (a photo's renditions, absolute links) give exactly
what Django's own storage.url() and build_absolute_uri() give, for every kind of name."""

import pytest
from django.core.files.storage import default_storage
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from images import renditions
from newsroom.serializers import absolute

NAMES = [
    "renditions/3f/9a1b/1280-16x9.avif",
    "renditions/ab/cd/320.jpeg",
    "renditions/a b/c.webp",
    "renditions/é/x.jpeg",
    "renditions/../secret.jpeg",
    "/renditions/x.jpeg",
    "renditions/x.jpeg?v=1",
    "renditions/x#y.jpeg",
    "renditions/%41.jpeg",
    ".hidden/x.jpeg",
]
PATHS = [
    "/media/renditions/ab/320.jpeg",
    "/articles/a-story/",
    "/api/v1/articles/?topic=x&page=2",
    "/search/?q=a+b",
    "/articles/caf%C3%A9/",
    "/topics/東京/",
    "/a/./b/",
    "/a/../b/",
    "//evil.example/x",
    "/a b/",
    "/a#b",
    "https://cdn.example.org/x.jpeg",
]


@pytest.mark.parametrize("media_url", ["/media/", "https://cdn.example.org/m/"])
def test_rendition_addresses_are_what_the_storage_gives(settings, media_url):
    settings.MEDIA_URL = media_url
    for name in NAMES:
        assert renditions.url(name) == default_storage.url(name), name


@given(st.text(alphabet="ab/._-%é ?#", min_size=1, max_size=12))
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_name_gets_the_storages_address(name):
    assert renditions.url("renditions/" + name) == default_storage.url("renditions/" + name)


@pytest.mark.parametrize("secure", [False, True])
def test_absolute_links_are_what_build_absolute_uri_gives(rf, secure):
    request = rf.get("/api/v1/articles/", secure=secure)
    for path in PATHS:
        assert absolute(request, path) == request.build_absolute_uri(path), path


@given(st.text(alphabet="ab/.?=&%+é #~", min_size=0, max_size=12))
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_path_gets_the_address_build_absolute_uri_gives(path):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    assert absolute(request, "/" + path) == request.build_absolute_uri("/" + path)
