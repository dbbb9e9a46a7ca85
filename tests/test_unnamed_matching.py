"""An unnamed source is one story's "officials" unless the text names the same affiliation: it
matches an existing unnamed source only then; named people and organisations match as before."""

import pytest

from sources.extraction import KnownSource, extract_attributions, match_source
from sources.models import Attribution, AttributionSuggestion, Source
from sources.suggestions import accept_suggestion, store_suggestions
from tests.factories import ArticleFactory, SourceFactory, staff_user

SCHOOLS = "Schools will close early on Friday, officials said."
DENVER_SCHOOLS = "Schools will close early on Friday, Denver officials said."


@pytest.fixture
def editor(db):
    return staff_user("editor")


def _city_officials(name="officials", city="City of Denver", aliases=""):
    city = SourceFactory(name=city, kind="organization", aliases=aliases)
    return SourceFactory(name=name, kind="unnamed", affiliation=city)


def _stored(body, editor):
    article = ArticleFactory(body=body, created_by=editor)
    (suggestion,) = store_suggestions(article=article)
    return article, suggestion


# --- The matcher ---------------------------------------------------------------------------


def _known():
    """The city, and its officials as the matcher knows them."""
    city = KnownSource(1, "City of Denver", "organization", ("Denver",))
    return city, KnownSource(2, "officials", "unnamed", affiliation=city)


def test_an_unnamed_speaker_without_an_affiliation_is_nobody_known():
    _, known_officials = _known()
    assert match_source("officials", "unnamed", [known_officials]) is None
    no_affiliation = KnownSource(3, "officials", "unnamed")
    assert match_source("officials", "unnamed", [no_affiliation]) is None


def test_an_unnamed_speaker_is_the_known_one_when_the_text_names_its_affiliation():
    _, known_officials = _known()
    assert (
        match_source("officials", "unnamed", [known_officials], affiliation="Denver")
        == known_officials
    )
    assert match_source("officials", "unnamed", [known_officials], affiliation="city of Denver")
    assert match_source("officials", "unnamed", [known_officials], affiliation="Boston") is None


def test_a_named_speaker_never_becomes_an_unnamed_source_of_the_same_words():
    _, known_officials = _known()
    assert match_source("officials", "person", [known_officials], affiliation="Denver") is None


def test_named_people_and_organisations_match_as_before():
    city, known_officials = _known()
    kobach = KnownSource(4, "Kris Kobach", "person")
    assert match_source("Kobach", "person", [kobach, known_officials]) == kobach
    assert match_source("Denver", "organization", [city]) == city


def test_the_extractor_applies_it_to_each_suggestion():
    _, known_officials = _known()
    (claim,) = extract_attributions(SCHOOLS, known_sources=[known_officials])
    assert (claim.speaker_kind, claim.source_id) == ("unnamed", None)
    (claim,) = extract_attributions(DENVER_SCHOOLS.replace("Denver officials", "officials"))
    assert claim.source_id is None


# --- Suggestions stored on the article, and accepting them ---------------------------------


def test_officials_in_another_story_are_a_new_unnamed_source(editor):
    city_officials = _city_officials()
    _, suggestion = _stored(SCHOOLS, editor)

    assert suggestion.speaker == "officials"
    assert suggestion.source is None

    attribution = accept_suggestion(suggestion=suggestion, by=editor)

    assert attribution.source != city_officials
    assert (attribution.source.kind, attribution.source.affiliation) == ("unnamed", None)
    assert city_officials.attributions.count() == 0


def test_officials_of_the_same_affiliation_are_the_same_source(editor):
    denver_officials = _city_officials(name="Denver officials", city="Denver")
    _, suggestion = _stored(DENVER_SCHOOLS, editor)

    assert suggestion.affiliation == "Denver"
    assert suggestion.source == denver_officials
    assert accept_suggestion(suggestion=suggestion, by=editor).source == denver_officials


def test_the_affiliation_may_be_named_by_an_alias_of_the_organisation(editor):
    denver_officials = _city_officials(name="Denver officials", aliases="Denver")
    _, suggestion = _stored(DENVER_SCHOOLS, editor)

    assert suggestion.source == denver_officials


def test_the_same_words_for_another_organisation_are_a_new_source(editor):
    schools_officials = _city_officials(name="Denver officials", city="Denver Public Schools")
    _, suggestion = _stored(DENVER_SCHOOLS, editor)

    assert suggestion.source is None
    attribution = accept_suggestion(suggestion=suggestion, by=editor)

    assert attribution.source != schools_officials
    assert attribution.source.affiliation.name == "Denver"
    assert Source.objects.filter(name="Denver").get().kind == "organization"


def test_a_suggestion_stored_before_the_rule_is_matched_again_when_accepted(editor):
    # Stored while any "officials" matched any other: accepting it must not share the source.
    city_officials = _city_officials()
    _, suggestion = _stored(SCHOOLS, editor)
    AttributionSuggestion.objects.filter(pk=suggestion.pk).update(source=city_officials)
    suggestion.refresh_from_db()

    attribution = accept_suggestion(suggestion=suggestion, by=editor)

    assert attribution.source != city_officials
    assert not Attribution.objects.filter(source=city_officials).exists()


def test_named_people_stored_on_the_article_keep_matching(editor):
    kobach = SourceFactory(name="Kris Kobach", kind="person")
    article = ArticleFactory(body="Kobach said the issue would drive turnout.", created_by=editor)
    (suggestion,) = store_suggestions(article=article)

    assert suggestion.source == kobach
    assert accept_suggestion(suggestion=suggestion, by=editor).source == kobach
