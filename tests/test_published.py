"""Article.objects.published() is the single rule for what the public may see."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_published_includes_only_published_articles_whose_time_has_come():
    past = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW - timedelta(days=1))
    exactly_now = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW)
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW + timedelta(seconds=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=NOW - timedelta(days=1))
    ArticleFactory(status=Article.Status.REVIEW, published_at=NOW - timedelta(days=1))
    ArticleFactory(status=Article.Status.ARCHIVED, published_at=NOW - timedelta(days=1))

    assert set(Article.objects.published()) == {past, exactly_now}


def test_scheduled_article_appears_exactly_at_its_time():
    publish_at = NOW + timedelta(hours=2)
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=publish_at)

    with time_machine.travel(publish_at - timedelta(microseconds=1), tick=False):
        assert article.is_scheduled
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(publish_at, tick=False):
        assert not article.is_scheduled
        assert Article.objects.published().filter(pk=article.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_published_orders_newest_first():
    older = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW - timedelta(days=2))
    newer = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW - timedelta(days=1))

    assert list(Article.objects.published()) == [newer, older]
