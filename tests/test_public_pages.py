"""The home page and article page show published articles only, in constant queries."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from newsroom.seed import seed_story
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from tests.plans import on_postgres, plan_preferring_indexes

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
    with django_assert_num_queries(3):  # articles, credits+contributors, topics
        client.get(reverse("articles:index"))

    for _ in range(15):
        _published_with_extras(n_bylines=3, n_topics=5)
    with django_assert_num_queries(3):
        client.get(reverse("articles:index"))


def test_article_page_query_count_is_constant(client, django_assert_num_queries):
    small = _published_with_extras()
    big = _published_with_extras(n_bylines=4, n_topics=8)
    for _ in range(3):
        CorrectionFactory(article=big)

    for _ in range(5):
        AttributionFactory(article=big, source__affiliation=SourceFactory(kind="organization"))

    # The first reader of a version renders its parts and stores them (articles/parts.py):
    # the article with its stored parts, then the article for the page, credits+contributors,
    # topics, corrections and attributions+sources+affiliations, the newsroom's policies for
    # the JSON-LD publisher (trust/indicators.py, not in the cache here) and the stored row.
    # Every reader after that: the article with its parts, and the related stories
    # (articles/related.py: one query, whatever the story shares).
    from trust.indicators import forget

    for article in (small, big):
        forget()
        with django_assert_num_queries(9):
            assert client.get(article.get_absolute_url()).status_code == 200
        for _ in range(2):
            with django_assert_num_queries(2):
                assert client.get(article.get_absolute_url()).status_code == 200


def test_the_seeded_story_is_served(client):
    article, _ = seed_story()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    author_url = reverse("articles:contributor", args=["ted-hesson"])
    assert f'By <a class="author" rel="author" href="{author_url}">Ted Hesson</a>' in response.text
    assert "Reporting by Ted Hesson in Washington; Editing by Mica Rosenberg and Alistair Bell" in (
        response.text
    )
    assert "“I entirely hope the president’s campaign to carry on building this situation,”" in (
        response.text
    )


# --- The article page ------------------------------------------------------------------------


def test_article_page_links_byline_topics_and_shows_times(client):
    article = _published_with_extras(n_topics=2)
    author = article.byline[0].contributor

    response = client.get(article.get_absolute_url())

    assert f'href="{author.get_absolute_url()}">{author.name}</a>' in response.text
    for topic in article.topics.all():
        assert f'href="{topic.get_absolute_url()}" rel="tag">{topic.name}</a>' in response.text
    assert f'<time datetime="{article.published_at.isoformat()}">' in response.text
    assert response.text.count("<h1") == 1


def test_article_page_shows_updated_time_only_when_changed_after_publication(client):
    article = _published_with_extras()
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    assert "Updated" not in client.get(article.get_absolute_url()).text

    correction = CorrectionFactory(article=article, published_at=timezone.now())

    response = client.get(article.get_absolute_url())
    assert f'Updated <time datetime="{correction.published_at.isoformat()}">' in response.text


def test_article_without_corrections_has_no_corrections_box(client):
    article = _published_with_extras()

    assert 'class="corrections"' not in client.get(article.get_absolute_url()).text


def test_seeded_story_lists_every_source_with_what_they_said(client):
    article, _ = seed_story()
    attributions = list(article.attributions.select_related("source__affiliation"))
    sources = {attribution.source for attribution in attributions}
    assert (len(attributions), len(sources)) == (18, 12)

    response = client.get(article.get_absolute_url())
    panel = response.text.split('id="sources-heading"', 1)[1]

    assert "Sources in this story" in response.text
    # The 12 sources quoted, and through them the 4 organisations they speak for: 16 in all.
    linked = sources | {source.affiliation for source in sources if source.affiliation}
    assert len(linked) == 16
    for source in linked:
        assert f'<a href="{source.get_absolute_url()}">' in panel
    for attribution in attributions:
        assert escape(attribution.text) in panel
    unnamed = [source for source in sources if source.kind == "unnamed"]
    assert panel.count("Unnamed source") == len(unnamed) == 5
    # Chad Sublet is named: his role and organisation, not the unnamed label.
    sublet = panel.split('href="/sources/chad-sublet/"', 1)[1].split("</li>", 1)[0]
    assert "Unnamed source" not in sublet
    assert "Attorney for the city and county of Denver" in sublet


def test_direct_quotes_are_quoted_and_paraphrases_are_not(client):
    article = _published_with_extras()
    AttributionFactory(article=article, kind="direct_quote", text="We will win.")
    AttributionFactory(article=article, kind="paraphrase", text="the plan would work")

    text = client.get(article.get_absolute_url()).text

    assert "<blockquote><p>“We will win.”</p></blockquote>" in text
    assert "<p>the plan would work</p>" in text


# --- Topics ----------------------------------------------------------------------------------


def test_topic_index_counts_published_articles_only(client):
    topic = TopicFactory(name="Courts")
    for _ in range(2):
        ArticleFactory(published=True).topics.add(topic)
    ArticleFactory().topics.add(topic)  # a draft
    ArticleFactory().topics.add(TopicFactory(name="Only in drafts"))

    text = client.get(reverse("articles:topics")).text

    assert '<a href="/topics/' in text
    assert 'Courts</a> <span class="count">2 articles</span>' in text
    assert "Only in drafts" not in text


def test_topic_index_empty_state(client):
    assert "No topics yet" in client.get(reverse("articles:topics")).text


def test_topic_page_shows_description_and_its_published_articles(client):
    topic = TopicFactory(name="Courts", description="Judges and juries.")
    mine = ArticleFactory(published=True, headline="On topic")
    mine.topics.add(topic)
    ArticleFactory(published=True, headline="Off topic")

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assert "Courts</h1>" in response.text
    assert "Judges and juries." in response.text
    assert "On topic" in response.text
    assert "Off topic" not in response.text
    assert reverse("articles:topic_feed", args=[topic.slug]) in response.text


def test_a_topic_with_nothing_published_is_404_like_an_unknown_one(client):
    topic = TopicFactory()
    ArticleFactory(headline="Draft only").topics.add(topic)

    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:topic_feed", args=[topic.slug])).status_code == 404
    assert client.get(reverse("articles:topic", args=["no-such-topic"])).status_code == 404


def test_topic_page_paginates(client):
    topic = TopicFactory()
    for _ in range(21):
        ArticleFactory(published=True).topics.add(topic)

    first = client.get(topic.get_absolute_url())
    second = client.get(topic.get_absolute_url(), {"page": 2})

    assert first.text.count('class="teaser"') == 20
    assert second.text.count('class="teaser"') == 1
    assert 'rel="next" href="?page=2"' in first.text


# --- Contributors ----------------------------------------------------------------------------


def test_contributor_page_lists_their_published_articles_once(client):
    reporter = ContributorFactory(name="Ann Reporter", bio="Covers the courts.")
    article = ArticleFactory(published=True, headline="Her story")
    CreditFactory(article=article, contributor=reporter, role="byline")
    CreditFactory(article=article, contributor=reporter, role="reporting")
    CreditFactory(article=ArticleFactory(headline="Her draft"), contributor=reporter)

    response = client.get(reporter.get_absolute_url())

    assert response.status_code == 200
    assert "Ann Reporter</h1>" in response.text
    assert "Covers the courts." in response.text
    assert response.text.count("Her story</a>") == 1
    assert "Her draft" not in response.text


def test_contributor_with_no_published_work_has_no_public_page(client):
    reporter = ContributorFactory()
    CreditFactory(article=ArticleFactory(), contributor=reporter)

    assert client.get(reporter.get_absolute_url()).status_code == 404


# --- Sources ---------------------------------------------------------------------------------


def test_source_index_lists_public_sources_with_kind_and_role(client):
    seed_story()
    SourceFactory(name="Quoted only in a draft")

    response = client.get(reverse("sources:index"))

    assert response.status_code == 200
    assert "Chad Sublet" in response.text
    assert "A Denver official" in response.text
    # City of New York has no words of its own, but its spokeswoman does.
    assert "City of New York" in response.text
    assert "Quoted only in a draft" not in response.text


def test_source_index_empty_state(client):
    assert "No sources yet" in client.get(reverse("sources:index")).text


def test_source_page_shows_who_they_are_and_what_they_said(client):
    article, _ = seed_story()

    response = client.get(reverse("sources:detail", args=["kris-kobach"]))

    assert response.status_code == 200
    assert "Kris Kobach</h1>" in response.text
    assert "Republican immigration hardliner" in response.text
    assert f'<a href="{article.get_absolute_url()}">' in response.text
    assert "I entirely hope the president’s campaign" in response.text


def test_organisation_page_includes_those_speaking_for_it(client):
    seed_story()

    response = client.get(reverse("sources:detail", args=["city-of-new-york"]))

    assert response.status_code == 200
    assert 'For City of New York: <a href="/sources/new-york-city-spokeswoman/">' in response.text


def test_unnamed_source_page_says_it_is_unnamed(client):
    seed_story()

    response = client.get(reverse("sources:detail", args=["denver-official"]))

    assert "Unnamed source" in response.text
    assert "We did not name this source" in response.text
    assert '<a href="/sources/city-and-county-of-denver/">' in response.text


def test_source_known_only_from_drafts_is_404(client):
    attribution = AttributionFactory(article=ArticleFactory())

    assert client.get(attribution.source.get_absolute_url()).status_code == 404


# --- Errors, crawlers, health ----------------------------------------------------------------


def test_unknown_page_gets_the_custom_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found</h1>" in response.text
    assert 'role="search"' in response.text


def test_server_error_page_renders_without_the_database(rf, django_assert_num_queries):
    from newsroom.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong</h1>" in response.content.decode()


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Sitemap: http://testserver/news-sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_database_failure(client, monkeypatch):
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


# --- Query counts on every list page ---------------------------------------------------------


def _grow(n, topic, contributor, source):
    for _ in range(n):
        article = _published_with_extras(n_bylines=2, n_topics=3)
        article.topics.add(topic)
        CreditFactory(article=article, contributor=contributor, role="reporting")
        AttributionFactory(article=article, source=source)
        AttributionFactory(article=article, source__affiliation=source)


@pytest.mark.parametrize(
    ("url_for", "queries"),
    [
        # a page of articles (and one more), credits+contributors, topics: no count
        (lambda t, c, s: reverse("articles:index"), 3),
        # topics with published counts (one annotated query), count
        (lambda t, c, s: reverse("articles:topics"), 2),
        # topic, articles, credits, topics
        (lambda t, c, s: t.get_absolute_url(), 4),
        # contributor, articles, credits, topics
        (lambda t, c, s: c.get_absolute_url(), 4),
        # count, sources (with affiliation and attribution counts)
        (lambda t, c, s: reverse("sources:index"), 2),
        # source, the ids of it and those speaking for it, attributions+articles+speakers
        (lambda t, c, s: s.get_absolute_url(), 3),
    ],
    ids=["home", "topic-index", "topic", "contributor", "source-index", "source"],
)
def test_list_page_query_count_is_constant(client, django_assert_num_queries, url_for, queries):
    topic, contributor = TopicFactory(), ContributorFactory()
    source = SourceFactory(kind="organization")
    _grow(1, topic, contributor, source)
    url = url_for(topic, contributor, source)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    _grow(12, topic, contributor, source)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# --- HTTP caching ----------------------------------------------------------------------------


def test_anonymous_pages_are_publicly_cacheable_and_revalidate_with_304(client):
    article = _published_with_extras()
    for url in [reverse("articles:index"), article.get_absolute_url(), "/robots.txt"]:
        response = client.get(url)
        assert "public" in response["Cache-Control"], url
        assert "max-age=60" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url

        again = client.get(url, headers={"If-None-Match": response["ETag"]})

        assert again.status_code == 304, url
        assert again.content == b""
        assert "public" in again["Cache-Control"]


def test_article_page_answers_if_modified_since(client):
    article = _published_with_extras()
    response = client.get(article.get_absolute_url())

    again = client.get(
        article.get_absolute_url(), headers={"If-Modified-Since": response["Last-Modified"]}
    )

    assert again.status_code == 304


def test_a_correction_changes_the_article_etag(client):
    article = _published_with_extras()
    etag = client.get(article.get_absolute_url())["ETag"]
    CorrectionFactory(article=article)

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_logged_in_readers_never_get_publicly_cacheable_pages(client):
    article = _published_with_extras()
    staff = UserFactory(is_staff=True)
    staff.save()  # the factory sets the password without saving it; the session hashes it
    client.force_login(staff)

    for url in [reverse("articles:index"), article.get_absolute_url(), reverse("sitemap")]:
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


@on_postgres
def test_the_newest_page_is_read_off_the_public_order_index():
    _published_with_extras()

    plan = plan_preferring_indexes(Article.objects.published()[:20])

    assert "article_public_order" in plan
    assert "Sort" not in plan.split("article_public_order")[0]
