import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.wire import parse_wire
from newsroom.seed import DATA_DIR
from sources.evaluation import TARGETS, evaluate, load_seed, overlap, written_before_the_rules
from sources.extraction import (
    KnownSource,
    Suggestion,
    blocks,
    extract_attributions,
    suggest_for_article,
)
from sources.models import AttributionKind, SourceKind
from tests.factories import ArticleFactory, SourceFactory


def _seed_body() -> str:
    return parse_wire((DATA_DIR / "reuters-2020-02-25-ice-subpoenas.txt").read_text()).body


def _one(suggestions: list[Suggestion], **fields) -> Suggestion:
    found = [s for s in suggestions if all(getattr(s, k) == v for k, v in fields.items())]
    assert len(found) == 1, (fields, suggestions)
    return found[0]


def _quotes(body: str) -> list[Suggestion]:
    return [s for s in extract_attributions(body) if s.kind == "direct_quote"]


def _claims(body: str) -> list[Suggestion]:
    return [s for s in extract_attributions(body) if s.kind != "direct_quote"]


# --- The seed --------------------------------------------------------------------------------


def test_seed_three_direct_quotes_have_the_right_speakers_verbs_and_paragraphs():
    quotes = _quotes(_seed_body())

    assert [(q.paragraph, q.speaker, q.verb) for q in quotes] == [
        (10, "Kris Kobach", "informed Reuters"),
        (17, "Lucas Guttentag", "said"),
        (20, "Chad Sublet", "wrote"),
    ]
    assert (
        quotes[0].text
        == "I entirely hope the president’s campaign to carry on building this situation"
    )
    assert quotes[1].text.startswith("The use of this subpoena authority")
    assert quotes[2].text.endswith("fairly than pursuing a genuine require")
    assert {q.speaker_kind for q in quotes} == {"person"}


def test_seed_scare_quotes_are_not_direct_quotes():
    texts = {q.text for q in _quotes(_seed_body())}
    assert texts.isdisjoint({"sanctuary", "trusted traveler"})


def test_every_suggestion_is_printed_verbatim_in_its_paragraph():
    body = _seed_body()
    paragraphs = blocks(body)
    for suggestion in extract_attributions(body):
        assert suggestion.text in paragraphs[suggestion.paragraph]


# Words that trigger the rules, and the marks and breaks they hinge on.
_VOCABULARY = (
    "said he she they it according to the agency Jane Roe A spokesman for declined comment told "
    "Reuters that U.S. ICE (ICE) and but Kris Kobach Inc wrote in an email states Dr. of Bank "
    '## SUB “ ” " , . : —'
)
_WORDS = st.sampled_from([*_VOCABULARY.split(), "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40))
def test_any_text_gives_verbatim_suggestions_without_crashing(words):
    body = " ".join(words)
    paragraphs = blocks(body)
    for suggestion in extract_attributions(body):
        assert suggestion.text
        assert suggestion.text in " ".join(paragraphs[suggestion.paragraph].split())
        assert suggestion.speaker


def test_kinds_are_the_models_choices():
    suggestions = extract_attributions(_seed_body())
    assert {s.kind for s in suggestions} <= set(AttributionKind.values)
    assert {s.speaker_kind for s in suggestions} <= set(SourceKind.values)
    assert all(s.reason for s in suggestions)


# --- Quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will not back down,” Maria Lopez said.",
        '"We will not back down," Maria Lopez said.',
        "“We will not back down,” said Maria Lopez, a lawyer for the union.",
        "Maria Lopez said: “We will not back down.”",
    ],
)
def test_direct_quote_in_curly_or_straight_marks_before_or_after_the_speaker(paragraph):
    (quote,) = _quotes(paragraph)
    assert quote.speaker == "Maria Lopez"
    assert quote.text.rstrip(".") == "We will not back down"
    assert quote.verb == "said"


def test_inverted_attribution_takes_the_appositive_as_title():
    (quote,) = _quotes("“We will not back down,” said Maria Lopez, a lawyer for the union.")
    assert quote.title == "lawyer for the union"


def test_quote_split_around_he_said_gives_two_consistent_suggestions():
    body = (
        "Tom Reyes spoke after the vote.\n\n“We lost today,” he said. “We will win the next one.”"
    )
    first, second = _quotes(body)
    assert (first.text, second.text) == ("We lost today", "We will win the next one.")
    assert first.speaker == second.speaker == "Tom Reyes"
    assert first.paragraph == second.paragraph == 1


def test_quote_running_over_paragraphs_is_attributed_in_every_paragraph():
    body = (
        "Ana Ruiz, a nurse at the clinic, said the ward was full.\n\n"
        "“We had patients in the corridors.\n\n"
        "“Nobody slept for three days,” she said."
    )
    quotes = _quotes(body)
    assert [(q.paragraph, q.speaker) for q in quotes] == [(1, "Ana Ruiz"), (2, "Ana Ruiz")]
    assert quotes[0].text == "We had patients in the corridors."


def test_subheads_count_as_paragraphs():
    body = "Opening line.\n\n## THE VOTE\n\n“It passed,” Jane Roe said."
    (quote,) = _quotes(body)
    assert quote.paragraph == 2


# --- Claims ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "speaker", "verb", "text"),
    [
        ("Jane Roe said the plan had failed.", "Jane Roe", "said", "the plan had failed"),
        ("Jane Roe said that the plan had failed.", "Jane Roe", "said", "the plan had failed"),
        ("The plan had failed, Jane Roe said.", "Jane Roe", "said", "The plan had failed"),
        ("The plan had failed, said Jane Roe.", "Jane Roe", "said", "The plan had failed"),
        (
            "Jane Roe told Reuters the plan had failed.",
            "Jane Roe",
            "told Reuters",
            "the plan had failed",
        ),
        (
            "Jane Roe wrote in an e-mail that the plan had failed.",
            "Jane Roe",
            "wrote in an e-mail",
            "the plan had failed",
        ),
        (
            "The plan had failed, according to the Ministry of Finance.",
            "Ministry of Finance",
            "according to",
            "The plan had failed",
        ),
    ],
)
def test_attributed_claims(paragraph, speaker, verb, text):
    (claim,) = _claims(paragraph)
    assert (claim.speaker, claim.verb, claim.text) == (speaker, verb, text)


def test_claim_in_a_statement_is_a_statement():
    (claim,) = _claims("The Acme Group said in a statement that sales rose 5%.")
    assert claim.kind == "statement"
    assert claim.speaker == "Acme Group"
    assert claim.speaker_kind == "organization"
    assert claim.verb == "said in a statement"


def test_declined_to_comment():
    (claim,) = _claims("A spokesman for the mayor declined to comment.")
    assert claim.kind == "statement"
    assert claim.verb == "declined to comment"
    assert claim.speaker == "A spokesman for the mayor"


def test_according_to_a_document():
    (claim,) = _claims("Sales fell by a third, according to court records.")
    assert claim.kind == "document"
    assert claim.speaker_kind == "document"
    assert claim.speaker == "court records"


def test_broad_verb_lexicon_of_paraphrased_copy():
    for verb in ("reported", "stated", "explained", "claimed", "mentioned", "states"):
        (claim,) = _claims(f"Jane Roe {verb} the plan would fail.")
        assert claim.verb == verb


def test_nouns_that_look_like_verbs_are_not_attributions():
    assert _claims("The label is applied to cities and states that limit cooperation.") == []
    assert _claims("Governor Ann Lee declared a state of emergency on Sunday.") == []


# --- Speakers --------------------------------------------------------------------------------


def test_pronouns_resolve_to_the_last_compatible_speaker():
    body = (
        "Kris Kobach said the issue would drive turnout.\n\n"
        "The Acme Group said in a statement that sales rose.\n\n"
        "He said voters cared. It said margins fell.\n\n"
        "Officials said the count was slow. But the count was fair, they said."
    )
    claims = _claims(body)
    assert _one(claims, text="voters cared").speaker == "Kris Kobach"
    assert _one(claims, text="margins fell").speaker == "Acme Group"
    assert _one(claims, text="the count was fair").speaker == "Officials"


def test_appositive_title_and_surname_resolution():
    body = (
        "Chad Sublet, an attorney for the city and county of Denver, said the request was "
        "unlawful.\n\n“It is political,” Sublet told Reuters."
    )
    claim, quote = extract_attributions(body)
    assert claim.speaker == quote.speaker == "Chad Sublet"
    assert claim.title == "attorney for the city and county of Denver"
    assert quote.verb == "told Reuters"
    assert "surname" in quote.reason


def test_title_before_a_name_is_split_off():
    (claim,) = _claims("San Diego County Sheriff William Gore stated that the law applied.")
    assert (claim.speaker, claim.title) == ("William Gore", "San Diego County Sheriff")


def test_acronym_resolves_to_the_organisation_it_was_defined_for():
    body = (
        "U.S. Immigration and Customs Enforcement (ICE) has issued subpoenas.\n\n"
        "The inmates had been charged with crimes, according to ICE."
    )
    (claim,) = _claims(body)
    assert claim.speaker == "U.S. Immigration and Customs Enforcement"


@pytest.mark.parametrize(
    ("paragraph", "speaker", "affiliation"),
    [
        ("A Denver official said the city had not complied.", "A Denver official", "Denver"),
        ("An ICE spokeswoman said the agency would continue.", "An ICE spokeswoman", "ICE"),
        (
            "A spokeswoman for the California attorney general said the office would respond.",
            "A spokeswoman for the California attorney general",
            "California attorney general",
        ),
    ],
)
def test_unnamed_sources_keep_their_description_and_affiliation(paragraph, speaker, affiliation):
    (claim,) = _claims(paragraph)
    assert (claim.speaker, claim.speaker_kind, claim.affiliation) == (
        speaker,
        "unnamed",
        affiliation,
    )


def test_unnamed_group_after_according_to():
    (claim,) = _claims(
        "Officers have used subpoenas before, according to current and former agency officials."
    )
    assert claim.speaker == "current and former agency officials"
    assert claim.speaker_kind == "unnamed"


# --- Matching existing sources ---------------------------------------------------------------


def test_matches_known_sources_by_name_surname_and_alias():
    known = [
        (7, "Kris Kobach", []),
        (8, "U.S. Immigration and Customs Enforcement", ["ICE"]),
        (9, "William Barr", []),
    ]
    body = (
        "“We will keep going,” Kobach told Reuters.\n\n"
        "The plan is lawful, according to ICE.\n\n"
        "Attorney General William Barr said more steps were coming."
    )
    quote, ice, barr = extract_attributions(body, known_sources=known)
    assert (quote.source_id, quote.speaker) == (7, "Kris Kobach")
    assert (ice.source_id, ice.speaker) == (8, "U.S. Immigration and Customs Enforcement")
    assert barr.source_id == 9


def test_an_unknown_speaker_is_a_new_source():
    (claim,) = _claims("Jane Roe said the plan had failed.")
    assert claim.source_id is None
    (claim,) = extract_attributions(
        "Jane Roe said the plan had failed.", known_sources=[KnownSource(1, "John Roe")]
    )
    assert claim.source_id is None


@pytest.mark.django_db
def test_suggest_for_article_matches_sources_in_the_database():
    kobach = SourceFactory(name="Kris Kobach", slug="kris-kobach", kind="person")
    article = ArticleFactory(body="Kris Kobach said the issue would drive turnout.")

    (claim,) = suggest_for_article(article)

    assert claim.source_id == kobach.pk


# --- The command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_extract_attributions_command_prints_json():
    ArticleFactory(slug="council-vote", body="“We lost today,” Jane Roe said.")
    out = StringIO()

    call_command("extract_attributions", "council-vote", "--json", stdout=out)

    (item,) = json.loads(out.getvalue())
    assert {k: item[k] for k in ("speaker", "kind", "text", "verb", "paragraph")} == {
        "speaker": "Jane Roe",
        "kind": "direct_quote",
        "text": "We lost today",
        "verb": "said",
        "paragraph": 0,
    }


@pytest.mark.django_db
def test_extract_attributions_command_prints_a_readable_table():
    ArticleFactory(slug="council-vote", body="“We lost today,” Jane Roe said.")
    out = StringIO()
    call_command("extract_attributions", "council-vote", stdout=out)
    assert "Jane Roe" in out.getvalue()
    assert "why:" in out.getvalue()


@pytest.mark.django_db
def test_extract_attributions_command_rejects_an_unknown_slug():
    with pytest.raises(CommandError, match="no article with the slug 'nope'"):
        call_command("extract_attributions", "nope")


# --- Measured quality ------------------------------------------------------------------------


def test_overlap_counts_shared_words_against_the_shorter_text():
    assert overlap("the plan had failed", "But the plan had failed badly") == 1.0
    assert overlap("the plan had failed", "voters cared") == 0.0


def test_seed_gold_speakers_come_from_the_curated_sources():
    seed = load_seed()
    assert len(seed.attributions) == 18
    assert {a.speaker for a in seed.attributions if a.kind == "direct_quote"} == {
        "Kris Kobach",
        "Lucas Guttentag",
        "Chad Sublet",
    }


def test_extraction_keeps_its_scores_on_the_stories_the_rules_were_written_against():
    # 01–11 and the seed; issue 16's held-out and batch3 figures are `make eval`'s to report.
    results, totals = evaluate(written_before_the_rules())

    assert len(results) == 12  # eleven written stories and the seed
    for category, target in TARGETS.items():
        assert totals[category].precision >= target, category
        assert totals[category].recall >= target, category
    seed = next(r for r in results if r.name.startswith("seed"))
    assert seed.tallies["quote"].matched == seed.tallies["quote"].gold == 3
    assert seed.tallies["quote"].predicted == 3
