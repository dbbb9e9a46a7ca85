"""Author pages: title, bio, photo, expertise and links, their published stories (paginated, in
constant queries), the JSON-LD Person; bylines link there; the desk checks the links."""

import json
import re

import pytest
from django.urls import reverse

from images import library
from tests.factories import ArticleFactory, ContributorFactory, CreditFactory, staff_user
from tests.images_factory import photo_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    photo, _ = library.store_upload(
        upload(photo_bytes(600, 600)), alt_text="Ada Lovelace at her desk", credit="Staff"
    )
    return ContributorFactory(
        name="Ada Lovelace",
        slug="ada-lovelace",
        title="Courts correspondent",
        bio="Ada covers the courts.",
        photo=photo,
        expertise="courts, city hall , policing",
        links="https://example.social/@ada\nhttps://ada.example.org/",
    )


def _stories(author, n):
    for i in range(n):
        CreditFactory(
            article=ArticleFactory(published=True, headline=f"Story {i}"), contributor=author
        )


def test_author_page_shows_who_they_are_and_their_stories(client, author):
    _stories(author, 2)
    draft = ArticleFactory(headline="A draft of hers")
    CreditFactory(article=draft, contributor=author)

    page = client.get(author.get_absolute_url()).text

    assert '<h1 class="page-title">Ada Lovelace</h1>' in page
    assert "Courts correspondent" in page
    assert "Ada covers the courts." in page
    assert "courts, city hall, policing" in page
    assert 'href="https://example.social/@ada"' in page
    assert 'alt="Ada Lovelace at her desk"' in page
    assert "Story 0" in page
    assert "Story 1" in page
    assert "A draft of hers" not in page


def test_author_json_ld_is_a_person_with_same_as_job_title_and_knows_about(client, author):
    _stories(author, 1)

    page = client.get(author.get_absolute_url()).text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script)

    assert data["@type"] == "Person"
    assert data["@id"] == data["url"] == "http://testserver/contributors/ada-lovelace/"
    assert data["name"] == "Ada Lovelace"
    assert data["jobTitle"] == "Courts correspondent"
    assert data["description"] == "Ada covers the courts."
    assert data["knowsAbout"] == ["courts", "city hall", "policing"]
    assert data["sameAs"] == ["https://example.social/@ada", "https://ada.example.org/"]
    assert data["image"]["@type"] == "ImageObject"
    assert data["worksFor"] == {"@type": "Organization", "name": "Newsroom"}


def test_bylines_link_to_the_author_page(client, author):
    article = ArticleFactory(published=True)
    CreditFactory(article=article, contributor=author)

    page = client.get(article.get_absolute_url()).text

    assert f'<a class="author" rel="author" href="{author.get_absolute_url()}">' in page


def test_author_page_queries_do_not_grow_with_stories(client, author, django_assert_num_queries):
    _stories(author, 1)
    with django_assert_num_queries(4) as small:
        client.get(author.get_absolute_url())
    _stories(author, 25)

    with django_assert_num_queries(len(small)):
        response = client.get(author.get_absolute_url())
    assert 'rel="next"' in response.text
    assert client.get(author.get_absolute_url() + "?page=2").status_code == 200


def _desk_post(client, contributor, links):
    return client.post(
        reverse("admin:articles_contributor_change", args=[contributor.pk]),
        {
            "name": contributor.name,
            "slug": contributor.slug,
            "title": "Science editor",
            "bio": "",
            "expertise": "space",
            "links": links,
            "photo": "",
            "user": "",
        },
    )


@pytest.mark.parametrize(
    "links",
    [
        "http://insecure.example/",
        "javascript:alert(1)",
        "https://a.example/ https://b.example/",
        "not a url",
    ],
)
def test_the_desk_refuses_links_that_are_not_https_one_per_line(client, author, links):
    client.force_login(staff_user("editor"))

    response = _desk_post(client, author, links)

    assert response.status_code == 200
    assert "Each line must be one https:// address" in response.text
    author.refresh_from_db()
    assert author.title == "Courts correspondent"


def test_the_desk_saves_https_links_and_shows_the_login(client, author):
    editor = staff_user("editor")
    client.force_login(editor)

    response = _desk_post(client, author, "  https://a.example/me \n\nhttps://b.example/\n")
    listing = client.get(reverse("admin:articles_contributor_changelist")).text

    assert response.status_code == 302
    author.refresh_from_db()
    assert author.links == "https://a.example/me\nhttps://b.example/"
    assert author.title == "Science editor"
    assert "Science editor" in listing


def test_the_api_shows_and_checks_the_author_facts(author):
    from tests.api import client_for

    _stories(author, 1)
    editor = client_for(staff_user("editor"))
    detail = reverse("api:contributor-detail", kwargs={"slug": author.slug})

    shown = client_for().get(detail).json()
    refused = editor.post(
        reverse("api:contributor-list"),
        {"name": "Bo Link", "slug": "bo-link", "links": "http://plain.example/"},
        format="json",
    )
    made = editor.post(
        reverse("api:contributor-list"),
        {"name": "Bo Link", "slug": "bo-link", "links": "https://bo.example/"},
        format="json",
    )

    assert shown["title"] == "Courts correspondent"
    assert shown["expertise"] == "courts, city hall , policing"
    assert shown["links"] == "https://example.social/@ada\nhttps://ada.example.org/"
    assert refused.status_code == 400
    assert "https://" in refused.text
    assert made.status_code == 201, made.text
