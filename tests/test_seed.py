"""The seeded Reuters story: imported through the ingest, with the newsroom's editorial data."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, Contributor, Credit, Topic
from newsroom.seed import seed_story
from sources.models import Attribution, Source

pytestmark = pytest.mark.django_db

SLUG = "ice-subpoenas-sanctuary-jurisdictions"


@pytest.fixture
def article():
    article, created = seed_story()
    assert created
    return article


def test_seed_publishes_the_story_with_our_headline_and_metadata(article):
    assert Article.objects.published().get() == article
    assert article.slug == SLUG
    assert article.headline.startswith("Trump administration turns to subpoenas")
    assert article.dek
    assert article.dateline == "WASHINGTON"
    assert article.provider == "Reuters"
    assert article.published_at == datetime(2020, 2, 25, 12, tzinfo=UTC)
    assert "<h2>POLITICAL Assaults?</h2>" in article.body_html


def test_seed_credits(article):
    credits = [(c.contributor.name, c.role, c.place) for c in article.credits.all()]

    assert credits == [
        ("Ted Hesson", Credit.Role.BYLINE, ""),
        ("Ted Hesson", Credit.Role.REPORTING, "Washington"),
        ("Mica Rosenberg", Credit.Role.EDITING, ""),
        ("Alistair Bell", Credit.Role.EDITING, ""),
    ]
    assert [c.contributor.name for c in article.byline] == ["Ted Hesson"]


def test_seed_topics(article):
    names = set(article.topics.names())

    assert {
        "Immigration",
        "Sanctuary jurisdictions",
        "Immigration and Customs Enforcement",
    } <= names
    assert all(topic.description for topic in Topic.objects.all())


def test_seed_every_attribution_is_found_verbatim_in_its_paragraph(article):
    blocks = article.body.split("\n\n")

    assert article.attributions.count() >= 15
    for attribution in article.attributions.select_related("source"):
        assert attribution.text in blocks[attribution.paragraph], attribution
        assert attribution.verb in blocks[attribution.paragraph], attribution


def test_seed_three_direct_quotes_are_kobach_guttentag_and_sublet(article):
    quotes = article.attributions.filter(kind=Attribution.Kind.DIRECT_QUOTE).select_related(
        "source"
    )

    assert [(q.source.name, q.verb, q.paragraph) for q in quotes] == [
        ("Kris Kobach", "informed Reuters", 10),
        ("Lucas Guttentag", "said", 17),
        ("Chad Sublet", "wrote", 20),
    ]


def test_seed_sources_have_titles_and_unnamed_sources_have_affiliations(article):
    sublet = Source.objects.get(slug="chad-sublet")
    assert sublet.title == "attorney for the city and county of Denver"
    assert sublet.affiliation.name == "City and County of Denver"

    unnamed = Source.objects.filter(kind=Source.Kind.UNNAMED)
    assert {source.name for source in unnamed} >= {"A Denver official", "An ICE spokeswoman"}
    assert all(source.affiliation_id for source in unnamed)
    assert not Source.objects.filter(attributions__isnull=True, members__isnull=True).exists()


def test_seeding_again_changes_nothing(article):
    counts = [
        model.objects.count()
        for model in (Article, Credit, Contributor, Topic, Source, Attribution)
    ]
    updated_at = article.updated_at

    call_command("seed")
    call_command("seed")

    assert [
        model.objects.count()
        for model in (Article, Credit, Contributor, Topic, Source, Attribution)
    ] == counts
    assert Article.objects.get().updated_at == updated_at


def test_seeding_never_overwrites_the_desks_edits(article):
    article.headline = "A headline the desk rewrote"
    article.save()

    call_command("seed")

    assert Article.objects.get().headline == "A headline the desk rewrote"


def test_the_seeded_story_has_a_revision_with_its_inlines(article):
    revision = Version.objects.get_for_object(article).get().revision

    assert revision.get_comment() == "Seeded with the newsroom's editorial data"
    models = {version.content_type.model for version in revision.version_set.all()}
    assert {"article", "credit", "attribution", "taggedarticle"} <= models
