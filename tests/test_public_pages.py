"""The home page and article page show published articles only, in constant queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.seed import seed_story
from tests.factories import ArticleFactory, CorrectionFactory, CreditFactory

pytestmark = pytest.mark.django_db


def _published_with_extras(n_bylines=1, n_topics=1):
    article = ArticleFactory(published=True)
    for _ in range(n_bylines):
        CreditFactory(article=article)
    article.topics.add(*[f"Topic {article.pk}-{i}" for i in range(n_topics)])
    return article


def test_home_lists_published_articles_with_bylines(client):
    article = _published_with_extras()
    draft = ArticleFactory(headline="Secret draft")

    response = client.get(reverse("articles:index"))

    assert response.status_code == 200
    assert article.headline in response.text
    assert article.byline[0].contributor.name in response.text
    assert draft.headline not in response.text


def test_home_says_so_when_nothing_is_published(client):
    ArticleFactory(headline="Secret draft")

    response = client.get(reverse("articles:index"))

    assert "No articles have been published yet." in response.text
    assert "Secret draft" not in response.text


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED, "published_at": timezone.now()},
        {
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() + timezone.timedelta(hours=1),
        },
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_unpublished_article_pages_are_404_for_the_public(client, state):
    article = ArticleFactory(headline="Embargoed story", **state)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "Embargoed story" not in response.text
    assert "Embargoed story" not in client.get(reverse("articles:index")).text


def test_article_page_shows_story_credits_topics_and_corrections(client):
    article = _published_with_extras(n_topics=2)
    article.dateline, article.provider = "WASHINGTON", "Reuters"
    article.save()
    CreditFactory(article=article, role="editing", contributor__name="Ann Editor")
    CorrectionFactory(article=article, text="An earlier version gave the wrong date.")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert f"<h1>{article.headline}</h1>" in response.text
    assert "<h2>A subhead</h2>" in response.text
    assert "WASHINGTON (Reuters) –" in response.text
    assert "Editing by Ann Editor" in response.text
    assert "An earlier version gave the wrong date." in response.text
    assert f'href="http://testserver{article.get_absolute_url()}"' in response.text
    for topic in article.topics.all():
        assert topic.name in response.text


def test_home_query_count_is_constant_in_page_size_bylines_and_topics(
    client, django_assert_num_queries
):
    _published_with_extras()
    with django_assert_num_queries(4):  # count, articles, credits+contributors, topics
        client.get(reverse("articles:index"))

    for _ in range(15):
        _published_with_extras(n_bylines=3, n_topics=5)
    with django_assert_num_queries(4):
        client.get(reverse("articles:index"))


def test_article_page_query_count_is_constant(client, django_assert_num_queries):
    small = _published_with_extras()
    big = _published_with_extras(n_bylines=4, n_topics=8)
    for _ in range(3):
        CorrectionFactory(article=big)

    # article, credits+contributors, topics, corrections
    with django_assert_num_queries(4):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(big.get_absolute_url())


def test_the_seeded_story_is_served(client):
    article, _ = seed_story()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert 'By <span class="author">Ted Hesson</span>' in response.text
    assert "Reporting by Ted Hesson in Washington; Editing by Mica Rosenberg and Alistair Bell" in (
        response.text
    )
    assert "“I entirely hope the president’s campaign to carry on building this situation,”" in (
        response.text
    )
