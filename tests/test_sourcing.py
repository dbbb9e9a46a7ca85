"""Source integrity: the per-article sourcing summary and the editors' sourcing report."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.seed import seed_story
from sources.reports import sourcing_report
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def test_seed_sourcing_summary():
    article, _ = seed_story()

    assert article.sourcing_summary() == {
        "named_people": 5,  # Kobach, Barr, Guttentag, Sublet, Gore
        "named_organizations": 2,  # ICE, the San Diego sheriff's department
        "unnamed_sources": 5,
        "direct_quotes": 3,
        "documents": 0,
    }


def _published(days_ago, **kwargs):
    return ArticleFactory(
        status="published", published_at=timezone.now() - timedelta(days=days_ago), **kwargs
    )


@pytest.fixture
def corpus():
    official = SourceFactory(name="A Denver official", kind="unnamed")
    mayor = SourceFactory(name="Mayor Jane Doe", kind="person")
    courts = TopicFactory(name="Courts")
    named = _published(3, headline="Mayor speaks")
    named.topics.add(courts)
    AttributionFactory(article=named, source=mayor)
    AttributionFactory(article=named, source=mayor)
    anonymous_only = _published(2, headline="Officials whisper")
    AttributionFactory(article=anonymous_only, source=official)
    _published(1, headline="Nobody quoted")
    draft = ArticleFactory(headline="Draft with sources")
    AttributionFactory(article=draft, source=official)
    return {"official": official, "mayor": mayor, "courts": courts}


def test_report_ranks_sources_and_lists_stories_without_named_sources(
    corpus, django_assert_num_queries
):
    today = timezone.localdate()

    with django_assert_num_queries(4):
        report = sourcing_report(start=today - timedelta(days=30), end=today)

    assert report.article_count == 3
    assert [(s.name, s.quote_count, s.article_count) for s in report.top_sources] == [
        ("Mayor Jane Doe", 2, 1),
        ("A Denver official", 1, 1),
    ]
    assert {a.headline for a in report.without_named_source} == {
        "Officials whisper",
        "Nobody quoted",
    }
    assert sum(p.total for p in report.unnamed_share) == 3
    assert sum(p.unnamed for p in report.unnamed_share) == 1


def test_report_by_topic(corpus):
    today = timezone.localdate()

    report = sourcing_report(start=today - timedelta(days=30), end=today, topic=corpus["courts"])

    assert report.article_count == 1
    assert [s.name for s in report.top_sources] == ["Mayor Jane Doe"]
    assert report.without_named_source == []


@pytest.fixture
def editor_client(client):
    client.force_login(staff_user("editor", username="ed"))
    return client


def test_report_page_draws_an_svg_chart_and_offers_csv(corpus, editor_client):
    url = reverse("admin:sources_source_report")

    response = editor_client.get(url)

    assert response.status_code == 200
    assert "<svg" in response.text
    assert "Mayor Jane Doe" in response.text
    assert "Officials whisper" in response.text
    assert "Draft with sources" not in response.text
    assert "format=csv" in response.text


def test_report_csv_neutralises_formulas(corpus, editor_client):
    SourceFactory(name="=HYPERLINK(evil)", kind="person")
    AttributionFactory(
        article=_published(1, headline="+cmd|' /C calc'!A0"),
        source=SourceFactory(name="@SUM(1)", kind="unnamed"),
    )
    today = timezone.localdate()

    response = editor_client.get(
        reverse("admin:sources_source_report"),
        {
            "start": (today - timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "format": "csv",
        },
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert "'@SUM(1)" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_report_refuses_a_backwards_range_with_a_message(editor_client):
    response = editor_client.get(
        reverse("admin:sources_source_report"), {"start": "2026-02-01", "end": "2026-01-01"}
    )

    assert response.status_code == 200
    assert "The start date must be on or before the end date." in response.text


def test_report_is_for_staff_only(client):
    response = client.get(reverse("admin:sources_source_report"))

    assert response.status_code == 302


def test_sourcing_summary_is_on_the_article_page_and_in_the_desk(client, editor_client):
    article, _ = seed_story()

    page = client.get(article.get_absolute_url())
    desk = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    expected = "5 named people, 2 named organisations, 5 unnamed sources; 3 direct quotes."
    assert expected in page.text
    assert "5 named people, 2 named organisations, 5 unnamed sources; 3 direct quotes" in desk.text


def test_sourcing_summary_is_in_the_api(client):
    article, _ = seed_story()

    data = client.get(f"/api/v1/articles/{article.slug}/").json()

    assert data["sourcing"] == article.sourcing_summary()
