"""The writing desk's inline quote check: the JSON endpoint the side panel asks about the body as
typed, and the attributions the panel accepts, applied when the desk's form is saved."""

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from sources.models import Attribution, Source
from tests.desk import article_form
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
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


# --- Accepting from the panel: applied when the desk's form is saved --------------------------

QUOTED = "“We will appeal this ruling,” said Ana Ortiz, a lawyer for the city of Denver."
ADD = "/admin/articles/article/add/"


def _item(**changes):
    return {
        "speaker": "Ana Ortiz",
        "speaker_kind": "person",
        "title": "lawyer for the city of Denver",
        "affiliation": "",
        "kind": "direct_quote",
        "text": "We will appeal this ruling",
        "verb": "said",
        "paragraph": 0,
    } | changes


def _accepting(*items, article=None, **overrides):
    data = article_form(article, **({"body": QUOTED} | overrides))
    return data | {"accepted_attributions": json.dumps(list(items))}


def _byline(contributor):
    return {
        "credits-TOTAL_FORMS": "1",
        "credits-0-contributor": str(contributor.pk),
        "credits-0-role": "byline",
        "credits-0-role_label": "",
        "credits-0-place": "",
        "credits-0-order": "0",
    }


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _saved(response):
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )


def test_the_add_form_applies_an_accepted_attribution_making_its_source(client, editor):
    client.force_login(editor)

    _saved(client.post(ADD, _accepting(_item())))

    article = Article.objects.get(slug="a-new-story")
    attribution = article.attributions.get()
    assert (attribution.text, attribution.verb, attribution.paragraph) == (
        "We will appeal this ruling",
        "said",
        0,
    )
    assert (attribution.source.name, attribution.source.kind, attribution.source.title) == (
        "Ana Ortiz",
        "person",
        "lawyer for the city of Denver",
    )
    assert article.version == 1
    revision = Version.objects.get_for_object(article).get().revision
    assert "attribution" in {v.content_type.model for v in revision.version_set.all()}


def test_the_change_form_matches_an_existing_source_in_the_same_revision(client, editor):
    ortiz = SourceFactory(name="Ana Ortiz", kind="person")
    article = ArticleFactory(body=QUOTED, created_by=editor)
    client.force_login(editor)

    _saved(client.post(_change(article), _accepting(_item(), article=article)))

    assert article.attributions.get().source == ortiz
    assert Source.objects.count() == 1
    article.refresh_from_db()
    assert article.version == 2
    assert Version.objects.get_for_object(article).count() == 1


def test_an_accepted_item_may_name_the_source_by_id(client, editor):
    chosen = SourceFactory(name="Ana M. Ortiz", kind="person")
    article = ArticleFactory(body=QUOTED, created_by=editor)
    client.force_login(editor)

    item = _item(speaker="", speaker_kind="", source=chosen.pk)
    _saved(client.post(_change(article), _accepting(item, article=article)))

    assert article.attributions.get().source == chosen


def test_an_unnamed_source_gets_its_affiliation_made_or_found(client, editor):
    denver = SourceFactory(name="Denver", kind="organization")
    client.force_login(editor)
    items = [
        _item(speaker="a Denver official", speaker_kind="unnamed", title="", affiliation="Denver"),
        _item(
            speaker="a harbour official",
            speaker_kind="unnamed",
            title="",
            affiliation="Port of Oslo",
            text="We will not go back",
            paragraph=1,
        ),
    ]

    _saved(client.post(ADD, _accepting(*items, body=QUOTED + "\n\n“We will not go back.”")))

    official, harbour = Article.objects.get(slug="a-new-story").attributions.all()
    assert (official.source.kind, official.source.affiliation) == ("unnamed", denver)
    assert harbour.source.affiliation.name == "Port of Oslo"
    assert harbour.source.affiliation.kind == "organization"


def test_two_quotes_by_a_new_speaker_make_one_source(client, editor):
    client.force_login(editor)
    second = _item(text="We will win", paragraph=1)

    _saved(client.post(ADD, _accepting(_item(), second, body=QUOTED + "\n\n“We will win.”")))

    assert Source.objects.filter(name="Ana Ortiz").count() == 1
    assert Attribution.objects.count() == 2


def test_an_item_the_story_already_has_is_skipped(client, editor):
    article = ArticleFactory(body=QUOTED, created_by=editor)
    AttributionFactory(article=article, text="We will appeal this ruling,", paragraph=0)
    client.force_login(editor)

    _saved(client.post(_change(article), _accepting(_item(), _item(), article=article)))

    assert article.attributions.count() == 1
    assert not Source.objects.filter(name="Ana Ortiz").exists()


def test_the_same_item_twice_is_applied_once(client, editor):
    client.force_login(editor)

    _saved(client.post(ADD, _accepting(_item(), _item())))

    assert Attribution.objects.count() == 1


def test_nothing_accepted_leaves_the_save_as_it_was(client, editor):
    article = ArticleFactory(body=QUOTED, created_by=editor)
    client.force_login(editor)

    for accepted in ("", "[]"):
        data = article_form(article, headline="Edited") | {"accepted_attributions": accepted}
        _saved(client.post(_change(article), data))
        article.refresh_from_db()

    assert article.headline == "Edited"
    assert not Attribution.objects.exists()


MALFORMED = {
    "not JSON": "{not json",
    "an object": json.dumps(_item()),
    "too many": json.dumps([_item(paragraph=n) for n in range(201)]),
    "unknown key": json.dumps([_item(extra="x")]),
    "missing key": json.dumps([{k: v for k, v in _item().items() if k != "verb"}]),
    "not an object": json.dumps(["Ana Ortiz"]),
    "negative paragraph": json.dumps([_item(paragraph=-1)]),
    "paragraph as text": json.dumps([_item(paragraph="0")]),
    "paragraph as bool": json.dumps([_item(paragraph=True)]),
    "huge paragraph": json.dumps([_item(paragraph=10**30)]),
    "unknown kind": json.dumps([_item(kind="rumour")]),
    "unknown speaker kind": json.dumps([_item(speaker_kind="ghost")]),
    "speaker as number": json.dumps([_item(speaker=7)]),
    "speaker too long": json.dumps([_item(speaker="A" * 201)]),
    "title too long": json.dumps([_item(title="t" * 301)]),
    "verb too long": json.dumps([_item(verb="v" * 101)]),
    "empty text": json.dumps([_item(text="  ")]),
    "no speaker, no source": json.dumps([_item(speaker="")]),
    "unknown source": json.dumps([_item(source=987654)]),
    "source as text": json.dumps([_item(source="1")]),
    "huge source": json.dumps([_item(source=10**30)]),
    "NUL": json.dumps([_item(speaker="Ana\u0000Ortiz")]),
    "deep": "[" * 5000 + "]" * 5000,
}


@pytest.mark.parametrize("accepted", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_accepted_attributions_are_a_form_error_and_nothing_is_lost(
    client, editor, accepted
):
    article = ArticleFactory(body="Old text.", created_by=editor)
    client.force_login(editor)
    data = article_form(article, headline="Typed headline", body=QUOTED)
    data["accepted_attributions"] = accepted

    response = client.post(_change(article), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "accepted_attributions" in form.errors
    assert "The accepted attributions were not applied" in response.text
    assert "Typed headline" in response.text  # the editor's text is still in the form
    article.refresh_from_db()
    assert (article.headline, article.body, article.version) != ("Typed headline", QUOTED, 2)
    assert article.body == "Old text."
    assert not Attribution.objects.exists()


def test_malformed_accepted_attributions_on_the_add_form_save_nothing(client, editor):
    client.force_login(editor)

    response = client.post(ADD, _accepting() | {"accepted_attributions": "[{"})

    assert response.status_code == 200
    assert "The accepted attributions were not applied" in response.text
    assert not Article.objects.filter(slug="a-new-story").exists()


def test_the_add_form_publishes_a_story_whose_quote_was_accepted(client, editor):
    contributor = ContributorFactory(name="Jane Reporter")
    client.force_login(editor)
    data = _accepting(_item(), _transition="publish") | _byline(contributor)

    response = client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-story")
    assert article.status == "published"
    assert article.attributions.get().source.name == "Ana Ortiz"
    comment = Version.objects.get_for_object(article).get().revision.get_comment()
    assert comment == "Created; accepted 1 attribution(s) to Ana Ortiz; published"


def test_without_the_accepted_attribution_the_same_publish_is_refused(client, editor):
    contributor = ContributorFactory(name="Jane Reporter")
    client.force_login(editor)
    data = _accepting(_transition="publish") | _byline(contributor)

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert not Article.objects.filter(slug="a-new-story").exists()


def test_a_refused_publish_undoes_the_accepted_attributions_and_keeps_them_in_the_form(
    client, editor
):
    client.force_login(editor)
    accepted = json.dumps([_item()])
    data = _accepting(_item(), _transition="publish")  # no byline: not ready

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert not Attribution.objects.exists()
    assert not Source.objects.exists()
    assert response.context["adminform"].form["accepted_attributions"].value() == accepted


def test_a_reporter_accepts_on_their_own_draft(client, reporter):
    client.force_login(reporter)

    _saved(client.post(ADD, _accepting(_item())))

    assert Attribution.objects.get().source.name == "Ana Ortiz"


def test_an_item_the_form_itself_adds_in_the_attributions_table_is_skipped(client, editor):
    article = ArticleFactory(body=QUOTED, created_by=editor)
    typed = SourceFactory(name="Typed Source")
    client.force_login(editor)
    data = _accepting(_item(), article=article) | {
        "attributions-TOTAL_FORMS": "1",
        "attributions-0-source": str(typed.pk),
        "attributions-0-kind": "direct_quote",
        "attributions-0-text": "We will appeal this ruling",
        "attributions-0-verb": "said",
        "attributions-0-paragraph": "0",
        "attributions-0-order": "0",
    }

    _saved(client.post(_change(article), data))

    assert article.attributions.get().source == typed


def test_an_item_whose_stored_twin_the_form_deletes_is_applied(client, editor):
    article = ArticleFactory(body=QUOTED, created_by=editor)
    stored = AttributionFactory(article=article, text="We will appeal this ruling", paragraph=0)
    client.force_login(editor)
    data = _accepting(_item(), article=article) | {
        "attributions-TOTAL_FORMS": "1",
        "attributions-INITIAL_FORMS": "1",
        "attributions-0-id": str(stored.pk),
        "attributions-0-article": str(article.pk),
        "attributions-0-source": str(stored.source_id),
        "attributions-0-kind": "direct_quote",
        "attributions-0-text": stored.text,
        "attributions-0-verb": "said",
        "attributions-0-paragraph": "0",
        "attributions-0-order": "0",
        "attributions-0-DELETE": "on",
    }

    _saved(client.post(_change(article), data))

    assert article.attributions.get().source.name == "Ana Ortiz"
