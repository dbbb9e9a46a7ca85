"""Embargoes (issue 18): a published story under an embargo is hidden from the public on every
surface until the embargo lifts, with no job; ninjs says `embargoed`; lifting one early is its
own permission, needs a reason, and is in the article's history."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version

from articles import cache_invalidation, embargo, workflow
from articles.models import Article
from articles.ninjs import to_ninjs
from newsroom import pagecache
from tests.api import full_article
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LIFT = NOW + timedelta(hours=3)
HEADLINE = "Central bank cuts rates under embargo"


def _embargoed(**kwargs):
    return full_article(
        headline=HEADLINE, published_at=NOW - timedelta(hours=1), embargoed_until=LIFT, **kwargs
    )


def _public_urls(article):
    topic = article.topics.first()
    return [
        reverse("articles:index"),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:topic_feed", args=[topic.slug]),
        reverse("articles:topic", args=[topic.slug]),
        reverse("articles:search") + "?q=bank",
        "/sitemap-articles.xml",
        "/api/v1/articles/",
    ]


@time_machine.travel(NOW, tick=False)
def test_an_embargoed_story_is_not_published_until_the_embargo_lifts():
    article = _embargoed()
    lifted = full_article(published_at=NOW - timedelta(hours=2), embargoed_until=NOW)

    assert not article.is_public
    assert article.is_embargoed
    assert set(Article.objects.published()) == {lifted}
    assert set(Article.objects.embargoed()) == {article}
    assert set(Article.objects.for_partner(embargoed_copy=True)) == {article, lifted}
    assert set(Article.objects.for_partner(embargoed_copy=False)) == {lifted}
    with time_machine.travel(LIFT, tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert article.is_public


def test_every_public_surface_hides_it_until_it_lifts_then_shows_it(client):
    with time_machine.travel(NOW, tick=False):
        article = _embargoed()
        urls = _public_urls(article)
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 404
        assert client.get(f"/api/v1/articles/{article.slug}/ninjs/").status_code == 404
        for url in urls:
            response = client.get(url)
            # A topic only the embargoed story carries is not in print yet: 404.
            assert response.status_code in (200, 404), url
            assert HEADLINE not in response.text, url
            assert article.slug not in response.text, url

    with time_machine.travel(LIFT, tick=False):
        assert HEADLINE in client.get(article.get_absolute_url()).text
        assert article.slug in client.get("/api/v1/articles/").text
        assert HEADLINE in client.get(reverse("articles:feed_rss")).text


def test_the_page_cache_keeps_no_page_past_the_moment_an_embargo_lifts(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        _embargoed()
        cache_invalidation.record_schedule()
        home = reverse("articles:index")
        first = client.get(home)
        assert HEADLINE not in first.text
        assert client.get(home)["X-Page-Cache"] == "hit"
        schedule = cache.get(pagecache.SCHEDULE_KEY)
        assert (LIFT - timedelta(seconds=1)).timestamp() in schedule["times"]
    with time_machine.travel(LIFT, tick=False):
        assert HEADLINE in client.get(home).text
    cache.clear()


@time_machine.travel(NOW, tick=False)
def test_ninjs_says_embargoed_until_when_and_withholds_it():
    item = to_ninjs(Article.objects.for_api().get(pk=_embargoed().pk))

    assert item["embargoed"] == "2026-06-01T12:00:00Z"
    assert item["pubstatus"] == "withheld"


@time_machine.travel(NOW, tick=False)
def test_lifting_early_needs_its_own_permission():
    article = _embargoed()
    editor = staff_user("editor", username="ed")

    with pytest.raises(PermissionDenied):
        embargo.lift_embargo(article=article, by=editor, reason="Agreed with the wire")
    assert Article.objects.get(pk=article.pk).embargoed_until == LIFT


@time_machine.travel(NOW, tick=False)
def test_lifting_early_asks_for_a_reason_and_is_in_the_history(client):
    article = _embargoed()
    editor = staff_user("editor", username="ed")
    editor.user_permissions.add(Permission.objects.get(codename="lift_embargo"))

    with pytest.raises(workflow.WorkflowError, match="why"):
        embargo.lift_embargo(article=article, by=editor, reason="  ")
    embargo.lift_embargo(article=article, by=editor, reason="The ministry released it early")

    article.refresh_from_db()
    assert article.embargoed_until == NOW
    assert article.is_public
    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert comments[0] == "Embargo lifted early by ed: The ministry released it early"
    assert HEADLINE in client.get(article.get_absolute_url()).text
    with pytest.raises(workflow.WorkflowError, match="not under an embargo"):
        embargo.lift_embargo(article=article, by=editor, reason="again")


def test_a_story_released_from_a_long_embargo_is_in_the_news_sitemap_from_its_release(client):
    """Google News takes the last two days' stories: one filed days ago and released by its
    embargo an hour ago is news, dated from its release."""
    released = NOW - timedelta(hours=1)
    with time_machine.travel(NOW, tick=False):
        article = full_article(
            headline=HEADLINE, published_at=NOW - timedelta(days=4), embargoed_until=released
        )
        stale = full_article(published_at=NOW - timedelta(days=4))
        response = client.get("/news-sitemap.xml")

    assert article.slug in response.text
    assert stale.slug not in response.text
    assert f"<news:publication_date>{released.isoformat()}</news:publication_date>" in (
        response.text
    )
