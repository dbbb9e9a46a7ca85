"""Sources, topics and contributors through the API, and the token command."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from reversion.models import Version

from articles.models import Contributor, Topic
from newsroom.seed import seed_story
from sources.models import Source
from tests.api import client_for, full_article, role_client, user
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return seed_story()[0]


# --- Reads ---------------------------------------------------------------------------------


def test_sources_of_the_seeded_story(story):
    data = client_for().get("/api/v1/sources/").json()

    assert data["count"] == 16
    barr = client_for().get("/api/v1/sources/william-barr/").json()
    assert barr["title"] == "U.S. Attorney General"
    assert barr["affiliation"]["slug"] == "us-department-of-justice"
    assert barr["url"] == "http://testserver/sources/william-barr/"
    assert barr["api_url"] == "http://testserver/api/v1/sources/william-barr/"
    assert barr["articles_api_url"] == "http://testserver/api/v1/articles/?source=william-barr"
    listed = client_for().get(barr["articles_api_url"]).json()
    assert [item["slug"] for item in listed["results"]] == [story.slug]


def test_sources_filter_by_kind(story):
    data = client_for().get("/api/v1/sources/", {"kind": "person"}).json()

    assert {item["kind"] for item in data["results"]} == {"person"}
    assert data["count"] == 5
    assert client_for().get("/api/v1/sources/", {"kind": "alien"}).status_code == 400


def test_topics_and_contributors_of_the_seeded_story(story):
    topics = client_for().get("/api/v1/topics/").json()
    contributors = client_for().get("/api/v1/contributors/").json()

    assert topics["count"] == 10
    immigration = client_for().get("/api/v1/topics/immigration/").json()
    assert immigration["description"].startswith("U.S. immigration policy")
    assert immigration["url"] == "http://testserver/topics/immigration/"
    assert [c["slug"] for c in contributors["results"]] == [
        "alistair-bell",
        "mica-rosenberg",
        "ted-hesson",
    ]
    ted = client_for().get("/api/v1/contributors/ted-hesson/").json()
    assert ted["url"] == "http://testserver/contributors/ted-hesson/"
    assert client_for().get(ted["articles_api_url"]).json()["count"] == 1


@pytest.mark.parametrize("resource", ["sources", "topics", "contributors"])
def test_unknown_parameters_are_400(resource):
    response = client_for().get(f"/api/v1/{resource}/", {"search": "x"})

    assert response.status_code == 400
    assert "search" in response.json()["errors"]


@pytest.mark.parametrize("resource", ["sources", "topics", "contributors"])
def test_list_queries_stay_constant(resource, django_assert_max_num_queries):
    for _ in range(5):
        full_article()
    client = client_for()

    with django_assert_max_num_queries(3) as small:
        client.get(f"/api/v1/{resource}/", {"page_size": 1})
    with django_assert_max_num_queries(3) as large:
        client.get(f"/api/v1/{resource}/", {"page_size": 20})
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.parametrize("resource", ["sources", "topics", "contributors"])
def test_detail_queries(resource, story, django_assert_max_num_queries):
    slug = {"sources": "william-barr", "topics": "immigration", "contributors": "ted-hesson"}
    with django_assert_max_num_queries(2):
        assert client_for().get(f"/api/v1/{resource}/{slug[resource]}/").status_code == 200


# --- Writes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 201), ("editor", 201), ("superuser", 201)],
)
def test_create_source(role, expected):
    SourceFactory(slug="acme", name="Acme", kind="organization")

    response = role_client(role).post(
        "/api/v1/sources/",
        {"name": "Jo Smith", "slug": "jo-smith", "kind": "person", "affiliation": "acme"},
        format="json",
    )

    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["affiliation"]["name"] == "Acme"
        assert Version.objects.get_for_object(Source.objects.get(slug="jo-smith")).count() == 1


def test_staff_see_a_source_named_only_in_a_draft():
    source = SourceFactory()
    AttributionFactory(article=ArticleFactory(), source=source)

    assert client_for().get(f"/api/v1/sources/{source.slug}/").status_code == 404
    assert client_for(user("reporter")).get(f"/api/v1/sources/{source.slug}/").status_code == 200


def test_update_source_checks_the_affiliation(story):
    # The seeded story is published, so its sources are an editor's to change.
    client = client_for(user("editor"))

    person = client.patch(
        "/api/v1/sources/chad-sublet/", {"affiliation": "kris-kobach"}, format="json"
    )
    itself = client.patch(
        "/api/v1/sources/city-of-new-york/", {"affiliation": "city-of-new-york"}, format="json"
    )
    fine = client.patch("/api/v1/sources/chad-sublet/", {"title": "city attorney"}, format="json")

    assert person.status_code == 400
    assert "affiliation" in person.json()["errors"]
    assert itself.status_code == 400
    assert fine.status_code == 200
    assert Source.objects.get(slug="chad-sublet").title == "city attorney"


@pytest.mark.parametrize(
    ("role", "create", "change"),
    [
        ("anonymous", 401, 401),
        ("reporter", 201, 403),
        ("editor", 201, 200),
        ("superuser", 201, 200),
    ],
)
def test_topic_writes(role, create, change):
    topic = TopicFactory(name="Old")
    client = role_client(role)

    created = client.post(
        "/api/v1/topics/", {"name": "Elections", "description": "Votes."}, format="json"
    )
    changed = client.patch(
        f"/api/v1/topics/{topic.slug}/", {"description": "New words."}, format="json"
    )

    assert (created.status_code, changed.status_code) == (create, change)
    if create == 201:
        assert created.json()["slug"] == "elections"
        elections = Topic.objects.get(name="Elections")
        revision = Version.objects.get_for_object(elections).get().revision
        assert revision.comment == "Created through the API"
        assert revision.user.username == ("admin" if role == "superuser" else role)
    if change == 200:
        assert Version.objects.get_for_object(topic).get().revision.comment == (
            "Edited through the API"
        )


@pytest.mark.parametrize("name", ["(((", "東京"])
def test_topic_name_without_letters_or_digits_is_400(name):
    editor = client_for(user("editor"))
    article = ArticleFactory()

    created = editor.post("/api/v1/topics/", {"name": name}, format="json")
    tagged = editor.patch(
        f"/api/v1/articles/{article.slug}/", {"topics": [name]}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert created.status_code == tagged.status_code == 400
    assert "letter or digit" in created.json()["detail"]


def test_accented_topic_names_get_ascii_slugs_that_link():
    editor = client_for(user("editor"))

    response = editor.post("/api/v1/topics/", {"name": "Élections à Montréal"}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "elections-a-montreal"
    assert response.json()["url"] == "http://testserver/topics/elections-a-montreal/"


def test_duplicate_topic_name_is_400():
    TopicFactory(name="Elections")

    response = client_for(user("editor")).post(
        "/api/v1/topics/", {"name": "Elections"}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()["errors"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 403), ("editor", 201), ("superuser", 201)],
)
def test_create_contributor(role, expected):
    response = role_client(role).post(
        "/api/v1/contributors/",
        {"name": "Jane Roe", "slug": "jane-roe", "bio": "Covers courts."},
        format="json",
    )

    assert response.status_code == expected
    assert Contributor.objects.filter(slug="jane-roe").exists() == (expected == 201)


def test_update_contributor():
    contributor = ContributorFactory()
    CreditFactory(article=ArticleFactory(published=True), contributor=contributor)

    response = client_for(user("editor")).put(
        f"/api/v1/contributors/{contributor.slug}/",
        {"name": "Renamed", "slug": contributor.slug, "bio": ""},
        format="json",
    )

    assert response.status_code == 200
    assert client_for().get(f"/api/v1/contributors/{contributor.slug}/").json()["name"] == (
        "Renamed"
    )


# --- Tokens --------------------------------------------------------------------------------


def test_issue_token_prints_a_working_token(capsys):
    editor = user("editor")

    call_command("issue_token", "editor")
    key = capsys.readouterr().out.strip()

    assert Token.objects.get(user=editor).key == key
    call_command("issue_token", "editor")
    assert capsys.readouterr().out.strip() == key  # the same token until rotated
    call_command("issue_token", "editor", "--rotate")
    rotated = capsys.readouterr().out.strip()
    assert rotated != key
    response = client_for().get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Token {rotated}")
    assert response.status_code == 200
    stale = client_for().get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Token {key}")
    assert stale.status_code == 401


def test_issue_token_refuses_unknown_and_inactive_users():
    UserFactory(username="gone", is_active=False)

    with pytest.raises(CommandError, match="No user"):
        call_command("issue_token", "nobody")
    with pytest.raises(CommandError, match="not active"):
        call_command("issue_token", "gone")
