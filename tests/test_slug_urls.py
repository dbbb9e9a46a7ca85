"""Links from slugs: reverse()'s answers, reversed once per route."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from newsroom.slugs import slug_url

ROUTES = [
    "articles:detail",
    "articles:topic",
    "articles:contributor",
    "sources:detail",
    # the API router's regex routes
    "api:article-detail",
    "api:article-ninjs",
    "api:topic-detail",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("slug", ["a", "ice-subpoenas-2020", "Mixed_Case-9"])
def test_same_as_reverse(route, slug):
    assert slug_url(route, slug) == reverse(route, kwargs={"slug": slug})


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/news/")
        assert slug_url("articles:topic", "courts") == "/news/topics/courts/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:topic", "courts") == "/topics/courts/"


@pytest.mark.parametrize("slug", ["", "a b", "é", "a/b"])
def test_a_slug_no_route_accepts_fails_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("articles:topic", slug)
