"""RSS and Atom feeds: well-formed for feedparser, full metadata, published articles only, and a
constant number of queries."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse

from newsroom.seed import seed_story
from tests.factories import ArticleFactory, CorrectionFactory, CreditFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(
    ("name", "content_type", "version"),
    [
        ("articles:feed_rss", "application/rss+xml", "rss20"),
        ("articles:feed_atom", "application/atom+xml", "atom10"),
    ],
    ids=["rss", "atom"],
)
def test_latest_feed_carries_the_seeded_story_with_full_metadata(
    client, name, content_type, version
):
    article, _ = seed_story()

    response, feed = _parse(client, reverse(name))

    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    assert feed.feed.title == "Newsroom: latest news"
    assert feed.feed.link == "http://testserver/"
    assert feed.feed.get("language", "en") == "en"
    (entry,) = feed.entries
    assert entry.title == article.headline
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.summary == article.dek
    assert entry.author == "Ted Hesson"
    assert {tag.term for tag in entry.tags} == set(article.topics.names())
    assert entry.published_parsed[:3] == (2020, 2, 25)


def test_atom_feed_has_updated_times_and_author_links(client):
    seed_story()

    _, feed = _parse(client, reverse("articles:feed_atom"))

    (entry,) = feed.entries
    assert entry.updated_parsed >= entry.published_parsed
    assert entry.author_detail.href == "http://testserver/contributors/ted-hesson/"


def test_titles_are_plain_text_escaped_once(client):
    ArticleFactory(published=True, headline="Fish & chips <cheap>")

    for name in ["articles:feed_rss", "articles:feed_atom"]:
        _, feed = _parse(client, reverse(name))
        assert feed.entries[0].title == "Fish & chips <cheap>"


def test_several_bylines_read_naturally(client):
    article = ArticleFactory(published=True)
    for name in ["Ann One", "Bob Two", "Cy Three"]:
        CreditFactory(article=article, contributor__name=name)

    _, feed = _parse(client, reverse("articles:feed_rss"))

    assert feed.entries[0].author == "Ann One, Bob Two and Cy Three"


def test_latest_feed_is_newest_first_and_limited_to_30(client):
    now = datetime.now(UTC)
    for i in range(32):
        ArticleFactory(
            published=True, headline=f"Story {i}", published_at=now - timedelta(hours=i + 1)
        )

    _, feed = _parse(client, reverse("articles:feed_rss"))

    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Story 0"


def test_empty_feed_is_still_valid(client):
    _, feed = _parse(client, reverse("articles:feed_rss"))

    assert feed.entries == []


def test_topic_feed_lists_that_topics_articles(client):
    topic = TopicFactory(name="Courts", slug="courts", description="Judges and juries.")
    ArticleFactory(published=True, headline="On topic").topics.add(topic)
    ArticleFactory(published=True, headline="Off topic")

    _, feed = _parse(client, reverse("articles:topic_feed", args=["courts"]))

    assert feed.feed.title == "Newsroom: Courts"
    assert feed.feed.description == "Judges and juries."
    assert feed.feed.link == "http://testserver/topics/courts/"
    assert [entry.title for entry in feed.entries] == ["On topic"]


def test_unknown_topic_feed_is_404(client):
    assert client.get(reverse("articles:topic_feed", args=["nope"])).status_code == 404


def test_feed_answers_conditional_get(client):
    ArticleFactory(published=True)
    response = client.get(reverse("articles:feed_rss"))

    assert "Last-Modified" in response
    again = client.get(reverse("articles:feed_rss"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # articles, credits+contributors, topics, corrections
        (lambda: reverse("articles:feed_rss"), 4),
        (lambda: reverse("articles:feed_atom"), 4),
        # + the topic
        (lambda: reverse("articles:topic_feed", args=["steady"]), 5),
    ],
    ids=["rss", "atom", "topic"],
)
def test_feed_query_count_is_constant(client, django_assert_num_queries, url, queries):
    topic = TopicFactory(slug="steady")

    def grow(n):
        for _ in range(n):
            article = ArticleFactory(published=True)
            article.topics.add(topic, TopicFactory())
            CreditFactory(article=article)
            CreditFactory(article=article)
            CorrectionFactory(article=article)

    grow(1)
    with django_assert_num_queries(queries):
        client.get(url())
    grow(10)
    with django_assert_num_queries(queries):
        client.get(url())
