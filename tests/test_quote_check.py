"""The writing desk's inline quote check: the JSON endpoint the side panel asks about the body as
typed, and the attributions the panel accepts, applied when the desk's form is saved."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.models import Source
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    SourceFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/quote-check/"

BODY = (
    "“Nobody saw this coming at all.”\n\n"
    "The city will appeal, officials said.\n\n"
    "“We will appeal this ruling,” said Ana Ortiz, a lawyer for the city of Denver.\n\n"
    "A Denver official said the city had not complied."
)


@pytest.fixture
def editor():
    return staff_user("editor")


@pytest.fixture
def reporter():
    return staff_user("reporter")


def _check(client, body=BODY, **fields):
    return client.post(URL, {"body": body, **fields})


def _quotes(response):
    assert response.status_code == 200, response.content
    return {quote["text"]: quote for quote in response.json()["quotes"]}


# --- The contract ----------------------------------------------------------------------------


def test_the_url_is_named_and_registered_on_the_article_admin():
    assert reverse("admin:articles_article_quote_check") == URL


def test_every_quote_and_claim_the_extractor_finds_is_listed_with_its_speaker(client, editor):
    client.force_login(editor)

    response = _check(client)

    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"quotes", "attributed"}
    assert data["attributed"] == []
    quotes = data["quotes"]
    assert [q["paragraph"] for q in quotes] == [0, 1, 2, 3]
    ortiz = quotes[2]
    assert set(ortiz) == {
        "key",
        "paragraph",
        "text",
        "kind",
        "verb",
        "speaker",
        "speaker_kind",
        "title",
        "affiliation",
        "source",
        "needs_affiliation",
        "reason",
    }
    assert ortiz | {"key": ""} == {
        "key": "",
        "paragraph": 2,
        "text": "We will appeal this ruling",
        "kind": "direct_quote",
        "verb": "said",
        "speaker": "Ana Ortiz",
        "speaker_kind": "person",
        "title": "lawyer for the city of Denver",
        "affiliation": "",
        "source": None,
        "needs_affiliation": False,
        "reason": "quote, then “said Ana Ortiz”; a named person",
    }
    assert quotes[1]["kind"] == "paraphrase"


def test_the_key_is_stable_and_differs_from_quote_to_quote(client, editor):
    client.force_login(editor)

    first = [q["key"] for q in _check(client).json()["quotes"]]
    again = [q["key"] for q in _check(client, "Intro.\n\n" + BODY).json()["quotes"]]

    assert first == [q["key"] for q in _check(client).json()["quotes"]]
    assert len(set(first)) == len(first)
    assert all(isinstance(key, str) and key for key in first)
    assert set(first).isdisjoint(again)  # a quote's paragraph is part of its identity


def test_a_quote_with_no_identifiable_speaker_is_listed_with_no_speaker(client, editor):
    client.force_login(editor)

    nobody = _quotes(_check(client))["Nobody saw this coming at all."]

    assert (nobody["speaker"], nobody["speaker_kind"], nobody["kind"]) == ("", "", "direct_quote")
    assert nobody["source"] is None
    assert nobody["needs_affiliation"] is False
    assert nobody["reason"]


def test_an_unnamed_source_without_an_affiliation_needs_one(client, editor):
    client.force_login(editor)

    quotes = _quotes(_check(client))

    officials = quotes["The city will appeal"]
    assert (officials["speaker_kind"], officials["affiliation"]) == ("unnamed", "")
    assert officials["needs_affiliation"] is True
    denver = quotes["the city had not complied"]
    assert (denver["speaker_kind"], denver["affiliation"]) == ("unnamed", "Denver")
    assert denver["needs_affiliation"] is False


def test_the_source_a_speaker_would_be_matched_to_is_given_under_the_affiliation_rule(
    client, editor
):
    ortiz = SourceFactory(name="Ana Ortiz", kind="person")
    city = SourceFactory(name="City of Denver", kind="organization")
    SourceFactory(name="officials", kind="unnamed", affiliation=city)
    denver = SourceFactory(name="Denver", kind="organization")
    denver_official = SourceFactory(name="A Denver official", kind="unnamed", affiliation=denver)
    client.force_login(editor)

    quotes = _quotes(_check(client))

    assert quotes["We will appeal this ruling"]["source"] == {
        "id": ortiz.pk,
        "name": "Ana Ortiz",
        "url": reverse("admin:sources_source_change", args=[ortiz.pk]),
    }
    assert quotes["The city will appeal"]["source"] is None  # another story's officials
    assert quotes["the city had not complied"]["source"]["id"] == denver_official.pk


def test_quotes_the_stored_attributions_cover_are_left_out_and_those_are_listed(client, editor):
    article = ArticleFactory(body=BODY, created_by=editor)
    ortiz = SourceFactory(name="Ana Ortiz", kind="person")
    AttributionFactory(
        article=article,
        source=ortiz,
        kind="direct_quote",
        text="We will appeal this ruling,",
        paragraph=2,
    )
    client.force_login(editor)

    data = _check(client, article=article.pk).json()

    assert "We will appeal this ruling" not in {q["text"] for q in data["quotes"]}
    assert len(data["quotes"]) == 3
    assert data["attributed"] == [
        {
            "source": "Ana Ortiz",
            "kind": "direct_quote",
            "text": "We will appeal this ruling,",
            "paragraph": 2,
        }
    ]


def test_the_body_posted_is_checked_not_the_one_saved(client, editor):
    article = ArticleFactory(body="Nothing quoted yet.", created_by=editor)
    client.force_login(editor)

    quotes = _quotes(_check(client, article=article.pk))

    assert "We will appeal this ruling" in quotes


def test_nothing_is_written(client, editor):
    article = ArticleFactory(body=BODY, created_by=editor)
    client.force_login(editor)

    with CaptureQueriesContext(connection) as queries:
        _check(client, article=article.pk)

    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert [sql for sql in writes if "django_session" not in sql] == []
    article.refresh_from_db()
    assert article.version == 1
    assert not Source.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_quotes(
    client, editor, django_assert_num_queries
):
    SourceFactory(name="Ana Ortiz", kind="person")
    article = ArticleFactory(body="", created_by=editor)
    AttributionFactory(article=article, text="Something else", paragraph=9)
    client.force_login(editor)

    def body(count):
        return "\n\n".join(
            f"“We will appeal ruling number {n},” said Ana Ortiz." for n in range(count)
        )

    _check(client, body(1), article=article.pk)  # the session and permissions, cached
    with CaptureQueriesContext(connection) as one:
        assert len(_check(client, body(1), article=article.pk).json()["quotes"]) == 1
    with django_assert_num_queries(len(one)):
        assert len(_check(client, body(5), article=article.pk).json()["quotes"]) == 5


# --- Who may ask, and what is refused ----------------------------------------------------


def test_anonymous_is_sent_to_log_in_and_staff_without_articles_is_refused(client):
    response = _check(client)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

    client.force_login(UserFactory(username="clerk", is_staff=True))
    refused = _check(client)
    assert refused.status_code == 403
    assert "error" in refused.json()


def test_a_reporter_may_check_their_own_story_and_a_new_one(client, reporter):
    own = ArticleFactory(body=BODY, created_by=reporter)
    client.force_login(reporter)

    assert len(_quotes(_check(client, article=own.pk))) == 4
    assert len(_quotes(_check(client))) == 4


def test_another_reporters_story_or_none_at_all_is_a_404(client, reporter):
    other = staff_user("reporter", username="other-reporter")
    theirs = ArticleFactory(body=BODY, created_by=other)
    client.force_login(reporter)

    for article in (theirs.pk, 987654):
        response = _check(client, article=article)
        assert response.status_code == 404
        assert "error" in response.json()


@pytest.mark.parametrize("article", ["abc", "-1", "1.5", "9" * 40])
def test_a_tampered_article_id_is_a_400(client, editor, article):
    client.force_login(editor)

    response = _check(client, article=article)

    assert response.status_code == 400
    assert "error" in response.json()


def test_a_get_is_refused_with_json(client, editor):
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 405
    assert "error" in response.json()


def test_a_body_over_the_limit_is_a_400(client, editor):
    from sources.quotecheck import MAX_BODY

    client.force_login(editor)

    assert _check(client, "x" * MAX_BODY).status_code == 200
    response = _check(client, "x" * (MAX_BODY + 1))

    assert response.status_code == 400
    assert "error" in response.json()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_request_larger_than_django_reads_is_a_400_too(client, editor):
    client.force_login(editor)

    response = _check(client, "word " * 1000)

    assert response.status_code == 400
    assert "error" in response.json()


def test_csrf_is_enforced_and_the_header_is_enough(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(reverse("admin:articles_article_add"))
    token = client.cookies["csrftoken"].value

    assert client.post(URL, {"body": BODY}).status_code == 403
    response = client.post(URL, {"body": BODY}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_the_add_and_the_change_form_know_the_quote_checks_address(client, editor):
    article = ArticleFactory(body=BODY, created_by=editor)
    client.force_login(editor)

    for url in (
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
    ):
        page = client.get(url)
        assert page.context["quote_check_url"] == URL
