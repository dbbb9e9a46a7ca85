"""Reading articles through the API: representation, filters, pagination, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import filters, search
from articles.models import Article
from newsroom.seed import seed_story
from tests.api import client_for, full_article, user
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(slug: str) -> str:
    return f"/api/v1/articles/{slug}/"


@pytest.fixture
def story():
    article, _ = seed_story()
    return article


# --- Representation ------------------------------------------------------------------------


def test_seeded_story_reads_with_everything_a_consumer_needs(story):
    response = client_for().get(detail(story.slug))

    assert response.status_code == 200
    data = response.json()
    assert data["url"] == f"http://testserver/articles/{story.slug}/"
    assert data["api_url"] == f"http://testserver/api/v1/articles/{story.slug}/"
    assert data["ninjs_url"] == f"http://testserver/api/v1/articles/{story.slug}/ninjs/"
    assert data["headline"].startswith("Trump administration turns to subpoenas")
    assert data["dateline"] == "WASHINGTON"
    assert data["provider"] == "Reuters"
    assert [person["name"] for person in data["byline"]] == ["Ted Hesson"]
    assert [(c["contributor"]["slug"], c["role"], c["place"]) for c in data["credits"]][:2] == [
        ("ted-hesson", "byline", ""),
        ("ted-hesson", "reporting", "Washington"),
    ]
    assert {"name": "Immigration", "slug": "immigration"}.items() <= data["topics"][3].items()
    assert len(data["attributions"]) == 18
    kobach = next(a for a in data["attributions"] if a["source"]["slug"] == "kris-kobach")
    assert kobach["source"]["kind"] == "person"
    assert kobach["verb"] == "reported"
    assert data["body"].startswith("The Trump administration is turning")
    assert data["body_html"].startswith("<p>The Trump administration")
    assert data["version"] == story.version
    assert data["corrections"] == []
    assert response.headers["ETag"] == f'"{story.version}"'


def test_public_representation_leaves_out_status(story):
    data = client_for().get(detail(story.slug)).json()

    assert "status" not in data


def test_staff_representation_includes_status(story):
    data = client_for(user("editor")).get(detail(story.slug)).json()

    assert data["status"] == "published"


def test_list_is_paginated_with_count_next_previous_results():
    ArticleFactory.create_batch(3, published=True)

    data = client_for().get(LIST, {"page_size": 2}).json()

    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"] == "http://testserver/api/v1/articles/?page=2&page_size=2"
    assert data["previous"] is None
    assert all(item["url"].startswith("http://testserver/articles/") for item in data["results"])


def test_list_items_leave_out_the_copy_and_full_gives_articles_whole():
    article = full_article()
    client = client_for()
    whole = client.get(f"{LIST}{article.slug}/").json()

    (item,) = client.get(LIST).json()["results"]
    (full,) = client.get(LIST, {"full": "true"}).json()["results"]

    assert {"body", "body_html", "attributions", "corrections"}.isdisjoint(item)
    assert item == {key: value for key, value in whole.items() if key in item}
    assert item["sourcing"] == whole["sourcing"]
    assert item["sourcing"]["direct_quotes"] + item["sourcing"]["named_people"] > 0
    assert full == whole
    assert client.get(LIST, {"full": "false"}).json()["results"] == [item]


def test_full_must_be_true_or_false():
    response = client_for().get(LIST, {"full": "please"})

    assert response.status_code == 400
    assert "full" in response.json()["errors"]


def test_page_size_is_capped_at_100():
    Article.objects.bulk_create(
        Article(
            slug=f"bulk-{n}",
            headline=f"Bulk {n}",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=n + 1),
        )
        for n in range(101)
    )

    data = client_for().get(LIST, {"page_size": 500}).json()

    assert data["count"] == 101
    assert len(data["results"]) == 100


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_malformed_page_size_is_400(size):
    response = client_for().get(LIST, {"page_size": size})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_page_past_the_end_is_404_json():
    response = client_for().get(LIST, {"page": 9})

    assert response.status_code == 404
    assert response.json()["detail"]


def test_list_is_newest_published_first():
    older = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=1))

    slugs = [item["slug"] for item in client_for().get(LIST).json()["results"]]

    assert slugs == [newer.slug, older.slug]


# --- Filters -------------------------------------------------------------------------------


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_topic_filter_by_slug():
    tagged, untagged = ArticleFactory(published=True), ArticleFactory(published=True)
    topic = TopicFactory()
    tagged.topics.add(topic)

    assert slugs(client_for().get(LIST, {"topic": topic.slug})) == [tagged.slug]
    assert untagged.slug in slugs(client_for().get(LIST))


def test_source_filter_by_slug_lists_each_article_once():
    quoted, other = ArticleFactory(published=True), ArticleFactory(published=True)
    source = SourceFactory()
    AttributionFactory.create_batch(2, article=quoted, source=source)
    AttributionFactory(article=other)

    assert slugs(client_for().get(LIST, {"source": source.slug})) == [quoted.slug]


def test_contributor_filter_by_slug_lists_each_article_once():
    credited, other = ArticleFactory(published=True), ArticleFactory(published=True)
    reporter = ContributorFactory()
    CreditFactory(article=credited, contributor=reporter, role="byline")
    CreditFactory(article=credited, contributor=reporter, role="reporting")
    CreditFactory(article=other)

    assert slugs(client_for().get(LIST, {"contributor": reporter.slug})) == [credited.slug]


def test_q_finds_the_seeded_story_with_the_sites_search(story):
    ArticleFactory(published=True, headline="Budget passes", body="Nothing about it.")

    assert slugs(client_for().get(LIST, {"q": "subpoenas sanctuary"})) == [story.slug]
    assert slugs(client_for().get(LIST, {"q": "zeppelin"})) == []


def test_q_uses_the_same_search_function_as_the_site():
    assert filters.search_articles is search.search_articles


def test_published_after_and_before():
    now = timezone.now()
    old = ArticleFactory(published=True, published_at=now - timedelta(days=10))
    recent = ArticleFactory(published=True, published_at=now - timedelta(days=1))
    cutoff = (now - timedelta(days=5)).isoformat()

    assert slugs(client_for().get(LIST, {"published_after": cutoff})) == [recent.slug]
    assert slugs(client_for().get(LIST, {"published_before": cutoff})) == [old.slug]
    day = (now - timedelta(days=10)).date().isoformat()
    assert old.slug in slugs(client_for().get(LIST, {"published_after": day}))


def test_ordering_from_the_allow_list():
    b = ArticleFactory(published=True, headline="Beta")
    a = ArticleFactory(published=True, headline="Alpha")

    assert slugs(client_for().get(LIST, {"ordering": "headline"})) == [a.slug, b.slug]
    assert slugs(client_for().get(LIST, {"ordering": "-headline"})) == [b.slug, a.slug]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"topics": "immigration"}, "topics"),
        ({"format": "xml"}, "format"),
        ({"published_after": "last tuesday"}, "published_after"),
        ({"published_before": "2020-13-45"}, "published_before"),
        ({"ordering": "body"}, "ordering"),
        ({"ordering": "deleted_at"}, "ordering"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"source": "no-such-source"}, "source"),
        ({"contributor": "nobody"}, "contributor"),
        ({"status": "gone"}, "status"),
    ],
)
def test_unknown_or_malformed_parameters_are_400_with_a_message(params, field):
    ArticleFactory(published=True)

    response = client_for().get(LIST, params)

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"]


def test_an_empty_parameter_is_400():
    response = client_for().get(LIST, {"topic": ""})

    assert response.status_code == 400
    assert response.json()["errors"]["topic"] == ["Give a value, or leave the parameter out."]


def test_a_parameter_given_twice_is_400():
    response = client_for().get(f"{LIST}?topic=a&topic=b")

    assert response.status_code == 400
    assert response.json()["errors"]["topic"] == ["Give this parameter once."]


# --- Query counts --------------------------------------------------------------------------


def test_list_queries_stay_constant_whatever_the_page_size(django_assert_max_num_queries):
    for _ in range(12):
        full_article()
    client = client_for()

    # The first read of each article's version: count, page (with the stored items, none
    # yet), the articles, credits, topics, attributions (+ sources, for the sourcing summary),
    # and their items stored (articles/api/stored.py)
    with django_assert_max_num_queries(8) as small:
        first = client.get(LIST, {"page_size": 1}).json()["results"]
    assert len(first) == 1
    with django_assert_max_num_queries(8) as large:
        assert len(client.get(LIST, {"page_size": 12}).json()["results"]) == 12
    assert len(small.captured_queries) == len(large.captured_queries) == 7
    # every read after: count and page, the same items
    with django_assert_max_num_queries(2):
        again = client.get(LIST, {"page_size": 12}).json()["results"]
    assert again[0] == first[0]
    assert len(again) == 12
    # whole articles: + corrections, + the inline photos their bodies show
    with django_assert_max_num_queries(8) as whole:
        assert len(client.get(LIST, {"page_size": 12, "full": "true"}).json()["results"]) == 12
    assert len(whole.captured_queries) == 7


def test_filtered_list_queries_stay_constant(django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(6):
        full_article().topics.add(topic)
    client = client_for()

    # (the first read of each version makes and stores the items: two queries more)
    with django_assert_max_num_queries(10) as small:
        client.get(LIST, {"page_size": 1, "topic": topic.slug, "q": "paragraph"})
    with django_assert_max_num_queries(10) as large:
        client.get(LIST, {"page_size": 6, "topic": topic.slug, "q": "paragraph"})
    assert len(small.captured_queries) == len(large.captured_queries)
    with django_assert_max_num_queries(8) as stored:
        client.get(LIST, {"page_size": 6, "topic": topic.slug, "q": "paragraph"})
    assert len(stored.captured_queries) == len(large.captured_queries) - 5


def test_staff_list_queries_stay_constant(django_assert_max_num_queries):
    for _ in range(8):
        full_article(published=False)
    client = client_for(user("editor"))
    client.get(LIST)  # the token and permissions are looked up on each request

    # + the token (with its user) and the user's permissions, own and group's in one query
    with django_assert_max_num_queries(8) as small:
        client.get(LIST, {"page_size": 1})
    with django_assert_max_num_queries(8) as large:
        client.get(LIST, {"page_size": 8})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_detail_queries(django_assert_max_num_queries, story):
    client = client_for()

    # The first read of a version: its stored representation looked up (none yet); article,
    # credits, topics, attributions (+ sources), corrections, inline photos; and it is stored
    # (articles/api/stored.py)
    with django_assert_max_num_queries(8):
        first = client.get(detail(story.slug))
    assert first.status_code == 200
    # every read after: the article with its stored representation, the same JSON
    with django_assert_max_num_queries(1):
        again = client.get(detail(story.slug))
    assert again.json() == first.json()
    assert list(again.json()) == list(first.json())  # the serializer's order, kept
    # ninjs also names the newsroom's policies (trustindicators): one query more
    with django_assert_max_num_queries(7):
        assert client.get(f"{detail(story.slug)}ninjs/").status_code == 200
