"""Sections in the API (issue 17): the `/api/v1/sections/` resource, the article's `section`
field (read as a summary, written as a slug), the `?section=` filter that lists what the section's
front lists, and the home section in ninjs as a subject with rel "section" (which an import reads
back as the section, not as a topic)."""

import pytest
from django.test import RequestFactory

from articles.ingest import import_ninjs
from articles.models import Article
from articles.ninjs.export import to_ninjs
from sections.models import Section
from tests.api import client_for, full_article, user
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = Section.objects.create(name="World", slug="world", order=1)
    europe = Section.objects.create(name="Europe", slug="europe", parent=world)
    business = Section.objects.create(name="Business", slug="business", order=2)
    drafts_only = Section.objects.create(name="Investigations", slug="investigations", order=3)
    return {
        "world": world,
        "europe": europe,
        "business": business,
        "investigations": drafts_only,
        "at_home": ArticleFactory(published=True, section=world, slug="at-home"),
        "in_europe": ArticleFactory(published=True, section=europe, slug="in-europe"),
        "also_shown": _also_in(
            ArticleFactory(published=True, section=business, slug="also"), world
        ),
        "elsewhere": ArticleFactory(published=True, section=business, slug="elsewhere"),
        "draft": ArticleFactory(section=drafts_only, slug="a-draft"),
    }


def _also_in(article, section):
    article.also_in.add(section)
    return article


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_the_public_lists_the_sections_in_print_in_the_navigations_order(world):
    response = client_for().get("/api/v1/sections/")

    assert _slugs(response) == ["europe", "world", "business"]
    europe = response.json()["results"][0]
    assert europe == {
        "name": "Europe",
        "slug": "europe",
        "url": "http://testserver/sections/europe/",
        "api_url": "http://testserver/api/v1/sections/europe/",
        "feed_url": "http://testserver/sections/europe/feed.rss",
        "articles_url": "http://testserver/api/v1/articles/?section=europe",
        "description": "",
        "order": 0,
        "parent": {
            "name": "World",
            "slug": "world",
            "api_url": "http://testserver/api/v1/sections/world/",
        },
    }
    assert response.json()["results"][1]["parent"] is None


def test_a_section_only_drafts_use_is_private_to_staff(world):
    assert client_for().get("/api/v1/sections/investigations/").status_code == 404

    staff = client_for(user("reporter"))
    assert "investigations" in _slugs(staff.get("/api/v1/sections/"))
    assert staff.get("/api/v1/sections/investigations/").json()["name"] == "Investigations"


def test_sections_are_read_only_in_the_api(world):
    response = client_for(user("superuser")).post(
        "/api/v1/sections/", {"name": "Sport", "slug": "sport"}, format="json"
    )

    assert response.status_code == 405
    assert not Section.objects.filter(slug="sport").exists()


def test_the_section_filter_lists_what_the_front_lists(world):
    listed = _slugs(client_for().get("/api/v1/articles/?section=world"))

    assert sorted(listed) == ["also", "at-home", "in-europe"]
    assert _slugs(client_for().get("/api/v1/articles/?section=europe")) == ["in-europe"]


def test_a_section_the_reader_cannot_see_is_refused_like_one_that_does_not_exist(world):
    for slug in ("investigations", "no-such-section"):
        response = client_for().get(f"/api/v1/articles/?section={slug}")

        assert response.status_code == 400
        assert response.json()["errors"]["section"] == ["There is no section with that slug."]


def test_the_filtered_list_costs_the_same_whatever_it_holds(world, django_assert_max_num_queries):
    client = client_for()
    with django_assert_max_num_queries(8) as small:
        client.get("/api/v1/articles/?section=world")
    for _ in range(5):
        full_article(section=world["europe"])
    with django_assert_max_num_queries(8) as large:
        assert len(_slugs(client.get("/api/v1/articles/?section=world"))) == 8

    assert len(small) == len(large)


def test_an_article_reads_its_home_section_as_a_summary(world):
    item = client_for().get("/api/v1/articles/in-europe/").json()
    listed = client_for().get("/api/v1/articles/?section=europe").json()["results"][0]

    summary = {
        "name": "Europe",
        "slug": "europe",
        "api_url": "http://testserver/api/v1/sections/europe/",
    }
    assert item["section"] == summary == listed["section"]


def test_an_editor_moves_a_story_by_sending_the_sections_slug(world):
    client = client_for(user("editor"))
    url = "/api/v1/articles/at-home/"
    etag = client.get(url)["ETag"]

    response = client.patch(url, {"section": "business"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.content
    assert response.json()["section"]["slug"] == "business"
    assert Article.objects.get(slug="at-home").section == world["business"]


def test_an_unknown_section_is_a_400_that_changes_nothing(world):
    client = client_for(user("editor"))
    url = "/api/v1/articles/at-home/"
    etag = client.get(url)["ETag"]

    response = client.patch(url, {"section": "sport"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 400
    assert response.json()["errors"]["section"] == [
        "There is no section with the slug “sport” (see /api/v1/sections/)."
    ]
    assert Article.objects.get(slug="at-home").section == world["world"]


def test_ninjs_names_the_home_section_and_an_import_reads_it_back(world):
    article = Article.objects.for_api().get(slug="in-europe")
    article.topics.add("Elections")
    item = to_ninjs(Article.objects.for_api().get(pk=article.pk), request=RequestFactory().get("/"))
    item["uri"] = "urn:example:another-copy"

    assert item["subjects"][0] == {
        "name": "Europe",
        "literal": "europe",
        "uri": "http://testserver/sections/europe/",
        "rel": "section",
    }
    copy = import_ninjs(item=item).article
    assert copy.section == world["europe"]
    assert list(copy.topics.names()) == ["Elections"]


def test_an_imported_section_the_newsroom_does_not_have_is_left_for_the_desk(world):
    item = to_ninjs(Article.objects.for_api().get(slug="in-europe"), request=None)
    item["uri"] = "urn:example:from-a-partner"
    item["subjects"] = [{"name": "Sport", "literal": "sport", "rel": "section"}]

    copy = import_ninjs(item=item).article

    assert copy.section is None
    assert not copy.topics.exists()
    assert not Section.objects.filter(slug="sport").exists()


def test_renaming_a_section_is_a_change_to_every_story_filed_in_it(world):
    client = client_for()
    url = "/api/v1/articles/in-europe/"
    before = client.get(url)
    unrelated = client.get("/api/v1/articles/elsewhere/")["ETag"]

    europe = world["europe"]
    europe.name = "Europe and Central Asia"
    europe.save()

    # The old ETag no longer matches: a client's cached copy with the old name is not "current".
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert after.json()["section"]["name"] == "Europe and Central Asia"
    ninjs = client.get(f"{url}ninjs/").json()
    assert ninjs["subjects"][0]["name"] == "Europe and Central Asia"
    assert client.get("/api/v1/articles/elsewhere/")["ETag"] == unrelated
