"""The anonymous page cache: hits skip the database, every change evicts exactly the pages that
show it (after it commits), and nothing personal, draft or cookie-bearing is ever kept."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.urls import reverse

from articles import related, workflow
from articles.models import Article
from newsroom import pagecache
from tests.api import client_for, full_article
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    # The tests write and read within microseconds; production waits a second for clock skew.
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    return staff_user("editor", username="ed")


def _state(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache")


def _warm(client, *urls):
    for url in urls:
        assert _state(client, url) == (200, "miss"), url
        assert _state(client, url) == (200, "hit"), url


def _pages(article):
    """The public pages showing `article` (from tests.api.full_article)."""
    topic = article.topics.first()
    credit = article.credits.select_related("contributor").first()
    attribution = article.attributions.select_related("source__affiliation").first()
    return {
        "article": article.get_absolute_url(),
        "home": reverse("articles:index"),
        "topic": topic.get_absolute_url(),
        "contributor": credit.contributor.get_absolute_url(),
        "source": attribution.source.get_absolute_url(),
        "organisation": attribution.source.affiliation.get_absolute_url(),
        "rss": reverse("articles:feed_rss"),
        "topic-feed": reverse("articles:topic_feed", kwargs={"slug": topic.slug}),
        "sitemap": reverse("sitemap"),
        "sitemap-articles": reverse("sitemap_section", kwargs={"section": "articles"}),
        "sitemap-topics": reverse("sitemap_section", kwargs={"section": "topics"}),
        "news-sitemap": reverse("news_sitemap"),
        "api-detail": reverse("api:article-detail", kwargs={"slug": article.slug}),
        "api-list": reverse("api:article-list"),
    }


# --- Hits -----------------------------------------------------------------------------------


def test_a_warm_page_is_served_without_touching_the_database(client, django_assert_num_queries):
    article = full_article()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_every_public_page_and_api_read_is_cached(client):
    article = full_article()
    _warm(client, *_pages(article).values(), reverse("articles:topics"), reverse("sources:index"))


def test_a_cached_page_still_answers_conditional_requests_with_304(client):
    article = full_article()
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"


def test_pages_name_their_article_topics_and_people_for_a_cdn(client):
    article = full_article()
    response = client.get(article.get_absolute_url())

    keys = set(response["Surrogate-Key"].split())
    assert {f"article-{article.pk}", "site"} <= keys
    assert set(response["Cache-Tag"].split(",")) == keys
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]

    topic = article.topics.first()
    keys = set(client.get(topic.get_absolute_url())["Surrogate-Key"].split())
    assert f"topic-{topic.pk}" in keys

    api = client.get(reverse("api:article-detail", kwargs={"slug": article.slug}))
    assert f"article-{article.pk}" in api["Surrogate-Key"].split()
    assert "Authorization" in api["Vary"]
    assert "public" in api["Cache-Control"]


# --- Never for anyone but anonymous readers ---------------------------------------------------


def test_a_logged_in_reader_never_gets_or_fills_the_cache(client, editor):
    article = full_article()
    url = article.get_absolute_url()
    _warm(client, url)
    client.force_login(editor)

    response = client.get(url)

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_api_clients_with_a_token_bypass_the_cache(editor):
    article = full_article()
    url = reverse("api:article-detail", kwargs={"slug": article.slug})
    anonymous = client_for()
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    assert anonymous.get(url)["X-Page-Cache"] == "hit"

    staff = client_for(editor).get(url)

    assert "X-Page-Cache" not in staff
    assert "status" in staff.json()  # the staff representation, not the cached public one


def test_a_request_with_a_session_cookie_is_not_served_from_the_cache(client):
    article = full_article()
    _warm(client, article.get_absolute_url())
    client.cookies["sessionid"] = "stale-or-not"

    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_responses_that_set_cookies_or_are_private_are_never_stored(rf):
    request = rf.get("/")
    with_cookie = HttpResponse("hello")
    with_cookie.set_cookie("flavour", "oat")
    private = HttpResponse("hello", headers={"Cache-Control": "private"})
    not_found = HttpResponse("gone", status=404)

    for response in (with_cookie, private, not_found):
        assert not pagecache.store(request, response, ["home"], started_ns=0)


def test_a_draft_page_is_never_cached(client):
    draft = ArticleFactory(headline="Secret draft")

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404
    assert response.get("X-Page-Cache") is None
    assert not [key for key in cache._cache if pagecache.PAGE_PREFIX in key]


def test_a_page_rendered_while_what_it_shows_changed_is_not_stored(rf, settings):
    settings.PAGE_CACHE_SETTLE_SECONDS = 5
    pagecache.invalidate(["home"])
    request = rf.get("/")

    assert not pagecache.store(request, HttpResponse("old"), ["home"], started_ns=1)


# --- Invalidation: exactly the pages that show the change ----------------------------------


def test_editing_a_published_article_evicts_every_page_that_shows_it(client, committed, editor):
    article = full_article()
    other_topic = TopicFactory()
    bystander = full_article()
    bystander.topics.add(other_topic)
    pages = _pages(article)
    untouched = [other_topic.get_absolute_url(), bystander.get_absolute_url()]
    _warm(client, *pages.values(), *untouched)

    with committed():
        article.headline = "A corrected headline"
        workflow.save_article(article=article, by=editor)

    for name, url in pages.items():
        assert _state(client, url) == (200, "miss"), name
    assert "A corrected headline" in client.get(pages["home"]).text
    for url in untouched:
        assert _state(client, url) == (200, "hit"), url


def test_a_correction_evicts_the_article_page(client, committed):
    article = full_article()
    url = article.get_absolute_url()
    _warm(client, url)

    with committed():
        CorrectionFactory(article=article, text="We got the date wrong.")

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "We got the date wrong." in response.text


def test_unpublishing_takes_the_article_off_cached_pages_at_once(client, committed, editor):
    article = full_article()
    pages = _pages(article)
    _warm(client, pages["article"], pages["home"], pages["api-detail"], pages["rss"])

    with committed():
        workflow.unpublish(article=article, by=editor)

    assert client.get(pages["article"]).status_code == 404
    assert client.get(pages["api-detail"]).status_code == 404
    assert article.headline not in client.get(pages["home"]).text
    assert article.headline not in client.get(pages["rss"]).text


def test_publishing_puts_the_article_on_the_home_page_and_its_topic(client, committed, editor):
    article = ArticleFactory()
    CreditFactory(article=article)
    topic = TopicFactory()
    article.topics.add(topic)
    full_article().topics.add(topic)  # so the topic page exists before
    _warm(client, reverse("articles:index"), topic.get_absolute_url())

    with committed():
        workflow.publish(article=article, by=editor)

    assert article.headline in client.get(reverse("articles:index")).text
    assert article.headline in client.get(topic.get_absolute_url()).text


def test_editing_a_draft_leaves_public_lists_cached(client, committed, editor):
    full_article()
    draft = ArticleFactory()
    _warm(client, reverse("articles:index"))

    with committed():
        draft.dek = "Still a draft."
        workflow.save_article(article=draft, by=editor)

    assert _state(client, reverse("articles:index")) == (200, "hit")


def test_a_new_credit_evicts_the_contributors_page(client, committed):
    article = full_article()
    newcomer = ContributorFactory(name="Nell Newcomer")
    CreditFactory(article=full_article(), contributor=newcomer)
    page = newcomer.get_absolute_url()
    _warm(client, page, article.get_absolute_url())

    with committed():
        CreditFactory(article=article, contributor=newcomer, role="reporting")

    assert _state(client, page) == (200, "miss")
    assert "Nell Newcomer" in client.get(article.get_absolute_url()).text


def test_renaming_a_topic_evicts_its_page_and_the_pages_of_its_articles(client, committed):
    article = full_article()
    topic = article.topics.first()
    bystander = full_article()
    _warm(client, article.get_absolute_url(), topic.get_absolute_url())
    _warm(client, bystander.get_absolute_url())

    with committed():
        topic.name = "Renamed topic"
        topic.save()

    assert "Renamed topic" in client.get(article.get_absolute_url()).text
    assert _state(client, topic.get_absolute_url()) == (200, "miss")
    assert _state(client, bystander.get_absolute_url()) == (200, "hit")


def test_changing_a_source_evicts_its_page_its_organisation_and_its_stories(client, committed):
    article = full_article()
    pages = _pages(article)
    bystander = full_article()
    _warm(client, pages["source"], pages["organisation"], pages["article"])
    _warm(client, bystander.get_absolute_url())
    source = article.attributions.first().source

    with committed():
        source.title = "spokesperson for the city"
        source.save()

    assert "Spokesperson for the city" in client.get(pages["article"]).text
    assert _state(client, pages["source"]) == (200, "miss")
    assert _state(client, pages["organisation"]) == (200, "miss")
    assert _state(client, bystander.get_absolute_url()) == (200, "hit")


def test_merging_a_quoted_source_away_evicts_the_story_that_quoted_it(client, committed):
    from sources.merging import merge_sources

    article = full_article()
    quoted = article.attributions.first().source
    keep = SourceFactory(name="The One Who Stays", kind="person")
    bystander = full_article()
    _warm(client, article.get_absolute_url(), bystander.get_absolute_url())

    with committed():
        merge_sources(target=keep, others=[quoted], by=staff_user("editor", username="ed2"))

    assert _state(client, article.get_absolute_url()) == (200, "miss")
    assert "The One Who Stays" in client.get(article.get_absolute_url()).text
    assert _state(client, bystander.get_absolute_url()) == (200, "hit")


def test_renaming_a_contributor_evicts_the_bylines_on_the_home_page(client, committed):
    article = full_article()
    contributor = article.byline[0].contributor
    _warm(client, reverse("articles:index"))

    with committed():
        contributor.name = "Renamed Reporter"
        contributor.save()

    assert "Renamed Reporter" in client.get(reverse("articles:index")).text


def test_a_rolled_back_change_evicts_nothing(client, committed):
    from django.db import transaction

    article = full_article()
    _warm(client, article.get_absolute_url())

    with committed(), transaction.atomic():
        CorrectionFactory(article=article)
        transaction.set_rollback(True)

    assert _state(client, article.get_absolute_url()) == (200, "hit")


# --- Scheduled articles go live with no write ------------------------------------------------


def test_a_cached_home_page_never_hides_a_scheduled_article_past_its_time(
    client, committed, editor
):
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        full_article()
        scheduled = ArticleFactory(headline="Goes live at eleven")
        CreditFactory(article=scheduled)
        with committed():
            workflow.publish(article=scheduled, by=editor, at=start + timedelta(hours=1))
        home = client.get(reverse("articles:index"))
        assert home["X-Page-Cache"] == "miss"
        assert "Goes live at eleven" not in home.text
        assert _state(client, reverse("articles:index")) == (200, "hit")

    with time_machine.travel(start + timedelta(hours=1), tick=False):
        home = client.get(reverse("articles:index"))

    assert "Goes live at eleven" in home.text


def test_without_a_known_schedule_pages_are_kept_only_briefly(client, settings):
    settings.PAGE_CACHE_UNKNOWN_SCHEDULE_SECONDS = 60
    full_article()
    cache.delete(pagecache.SCHEDULE_KEY)
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert _state(client, "/") == (200, "miss")
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert _state(client, "/") == (200, "hit")
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _state(client, "/") == (200, "miss")


# --- Each worker's own memory ----------------------------------------------------------------


def test_the_workers_copy_is_rechecked_against_the_shared_generations(client, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1024 * 1024
    settings.PAGE_CACHE_LOCAL_CHECK_SECONDS = 0
    article = full_article()
    url = article.get_absolute_url()
    _warm(client, url)
    pagecache._local.clear()  # another worker stored it: this one starts empty
    cache_key = next(key for key in cache._cache if pagecache.PAGE_PREFIX in key)
    assert _state(client, url) == (200, "hit")  # fetched from the shared cache, remembered
    cache.delete(cache_key.split(":", 2)[2])  # the shared copy is gone (evicted, say)
    assert _state(client, url) == (200, "hit")  # served from the worker's memory

    pagecache.invalidate([f"article-{article.pk}"])

    assert _state(client, url) == (200, "miss")
    pagecache._local.clear()


def test_the_workers_copy_is_trusted_only_for_the_check_interval(client, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1024 * 1024
    settings.PAGE_CACHE_LOCAL_CHECK_SECONDS = 1
    article = full_article()
    url = article.get_absolute_url()
    start = datetime.now(UTC) + timedelta(minutes=5)
    with time_machine.travel(start, tick=False):
        _warm(client, url)
        pagecache.invalidate([f"article-{article.pk}"])
        assert _state(client, url) == (200, "hit")  # within the second: not yet re-checked
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        assert _state(client, url) == (200, "miss")
    pagecache._local.clear()


def test_a_re_pointed_credit_evicts_the_old_contributors_page_too(client, committed):
    article = full_article(headline="Unique Story Headline")
    credit = article.credits.order_by("order").first()
    old = credit.contributor
    CreditFactory(article=ArticleFactory(published=True), contributor=old)  # still has a page
    url = old.get_absolute_url()
    _warm(client, url)

    with committed():
        credit.contributor = ContributorFactory()
        credit.save()

    assert "Unique Story Headline" not in client.get(url).text


def test_moving_a_source_to_another_organisation_evicts_the_old_organisations_page(
    client, committed
):
    person = full_article().attributions.first().source
    url = person.affiliation.get_absolute_url()
    _warm(client, url)
    assert person.name in client.get(url).text

    with committed():
        person.affiliation = SourceFactory(kind="organization")
        person.save()

    assert person.name not in client.get(url).text


def test_junk_query_parameters_share_one_stored_page(client):
    article = full_article()
    home = reverse("articles:index")
    _warm(client, home)
    stored = len(cache._cache) if hasattr(cache, "_cache") else None

    for number in range(50):
        assert _state(client, f"{home}?utm_source=x{number}") == (200, "hit")
    assert _state(client, f"{article.get_absolute_url()}?fbclid=abc") == (200, "miss")
    assert _state(client, f"{article.get_absolute_url()}?fbclid=def") == (200, "hit")

    if stored is not None:  # local memory: count the entries themselves
        # and the tags of the topics and sources the page's Related block follows
        assert len(cache._cache) <= stored + 4 + len(related.related_tags(article, []))


def test_a_page_never_echoes_junk_parameters_into_its_links(client):
    for _ in range(21):
        ArticleFactory(published=True)

    page = client.get(reverse("articles:index"), {"utm_source": "<x>", "page": "1"}).text

    assert 'rel="next" href="?page=2"' in page
    assert "utm_source" not in page


def test_parameters_a_page_reads_still_make_different_pages(client):
    for number in range(21):
        ArticleFactory(published=True, headline=f"Story number {number}")
    home = reverse("articles:index")

    first, second = client.get(home), client.get(f"{home}?page=2&utm_source=x")
    again = client.get(f"{home}?utm_source=y&page=2")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
    assert again.content == second.content != first.content
    search = reverse("articles:search")
    assert _state(client, f"{search}?q=number") == (200, "miss")
    assert _state(client, f"{search}?q=story") == (200, "miss")
    assert _state(client, f"{search}?q=story&ref=mail") == (200, "hit")


def test_api_reads_ignore_junk_but_api_lists_refuse_it(client):
    article = full_article()
    detail = f"/api/v1/articles/{article.slug}/"

    assert _state(client, f"{detail}?utm_source=a") == (200, "miss")
    assert _state(client, f"{detail}?utm_source=b") == (200, "hit")
    assert _state(client, "/api/v1/articles/?utm_source=a")[0] == 400
    assert _state(client, "/api/v1/articles/?page_size=1") == (200, "miss")
    assert _state(client, "/api/v1/articles/?page_size=2") == (200, "miss")


def test_an_invalidation_the_cache_missed_empties_the_page_cache_once_it_answers(client, committed):
    article = full_article()
    bystander = full_article()
    _warm(client, article.get_absolute_url(), bystander.get_absolute_url())

    # Redis hung while an editor saved: the invalidation was not stored (set_many answers
    # with the keys it could not store, as the fail-open cache does).
    with (
        mock.patch.object(caches["default"], "set_many", lambda data, *a, **k: list(data)),
        committed(),
    ):
        article.headline = "Changed while the cache was away"
        article.save()

    # The cache answers again: no page from before the lost invalidation is served.
    assert _state(client, article.get_absolute_url()) == (200, "miss")
    assert "Changed while the cache was away" in client.get(article.get_absolute_url()).text
    assert _state(client, bystander.get_absolute_url()) == (200, "miss")
    assert not pagecache._invalidations_lost


def test_a_reader_page_must_declare_what_it_shows():
    from django.core.exceptions import ImproperlyConfigured
    from django.views.generic import TemplateView

    from newsroom.caching import reader_page

    class Undeclared(TemplateView):
        template_name = "base.html"

    with pytest.raises(ImproperlyConfigured, match="must declare the cache tags"):
        reader_page(Undeclared.as_view())
    with pytest.raises(ImproperlyConfigured, match="must declare the cache tags"):
        reader_page(lambda request: HttpResponse("x"))
    assert reader_page(Undeclared.as_view(), tags=("home",))


def test_tag_for_names_an_objects_pages():
    article, source = ArticleFactory(), SourceFactory()

    assert pagecache.tag_for(article) == f"article-{article.pk}"
    assert pagecache.tag_for(type(source), source.pk) == f"source-{source.pk}"


def test_a_bulk_update_evicts_the_pages_of_the_articles_it_changed(client, committed):
    article = full_article()
    bystander = full_article()
    _warm(
        client, article.get_absolute_url(), bystander.get_absolute_url(), reverse("articles:index")
    )

    with committed():
        Article.objects.filter(pk=article.pk).update(headline="Changed in bulk")

    assert _state(client, article.get_absolute_url()) == (200, "miss")
    assert "Changed in bulk" in client.get(reverse("articles:index")).text
    assert _state(client, bystander.get_absolute_url()) == (200, "hit")
