"""The reader's long lists page newer-to-older without counting everything they hold."""

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def teasers(response):
    return response.text.count('class="teaser"')


def test_home_pages_older_and_newer_without_a_total(client, django_assert_num_queries):
    for _ in range(41):
        ArticleFactory(published=True)
    home = reverse("articles:index")

    # articles (one more than a page), credits, topics; no COUNT
    with django_assert_num_queries(3) as queries:
        first = client.get(home)
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    second = client.get(home, {"page": 2})
    last = client.get(home, {"page": 3})

    assert (teasers(first), teasers(second), teasers(last)) == (20, 20, 1)
    assert "<span>Page 1</span>" in first.text
    assert 'rel="next" href="?page=2"' in first.text
    assert 'rel="prev"' not in first.text
    assert 'rel="prev" href="?page=1"' in second.text
    assert 'rel="next" href="?page=3"' in second.text
    assert 'rel="prev" href="?page=2"' in last.text
    assert 'rel="next"' not in last.text


def test_exactly_a_page_has_no_older_link(client):
    for _ in range(20):
        ArticleFactory(published=True)

    response = client.get(reverse("articles:index"))

    assert teasers(response) == 20
    assert 'rel="next"' not in response.text
    assert 'class="pagination"' not in response.text  # one page: no navigation at all
    assert client.get(reverse("articles:index"), {"page": 2}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "1000001", "99999999999999999999"])
def test_pages_that_cannot_exist_are_404(client, page):
    ArticleFactory(published=True)

    assert client.get(reverse("articles:index"), {"page": page}).status_code == 404


def test_last_still_finds_the_last_page(client):
    for _ in range(25):
        ArticleFactory(published=True)

    response = client.get(reverse("articles:index"), {"page": "last"})

    assert response.status_code == 200
    assert teasers(response) == 5
    assert "<span>Page 2</span>" in response.text


def test_topic_contributor_and_source_pages_page_the_same_way(client):
    topic, reporter, source = TopicFactory(), ContributorFactory(), SourceFactory()
    for _ in range(21):
        article = ArticleFactory(published=True)
        article.topics.add(topic)
        CreditFactory(article=article, contributor=reporter)
    for _ in range(51):
        AttributionFactory(article=ArticleFactory(published=True), source=source)

    # 21 articles at 20 a page; 51 attributions at 50
    for url in [topic.get_absolute_url(), reporter.get_absolute_url(), source.get_absolute_url()]:
        first, second = client.get(url), client.get(url, {"page": 2})
        assert 'rel="next" href="?page=2"' in first.text, url
        assert "<span>Page 2</span>" in second.text, url
        assert 'rel="next"' not in second.text, url
        assert client.get(url, {"page": 3}).status_code == 404, url


def test_drafts_never_make_an_older_page_appear(client):
    for _ in range(20):
        ArticleFactory(published=True)
    ArticleFactory()  # a draft: the 21st article, but not the public's

    response = client.get(reverse("articles:index"))

    assert 'rel="next"' not in response.text
    assert client.get(reverse("articles:index"), {"page": 2}).status_code == 404
