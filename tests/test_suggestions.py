"""Suggested attributions in the desk: stored for review, accepted (with edits) or rejected,
and the pre-publish check for quotes nobody is credited with."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.ingest import import_wire
from newsroom.seed import seed_story
from sources.models import Attribution, AttributionSuggestion, Source
from sources.suggestions import (
    accept_suggestion,
    reject_suggestion,
    store_suggestions,
    uncovered_quotes,
)
from tests.factories import ArticleFactory, CreditFactory, SourceFactory, staff_user

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "newsroom" / "data"
SEED_TEXT = (SEED / "reuters-2020-02-25-ice-subpoenas.txt").read_text(encoding="utf-8")

QUOTE_BODY = (
    "The city will appeal, officials said.\n\n"
    "“We will appeal this ruling,” said Ana Ortiz, a lawyer for the city of Denver.\n\n"
    "A Denver official said the city had not complied."
)


@pytest.fixture
def editor():
    return staff_user("editor")


@pytest.fixture
def draft():
    article = import_wire(text=SEED_TEXT).article
    CreditFactory(article=article)
    return article


def test_imported_wire_story_gets_suggestions_with_the_three_quotes(draft):
    stored = store_suggestions(article=draft)

    quotes = [(s.speaker, s.verb, s.paragraph) for s in stored if s.kind == "direct_quote"]
    assert quotes == [
        ("Kris Kobach", "informed Reuters", 10),
        ("Lucas Guttentag", "said", 17),
        ("Chad Sublet", "wrote", 20),
    ]
    assert all(s.status == "pending" for s in stored)
    assert not Attribution.objects.exists()  # nothing is saved until an editor accepts


def test_accepting_creates_the_source_and_attribution_in_one_revision(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    stored = store_suggestions(article=article)
    quote = next(s for s in stored if s.kind == "direct_quote")

    attribution = accept_suggestion(suggestion=quote, by=editor, verb="said")

    assert attribution.source.name == "Ana Ortiz"
    assert attribution.source.title == "lawyer for the city of Denver"
    assert attribution.text == "We will appeal this ruling"
    assert attribution.paragraph == 1
    quote.refresh_from_db()
    assert (quote.status, quote.decided_by) == ("accepted", editor)
    revision = Version.objects.get_for_object(article).first().revision
    assert revision.get_comment() == "Accepted an attribution to Ana Ortiz"
    assert "attribution" in {v.content_type.model for v in revision.version_set.all()}


def test_an_unnamed_source_is_created_with_its_organisation(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    stored = store_suggestions(article=article)
    official = next(s for s in stored if s.speaker_kind == "unnamed" and s.affiliation)

    attribution = accept_suggestion(suggestion=official, by=editor)

    assert attribution.source.kind == "unnamed"
    assert attribution.source.affiliation.kind == "organization"
    assert attribution.source.affiliation.name == official.affiliation


def test_an_existing_source_is_reused_by_surname_and_an_edited_speaker_is_matched(editor):
    kobach = SourceFactory(name="Kris Kobach", kind="person")
    article = ArticleFactory(body="Kris Kobach spoke.\n\n“We won,” Kobach said.", created_by=editor)
    stored = store_suggestions(article=article)
    quote = next(s for s in stored if s.kind == "direct_quote")
    assert quote.source == kobach

    attribution = accept_suggestion(suggestion=quote, by=editor, speaker="Kobach")

    assert attribution.source == kobach
    assert Source.objects.count() == 1


def test_rejected_and_accepted_suggestions_are_not_proposed_again(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    first = store_suggestions(article=article)
    reject_suggestion(suggestion=first[0], by=editor)
    accept_suggestion(suggestion=first[1], by=editor)

    again = store_suggestions(article=article)

    assert len(again) == len(first) - 2
    assert AttributionSuggestion.objects.filter(status="pending").count() == len(again)


def test_a_reporter_cannot_accept_on_someone_elses_article():
    reporter = staff_user("reporter")
    article = ArticleFactory(body=QUOTE_BODY)
    stored = store_suggestions(article=article)

    with pytest.raises(workflow.PermissionDenied):
        accept_suggestion(suggestion=stored[0], by=reporter)
    assert not Attribution.objects.exists()


def test_publishing_refuses_unattributed_quotes_unless_overridden_and_records_it(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    CreditFactory(article=article)
    assert [q.text for q in uncovered_quotes(article)] == ["We will appeal this ruling"]

    with pytest.raises(workflow.UnattributedQuotes, match="“We will appeal this ruling”"):
        workflow.publish(article=article, by=editor)
    assert article.status == "draft"

    workflow.publish(article=article, by=editor, override_unattributed=True)

    article.refresh_from_db()
    assert article.status == "published"
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert comment == "Published with 1 unattributed quote(s), on editor's explicit override"


def test_an_attributed_quote_needs_no_override(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    CreditFactory(article=article)
    Attribution.objects.create(
        article=article,
        source=SourceFactory(),
        text="We will appeal this ruling",
        verb="said",
        paragraph=1,
    )

    workflow.publish(article=article, by=editor)

    assert article.status == "published"


def test_the_desk_page_finds_accepts_and_rejects(client, editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_suggestions", args=[article.pk])

    assert "Find quotes and claims in the text" in client.get(url).text
    client.post(url, {"find": "1"})
    page = client.get(url)
    assert "Ana Ortiz" in page.text
    quote = AttributionSuggestion.objects.get(kind="direct_quote")
    prefix = f"s{quote.pk}"
    client.post(
        url,
        {
            f"accept-{quote.pk}": "1",
            f"{prefix}-speaker": "Ana M. Ortiz",
            f"{prefix}-kind": "direct_quote",
            f"{prefix}-text": "We will appeal this ruling",
            f"{prefix}-verb": "said",
            f"{prefix}-paragraph": "1",
        },
    )
    other = AttributionSuggestion.objects.filter(status="pending").first()
    client.post(url, {f"reject-{other.pk}": "1"})

    assert Attribution.objects.get().source.name == "Ana M. Ortiz"
    other.refresh_from_db()
    assert other.status == "rejected"


def test_the_change_form_offers_the_override_only_when_quotes_are_unattributed(client, editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    CreditFactory(article=article)
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])

    page = client.get(change)

    assert "1 quote in the text has no attribution" in page.text
    assert 'name="_override_unattributed"' in page.text


def test_import_wire_extract_stores_suggestions(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")

    call_command("import_wire", "--extract", str(path))

    assert "suggested attributions to review" in capsys.readouterr().out
    assert AttributionSuggestion.objects.filter(kind="direct_quote").count() == 3


def test_the_seeded_story_attributes_every_quote_and_matches_its_sources():
    article, _ = seed_story()

    assert uncovered_quotes(article) == []
    # Every suggestion left is something the curated attributions do not already cover.
    fresh = store_suggestions(article=article)
    assert not [s for s in fresh if s.kind == "direct_quote"]


def test_accepting_a_suggestion_moves_the_version_so_a_stale_writer_is_refused(editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    stored = store_suggestions(article=article)

    accept_suggestion(suggestion=stored[1], by=editor)

    article.refresh_from_db()
    assert article.version == 2
    with pytest.raises(workflow.StaleVersion):
        workflow.save_article(article=article, by=editor, expected_version=1)


def test_import_wire_extract_shortens_a_suggested_phrase_too_long_for_its_column(tmp_path, capsys):
    # The extractor keeps a title or verb phrase as printed, however long. PostgreSQL refused
    # it (DataError, after the draft was committed); SQLite kept it past the column's length.
    title = "spokeswoman for " + " and ".join(
        f"the Committee for Harbour Works Number {number}" for number in range(12)
    )
    verb = "put it bluntly " + " ".join(["and then at some length"] * 10)
    path = tmp_path / "story.txt"
    path.write_text(
        "Port strike talks collapse\n\nMay 5, 2024\n\nBy Jane Roe\n\n"
        f"OSLO (Reuters) – “We will appeal this ruling,” said Ana Ortiz, a {title}.\n\n"
        f"Union president Darnell Hughes {verb}: “We will not go back until the port pays.”\n",
        encoding="utf-8",
    )

    call_command("import_wire", "--extract", str(path))

    assert "2 suggested attributions to review" in capsys.readouterr().out
    stored = {s.speaker: s for s in AttributionSuggestion.objects.all()}
    for shortened, full, column in [
        (stored["Ana Ortiz"].title, title, "title"),
        (stored["Darnell Hughes"].verb, verb, "verb"),
    ]:
        limit = AttributionSuggestion._meta.get_field(column).max_length
        assert len(full) > limit
        assert len(shortened) <= limit
        assert shortened.endswith("…")
        # Cut between words, as much of the phrase as fits.
        kept = shortened.removesuffix("…")
        assert full.startswith(kept)
        assert full[len(kept)] == " "
        assert len(kept) > limit - 30


@pytest.mark.parametrize("field", ["speaker", "affiliation"])
def test_a_suggestion_too_long_for_a_source_is_refused_with_a_reason_not_a_500(editor, field):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    stored = store_suggestions(article=article)
    official = next(s for s in stored if s.speaker_kind == "unnamed" and s.affiliation)
    setattr(official, field, "officials of the " + "very " * 50 + "long office")
    official.source = None
    official.save()

    with pytest.raises(workflow.WorkflowError, match="longer than a source's name may be"):
        accept_suggestion(suggestion=official, by=editor)

    official.refresh_from_db()
    assert official.status == "pending"
    assert not Attribution.objects.filter(article=article).exists()
    assert not Source.objects.filter(name__startswith="officials of the very").exists()


def test_the_suggestions_page_shows_the_attributions_the_story_already_has(client, editor):
    article = ArticleFactory(body=QUOTE_BODY, created_by=editor)
    ortiz = SourceFactory(name="Ana Ortiz", kind="person")
    city = SourceFactory(name="City Hall", kind="organization")
    Attribution.objects.create(
        article=article, source=ortiz, text="We will appeal this ruling", verb="said", paragraph=1
    )
    Attribution.objects.create(
        article=article, source=city, kind="statement", text="The city will appeal"
    )
    client.force_login(editor)

    page = client.get(reverse("admin:articles_article_suggestions", args=[article.pk]))

    beside = {
        index: [a.source.name for a in had] for index, _, _, had in page.context["paragraphs"]
    }
    assert beside == {0: [], 1: ["Ana Ortiz"], 2: []}
    assert [a.source.name for a in page.context["unplaced"]] == ["City Hall"]
    html = page.content.decode()
    attributed = html[html.index('id="p1"') : html.index('id="p2"')]
    assert "Already attributed" in attributed
    assert "Ana Ortiz" in attributed
    assert "Direct quote" in attributed
    assert "“We will appeal this ruling”" in attributed
    assert "¶ 1" in attributed
    top = html[: html.index('id="p0"')]
    assert "City Hall" in top
    assert "Statement" in top
    assert "“The city will appeal”" in top
