"""Issue 7's query caps, on every public page and API read: an article in at most 6 queries
(its page 7: issue 17's "Related" block is one more), any list in at most 8, and the same number
however big the corpus or the page. An article page served from its stored parts
(articles/parts.py) takes 2, its API detail from its stored representation
(articles/api/stored.py) 1; the first reader of each version, who renders and stores them, 2
more than the cap (looking them up, and storing them)."""

import pytest
from django.urls import reverse

from tests.api import full_article
from tests.factories import AttributionFactory, CreditFactory, SourceFactory

pytestmark = pytest.mark.django_db

ARTICLE_CAP = 6
ARTICLE_PAGE_CAP = ARTICLE_CAP + 1  # the related stories (articles/related.py)
STORED_PAGE_CAP = 2  # the article with its stored parts, and the related stories
STORED_API_CAP = 1  # the article with its stored representation
LIST_CAP = 8


def _corpus(n, topic, contributor, source):
    articles = []
    for _ in range(n):
        article = full_article()
        article.topics.add(topic)
        CreditFactory(article=article, contributor=contributor, role="reporting")
        AttributionFactory(article=article, source=source)
        AttributionFactory(article=article, source__affiliation=source)
        articles.append(article)
    return articles


PAGES = {
    "home": lambda a, t, c, s: reverse("articles:index"),
    "topics": lambda a, t, c, s: reverse("articles:topics"),
    "topic": lambda a, t, c, s: t.get_absolute_url(),
    "contributor": lambda a, t, c, s: c.get_absolute_url(),
    "sources": lambda a, t, c, s: reverse("sources:index"),
    "source": lambda a, t, c, s: s.get_absolute_url(),
    "search": lambda a, t, c, s: reverse("articles:search") + "?q=paragraph",
    "rss": lambda a, t, c, s: reverse("articles:feed_rss"),
    "atom": lambda a, t, c, s: reverse("articles:feed_atom"),
    "topic-feed": lambda a, t, c, s: reverse("articles:topic_feed", kwargs={"slug": t.slug}),
    "sitemap": lambda a, t, c, s: reverse("sitemap"),
    "news-sitemap": lambda a, t, c, s: reverse("news_sitemap"),
    "api-list": lambda a, t, c, s: reverse("api:article-list"),
    "api-list-100": lambda a, t, c, s: reverse("api:article-list") + "?page_size=100",
    "api-topic-filter": lambda a, t, c, s: reverse("api:article-list") + f"?topic={t.slug}",
    "corrections": lambda a, t, c, s: reverse("trust:corrections"),
    "corrections-feed": lambda a, t, c, s: reverse("trust:corrections_feed"),
    "policies": lambda a, t, c, s: reverse("trust:policies"),
}


@pytest.fixture
def owners():
    from tests.factories import ContributorFactory, TopicFactory

    return TopicFactory(), ContributorFactory(), SourceFactory(kind="organization")


def _count(client, url, django_assert_max_num_queries, cap):
    from trust.indicators import forget

    forget()  # the policies are counted cold (one query), as after a change to them
    with django_assert_max_num_queries(cap) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_list_pages_stay_within_the_cap_whatever_the_corpus_size(
    client, owners, django_assert_max_num_queries, name
):
    topic, contributor, source = owners
    first = _corpus(1, topic, contributor, source)[0]
    url = PAGES[name](first, topic, contributor, source)
    small = _count(client, url, django_assert_max_num_queries, LIST_CAP)

    _corpus(24, topic, contributor, source)  # more than a page of everything
    large = _count(client, url, django_assert_max_num_queries, LIST_CAP)

    assert small == large


@pytest.mark.parametrize(
    ("url_for", "cap"),
    [
        (lambda article: article.get_absolute_url(), ARTICLE_PAGE_CAP),
        (lambda article: reverse("api:article-detail", kwargs={"slug": article.slug}), ARTICLE_CAP),
    ],
    ids=["page", "api-detail"],
)
def test_an_article_stays_within_the_cap_however_much_it_carries(
    client, django_assert_max_num_queries, url_for, cap
):
    plain = full_article()
    heavy = full_article()
    for _ in range(4):
        CreditFactory(article=heavy)
    for _ in range(20):
        AttributionFactory(article=heavy, source__affiliation=SourceFactory(kind="organization"))
    heavy.topics.add(*[f"Extra topic {i}" for i in range(8)])

    counts = [
        _count(client, url_for(article), django_assert_max_num_queries, cap + 2)
        for article in (plain, heavy)
    ]
    assert counts[0] == counts[1]

    # every reader after the first
    stored = STORED_PAGE_CAP if cap == ARTICLE_PAGE_CAP else STORED_API_CAP
    again = [
        _count(client, url_for(article), django_assert_max_num_queries, stored)
        for article in (plain, heavy)
    ]
    assert again == [stored, stored]
