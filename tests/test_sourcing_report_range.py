"""The sourcing report opens on a range that has stories (all time: from the first published
story to today) and offers quick ranges as links, each of which works, as CSV too. Dates it
cannot use are a message on the form, never a server error."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

URL = "admin:sources_source_report"


@pytest.fixture
def editor_client(client):
    client.force_login(staff_user("editor", username="ed"))
    return client


def _published(days_ago, headline):
    article = ArticleFactory(
        status="published",
        published_at=timezone.now() - timedelta(days=days_ago),
        headline=headline,
    )
    AttributionFactory(article=article, source=SourceFactory(name=f"Source of {headline}"))
    return article


@pytest.fixture
def stories():
    """One story in each span the quick ranges tell apart."""
    return {
        "two years ago": _published(730, "Two years ago"),
        "sixty days ago": _published(60, "Sixty days ago"),
        "twenty days ago": _published(20, "Twenty days ago"),
        "yesterday": _published(1, "Yesterday"),
    }


def _quick_links(html):
    """{label: href} of the quick-range links."""
    nav = re.search(r'<nav class="quick-ranges"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the report offers no quick ranges"
    return {
        label.strip(): unescape(href)
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))
    }


def _csv_headlines(response):
    """The CSV's first row, and the headlines its sources table names (each story has a
    source of its own)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    start = rows.index(["Source", "Kind", "Title", "Affiliation", "Attributions", "Articles"])
    sources = rows[start + 1 : rows.index([], start)]
    return rows[0], {row[0].removeprefix("Source of ") for row in sources}


def test_with_no_query_string_the_report_covers_all_time(stories, editor_client):
    response = editor_client.get(reverse(URL))

    assert response.status_code == 200
    assert "Source of Two years ago" in response.text
    assert "Source of Yesterday" in response.text
    assert "4 published articles" in response.text
    first = timezone.localdate(stories["two years ago"].published_at)
    assert f'value="{first.isoformat()}"' in response.text
    assert f'value="{timezone.localdate().isoformat()}"' in response.text


def test_all_time_with_no_stories_is_today_alone(editor_client):
    response = editor_client.get(reverse(URL))

    assert response.status_code == 200
    assert "0 published articles" in response.text


def test_quick_ranges_are_links_and_all_time_is_current_on_a_first_visit(editor_client):
    response = editor_client.get(reverse(URL))

    links = _quick_links(response.text)
    assert list(links) == ["Last 7 days", "Last 30 days", "Last 90 days", "This year", "All time"]
    assert re.search(r'<a href="[^"]*range=all"[^>]*aria-current="true"', response.text)


EXPECTED = {
    "Last 7 days": {"Yesterday"},
    "Last 30 days": {"Yesterday", "Twenty days ago"},
    "Last 90 days": {"Yesterday", "Twenty days ago", "Sixty days ago"},
    "All time": {"Yesterday", "Twenty days ago", "Sixty days ago", "Two years ago"},
}


@pytest.mark.parametrize("label", [*EXPECTED, "This year"])
def test_each_quick_range_works_on_the_page_and_as_csv(stories, editor_client, label):
    today = timezone.localdate()
    if label == "This year":
        expected = {
            article.headline
            for article in stories.values()
            if timezone.localdate(article.published_at).year == today.year
        }
    else:
        expected = EXPECTED[label]
    href = _quick_links(editor_client.get(reverse(URL)).text)[label]

    page = editor_client.get(reverse(URL) + href)
    assert page.status_code == 200
    assert re.search(rf'<a href="{re.escape(href)}"[^>]*aria-current="true"', page.text)
    for article in stories.values():
        assert (f"Source of {article.headline}" in page.text) == (article.headline in expected)

    csv_href = unescape(re.search(r'<a href="([^"]+format=csv)"', page.text).group(1))
    header, headlines = _csv_headlines(editor_client.get(reverse(URL) + csv_href))
    assert headlines == expected
    assert header[2] == today.isoformat()


def test_quick_ranges_keep_the_chosen_topic(stories, editor_client):
    courts = TopicFactory(name="Courts", slug="courts")
    stories["yesterday"].topics.add(courts)

    page = editor_client.get(reverse(URL), {"topic": "courts"})
    links = _quick_links(page.text)

    assert all("topic=courts" in href for href in links.values())
    followed = editor_client.get(reverse(URL) + links["Last 90 days"])
    assert "1 published article " in followed.text
    assert "on Courts" in followed.text


def test_typed_dates_still_choose_the_range(stories, editor_client):
    today = timezone.localdate()
    response = editor_client.get(
        reverse(URL),
        {"start": (today - timedelta(days=70)).isoformat(), "end": (today - timedelta(days=10))},
    )

    assert "Source of Sixty days ago" in response.text
    assert "Source of Twenty days ago" in response.text
    assert "Source of Yesterday" not in response.text
    assert "Source of Two years ago" not in response.text


def test_an_open_ended_range_runs_from_the_first_story_or_to_today(stories, editor_client):
    today = timezone.localdate()

    since = editor_client.get(reverse(URL), {"start": (today - timedelta(days=30)).isoformat()})
    until = editor_client.get(reverse(URL), {"end": (today - timedelta(days=30)).isoformat()})

    assert "2 published articles" in since.text
    assert "2 published articles" in until.text
    assert "Source of Two years ago" in until.text


def test_a_long_typed_range_counts_from_the_first_story(stories, editor_client):
    # Nothing was published before the first story, so a start long before it is no wider.
    response = editor_client.get(reverse(URL), {"start": "1900-01-01"})

    assert "4 published articles" in response.text


def test_more_than_ten_years_of_stories_is_all_time_or_a_message(stories, editor_client):
    _published(12 * 366, "Twelve years ago")

    typed = editor_client.get(reverse(URL), {"start": "1900-01-01"})
    everything = editor_client.get(reverse(URL), {"range": "all"})

    assert "Choose a range of at most ten years" in typed.text
    assert "5 published articles" in everything.text


@pytest.mark.parametrize(
    "query",
    [
        {"start": "yesterday"},
        {"start": "2026-02-30", "end": "2026-03-01"},
        {"end": "99999-01-01"},
        {"start": "2026-02-01", "end": "2026-01-01"},
        {"range": "forever"},
        {"start": "1e9", "end": "x"},
    ],
)
@pytest.mark.parametrize("as_csv", [False, True])
def test_dates_it_cannot_use_are_a_form_error_not_a_500(stories, editor_client, query, as_csv):
    response = editor_client.get(reverse(URL), {**query, **({"format": "csv"} if as_csv else {})})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'class="errorlist' in response.text
    assert "published articles from" not in response.text
