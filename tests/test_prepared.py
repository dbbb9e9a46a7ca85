"""newsroom/prepared.py: a query compiled once per process gives exactly the rows its queryset
gives, for new values and at a later time, and refuses what it cannot do safely."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from articles import parts, related
from articles.models import Article
from newsroom import prepared
from newsroom.prepared import Prepared
from sections.models import Section
from sections.navigation import _in_print
from tests.api import full_article
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _headlines(prepared_query, **values) -> list[str]:
    return [row["headline"] for row in prepared_query(**values)]


def test_a_prepared_query_gives_the_querysets_rows_for_any_values():
    for n in range(5):
        ArticleFactory(published=True, headline=f"Story {n}")
    query = Prepared(
        Article,
        lambda pks, now: (
            Article.objects.published(at=now)
            .filter(pk__in=pks)
            .order_by("headline")
            .values("pk", "headline", "published_at")
        ),
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))

    for chosen in ([ids[0], ids[3]], [ids[1], ids[2]], [ids[4], ids[0]]):
        now = timezone.now()
        expected = list(
            Article.objects.published(at=now)
            .filter(pk__in=chosen)
            .order_by("headline")
            .values("pk", "headline", "published_at")
        )
        assert query(pks=chosen, now=now) == expected
    assert len(query._plans) == 1  # one shape, compiled once
    assert next(iter(query._plans.values())) is not prepared._REFUSED


def test_the_time_is_a_value_so_a_schedule_still_lifts_on_time():
    later = timezone.now() + timedelta(hours=1)
    scheduled = ArticleFactory(published=True, published_at=later, headline="At noon")

    assert parts.find(scheduled.slug) is None
    with time_machine.travel(later + timedelta(seconds=1)):
        found = parts.find(scheduled.slug)
    assert found is not None
    assert found.headline == "At noon"


def test_an_embargo_hides_the_story_from_the_prepared_lookup_until_it_lifts():
    story = full_article()
    assert parts.find(story.slug) is not None
    lifts = timezone.now() + timedelta(hours=2)
    Article.objects.filter(pk=story.pk).update(embargoed_until=lifts)

    assert parts.find(story.slug) is None
    with time_machine.travel(lifts + timedelta(seconds=1)):
        assert parts.find(story.slug) is not None


def test_the_headers_sections_follow_the_stories_in_print():
    world = Section.objects.create(name="World", slug="world")
    Section.objects.create(name="Empty", slug="empty")
    later = timezone.now() + timedelta(hours=1)
    ArticleFactory(published=True, published_at=later, section=world)

    assert _in_print(now=timezone.now()) == []
    rows = _in_print(now=later + timedelta(seconds=1))
    assert [row["name"] for row in rows] == ["World"]
    assert rows == list(
        Section.objects.in_print(at=later + timedelta(seconds=1))
        .top_level()
        .values("pk", "name", "slug")
    )


def test_the_related_block_matches_its_queryset_in_every_shape():
    topic, other = TopicFactory(), TopicFactory()
    story = full_article()
    story.topics.add(topic)
    sharing = [ArticleFactory(published=True) for _ in range(6)]
    for n, article in enumerate(sharing):
        article.topics.add(topic if n % 2 else other)
    source = story.attributions.first().source_id
    shapes = [
        ([topic.pk], []),
        ([topic.pk, other.pk], []),
        ([topic.pk], [source]),
        ([], [source]),
    ]
    for topics, sources in shapes:
        got = related.related_stories(story, ids=(topics, sources))  # prepared
        assert [row["pk"] for row in got] == _by_queryset(story, topics, sources)
    assert prepared._REFUSED not in related._related._plans.values()


def _by_queryset(story, topics, sources) -> list[int]:
    values = {"topics": topics} if topics else {}
    if sources:
        values["sources"] = sources
    if story.section_id:
        values["section"] = story.section_id
    rows = related._candidates(pk=story.pk, now=timezone.now(), **values)
    found = {row["pk"]: row for row in rows}.values()
    newest = sorted(found, key=lambda row: (row["published_at"], row["pk"]), reverse=True)
    return [row["pk"] for row in newest][: related.LIMIT]


def test_a_value_that_changes_the_sql_is_refused_and_run_as_a_queryset():
    ArticleFactory(published=True, headline="Has a dek", dek="A dek")
    ArticleFactory(published=True, headline="No dek", dek="")
    query = Prepared(
        Article,
        lambda dek: Article.objects.filter(Q(dek=dek) if dek else Q(dek="")).values("headline"),
    )

    assert _headlines(query, dek="A dek") == ["Has a dek"]
    assert _headlines(query, dek="") == ["No dek"]


def test_a_parameter_made_from_a_value_is_refused_and_run_as_a_queryset():
    ArticleFactory(published=True, headline="Harbour reopens")
    ArticleFactory(published=True, headline="Budget passes")
    query = Prepared(
        Article, lambda word: Article.objects.filter(headline__icontains=word).values("headline")
    )

    assert _headlines(query, word="harbour") == ["Harbour reopens"]
    assert next(iter(query._plans.values())) is prepared._REFUSED
    assert _headlines(query, word="budget") == ["Budget passes"]


def test_in_lists_are_padded_to_few_shapes_and_the_plans_are_bounded(monkeypatch):
    stories = [ArticleFactory(published=True, headline=f"Story {n}") for n in range(7)]
    query = Prepared(
        Article,
        lambda pks: Article.objects.filter(pk__in=pks).order_by("pk").values("headline"),
        in_lists=True,
    )
    for size in (5, 6, 7):  # all padded to 8
        chosen = [story.pk for story in stories[:size]]
        assert _headlines(query, pks=chosen) == [f"Story {n}" for n in range(size)]
    assert len(query._plans) == 1

    monkeypatch.setattr(prepared, "MAX_PLANS", 1)
    assert _headlines(query, pks=[stories[0].pk]) == ["Story 0"]  # a new shape, not kept
    assert len(query._plans) == 1
