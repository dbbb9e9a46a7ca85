"""The article page's "Related" block (articles/related.py) and its share links (issue 17)."""

import html
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.models import Article
from newsroom.pagecache import tag_for
from sections.models import Section
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def _published(hours_ago: float, **kwargs) -> Article:
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=hours_ago),
        **kwargs,
    )


def _related_block(text: str) -> str:
    match = re.search(r'<aside class="related".*?</aside>', text, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def story_world():
    """A story with a topic, a section and a source; one story sharing each; stories sharing
    them that readers may not see; and one sharing nothing."""
    section = Section.objects.create(name="Ports", slug="ports")
    topic = TopicFactory(name="Harbours", slug="harbours")
    source = SourceFactory(name="Port Authority", slug="port-authority")

    story = _published(5, headline="The main story & more", section=section)
    story.topics.add(topic)
    AttributionFactory(article=story, source=source)

    by_topic = _published(1, headline="Shares the topic")
    by_topic.topics.add(topic)
    by_section = _published(2, headline="Shares the section", section=section)
    by_source = _published(3, headline="Shares the source")
    AttributionFactory(article=by_source, source=source)
    unrelated = _published(0.5, headline="Shares nothing")

    hidden = [
        ArticleFactory(headline="Quokka draft", status=Article.Status.DRAFT, section=section),
        ArticleFactory(
            headline="Quokka scheduled",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + HOUR,
            section=section,
        ),
        ArticleFactory(
            headline="Quokka trashed",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - HOUR,
            deleted_at=timezone.now(),
            section=section,
        ),
    ]
    for article in hidden:
        article.topics.add(topic)
        AttributionFactory(article=article, source=source)
    return story, [by_topic, by_section, by_source], unrelated, hidden


def test_related_lists_stories_sharing_a_topic_section_or_source_newest_first(client, story_world):
    story, related, unrelated, _ = story_world
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    block = _related_block(response.text)

    headlines = re.findall(r'<a href="[^"]+">([^<]+)</a>', block)
    assert headlines == ["Shares the topic", "Shares the section", "Shares the source"]
    for article in related:
        assert f'href="{article.get_absolute_url()}"' in block
    assert unrelated.headline not in block
    assert "Quokka" not in response.text  # no draft, scheduled or trashed story, anywhere
    assert "The main story" not in block  # never the story itself


def test_related_shows_at_most_four_and_each_story_once(client, story_world):
    story = story_world[0]
    # Shares all three with the story: still listed once.
    everything = _published(0.1, headline="Shares everything", section=story.section)
    everything.topics.add(*story.topics.all())
    AttributionFactory(article=everything, source=story.attributions.first().source)
    AttributionFactory(article=everything, source=story.attributions.first().source)
    _published(4, headline="Also in the section", section=story.section)

    block = _related_block(client.get(story.get_absolute_url()).text)

    headlines = re.findall(r'<a href="[^"]+">([^<]+)</a>', block)
    assert headlines == [
        "Shares everything",
        "Shares the topic",
        "Shares the section",
        "Shares the source",
    ]


def test_related_is_one_query_that_joins_nothing(story_world):
    """A join of the topics and attributions multiplies each candidate by its tags and
    quotes and needs a DISTINCT over them all (20 ms at 1,000 stories, worse with every
    quote a popular source gives): each shared thing is a semi-join (EXISTS) instead, so the
    newest stories are read in date order and the first four that share anything end it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.related import related_stories

    story = Article.objects.prefetch_related("topics", "attributions").get(pk=story_world[0].pk)
    with CaptureQueriesContext(connection) as captured:
        rows = related_stories(story)

    assert [row["headline"] for row in rows] == [
        "Shares the topic",
        "Shares the section",
        "Shares the source",
    ]
    assert len(captured) == 1
    sql = captured[0]["sql"].upper()
    assert " JOIN " not in sql
    assert "DISTINCT" not in sql
    assert sql.count("EXISTS") == 2


def test_a_story_sharing_nothing_has_no_related_block(client):
    _published(1, headline="Another story")
    story = _published(2, headline="Alone")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert 'class="related"' not in response.text


def test_the_page_declares_the_related_stories_and_shared_things_tags(client, story_world):
    story, related, unrelated, _ = story_world
    response = client.get(story.get_absolute_url())
    tags = response["Surrogate-Key"].split()
    for article in related:
        assert tag_for(article) in tags
    assert tag_for(unrelated) not in tags
    assert tag_for(story.topics.get()) in tags
    assert tag_for(story.attributions.get().source) in tags


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_a_related_story_edited_or_published_is_not_served_stale(
    client, story_world, page_cache, committed
):
    story, related, _, _ = story_world
    editor = staff_user("editor", username="ed")
    elsewhere = Section.objects.create(name="Elsewhere", slug="elsewhere")
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    with committed():
        related[0].headline = "A renamed headline"
        workflow.save_article(article=related[0], by=editor)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "A renamed headline" in _related_block(response.text)

    assert client.get(url)["X-Page-Cache"] == "hit"
    newcomer = ArticleFactory(headline="A new story on the topic", section=elsewhere)
    newcomer.topics.add(story.topics.get())
    CreditFactory(article=newcomer)
    with committed():
        workflow.publish(article=newcomer, by=editor)
    assert "A new story on the topic" in _related_block(client.get(url).text)


def test_share_links_are_present_encoded_and_safe(client, story_world):
    story, _, _, _ = story_world
    response = client.get(story.get_absolute_url())
    text = response.text
    url = "http://testserver" + story.get_absolute_url()
    u = quote(url, safe="")
    t = quote(story.headline, safe="")
    both = quote(f"{story.headline} {url}", safe="")
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)}
    expected = {
        f"mailto:?subject={t}&body={u}",
        f"https://x.com/intent/post?url={u}&text={t}",
        f"https://bsky.app/intent/compose?text={both}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        f"https://www.facebook.com/sharer/sharer.php?u={u}",
        f"https://wa.me/?text={both}",
    }
    assert expected <= hrefs
    assert "%26" in t  # the headline's "&" is encoded, not a new query parameter
    for label in ("Share on X", "Share on Bluesky", "Share on LinkedIn", "Share on Facebook"):
        assert re.search(rf'<a href="https://[^"]+" rel="noopener" aria-label="{label}">', text)
    assert 'aria-label="Share by e-mail"' in text
    # The copy button is hidden until share.js (deferred, not inline) shows it.
    assert re.search(r'<button type="button" class="share-copy" data-url="[^"]+" hidden>', text)
    assert re.search(r'<script src="[^"]*js/share\.js" defer></script>', text)
    assert "<script>" not in text
