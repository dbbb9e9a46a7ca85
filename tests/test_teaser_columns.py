"""Lists read a teaser's columns, not each story's copy: the body (markdown and HTML) and the
search vector are most of an article's row, and no list shows them. The article page reads
the copy but not the vector."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AttributionFactory, TopicFactory

pytestmark = pytest.mark.django_db

COPY = ('"body"', '"body_html"', '"search_document"')


def _article_selects(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # The queries whose columns include the article's own (its headline).
    selects = []
    for query in captured:
        select = query["sql"].split(" FROM ", 1)[0]
        # The columns read, not those an expression uses (search ranks and quotes the body).
        while re.search(r"\([^()]*\)", select):
            select = re.sub(r"\([^()]*\)", "", select)
        if '"articles_article"."headline"' in select:
            selects.append(select)
    return selects


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Harbour dredging begins",
        body="Quokka " * 50,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )
    topic = TopicFactory(name="Harbours", slug="harbours")
    article.topics.add(topic)
    AttributionFactory(article=article)
    return article


@pytest.mark.parametrize("page", ["home", "topic", "source", "search", "api-list", "feed"])
def test_a_list_reads_no_story_copy(client, story, page):
    url = {
        "home": reverse("articles:index"),
        "topic": story.topics.get().get_absolute_url(),
        "source": story.attributions.get().source.get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour",
        "api-list": reverse("api:article-list"),
        "feed": reverse("articles:feed_rss"),
    }[page]

    selects = _article_selects(client, url)

    assert selects, "the page lists the story"
    for select in selects:
        for column in COPY:
            assert f'"articles_article".{column}' not in select, (page, column)


def test_the_article_page_reads_the_copy_but_not_the_search_vector(client, story):
    selects = _article_selects(client, story.get_absolute_url())

    assert any('"articles_article"."body_html"' in select for select in selects)
    assert not any('"articles_article"."search_document"' in s for s in selects)
