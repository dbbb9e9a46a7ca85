"""Names with particles, diacritics, hyphens and apostrophes are one name, and a later
reference by the surname with its particles ("Van der Berg said") is the same person."""

from sources.extraction import extract_attributions


def _speakers(body: str) -> list[tuple[int, str]]:
    return [(s.paragraph, s.speaker) for s in extract_attributions(body)]


def test_name_with_particles_is_one_name():
    body = "“We are not losing customers,” said Pieter van der Berg, the chief executive."

    assert _speakers(body) == [(0, "Pieter van der Berg")]


def test_apostrophe_particle_is_part_of_the_name():
    body = "“It does not work twice in a year,” said Joost 't Hooft, an analyst."

    assert _speakers(body) == [(0, "Joost 't Hooft")]


def test_surname_with_capitalised_particle_opening_a_sentence_resolves_to_full_name():
    body = (
        "Anouk ter Horst, the finance chief, said the budget would not change.\n\n"
        "“This is a timing issue,” Ter Horst said."
    )

    assert _speakers(body) == [(0, "Anouk ter Horst"), (1, "Anouk ter Horst")]


def test_arabic_article_joined_to_a_name():
    body = "“The port will reopen next week,” said Khalid al-Rashid, the harbour master."

    assert _speakers(body) == [(0, "Khalid al-Rashid")]


def test_name_with_diacritics_after_the_verb():
    body = "“We will appeal the ruling,” said Éloïse Ménard-Dufour."

    assert _speakers(body) == [(0, "Éloïse Ménard-Dufour")]


def test_compound_surname_with_particles_resolves_to_the_full_name():
    body = (
        "Governor Verónica Solís de la Fuente told reporters that the board had not decided.\n\n"
        "Solís de la Fuente said the bank was watching services inflation. "
        "“Services are stickier,” she said."
    )

    assert _speakers(body) == [
        (0, "Verónica Solís de la Fuente"),
        (1, "Verónica Solís de la Fuente"),
        (1, "Verónica Solís de la Fuente"),
    ]


def test_compound_surname_opening_a_later_sentence_is_the_one_person():
    body = (
        "Deputy governor Rodrigo Heredia de la Garza voted to hold rates, the bank said.\n\n"
        "Heredia de la Garza wrote that he had voted against the cut. "
        "“I respect my colleagues' view,” he wrote."
    )

    speakers = _speakers(body)
    assert (1, "Rodrigo Heredia de la Garza") in speakers
    assert all(name != "Heredia de la Garza" for _, name in speakers)


def test_two_word_name_that_ends_no_longer_name_stays_its_own_person():
    body = (
        "“We will appeal,” said Maria Lopez Ortega.\n\n"
        "“The ruling is wrong,” said Carlos Mendez, a lawyer for the city."
    )

    assert _speakers(body) == [(0, "Maria Lopez Ortega"), (1, "Carlos Mendez")]


def test_elided_particle_is_a_name_word_and_its_surname_resolves():
    body = (
        "Boston coach Rachel d'Argenson said her team had stopped skating.\n\n"
        "“We had them,” d'Argenson said."
    )

    assert _speakers(body) == [(0, "Rachel d'Argenson"), (1, "Rachel d'Argenson")]


def test_spanish_particles_de_los_are_part_of_the_name_and_its_surname():
    body = (
        "“We kept these doors open,” said Dr. Esperanza de los Santos Ruiz, the director.\n\n"
        "De los Santos Ruiz said the grant had been turned down.\n\n"
        "Asked about it, de los Santos Ruiz did not dispute it. “He is right,” she said."
    )

    assert _speakers(body) == [(n, "Esperanza de los Santos Ruiz") for n in (0, 1, 2)]


def test_los_opening_a_place_is_still_no_person():
    body = "Los Angeles officials said the plan would go ahead."

    assert [s.speaker_kind for s in extract_attributions(body)] != ["person"]


def test_a_street_after_a_group_is_the_groups_place_not_a_person():
    body = "Shop owners on Harbour Street said the closure had already cut their trade."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("Shop owners on Harbour Street", "unnamed")


def test_a_hyphenated_surname_with_a_place_word_is_still_a_person():
    body = "Laura Street-Hale said the closure had cut her trade by half."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("Laura Street-Hale", "person")


def test_a_plural_possessive_group_in_places_is_an_unnamed_group():
    body = "Parents’ groups in Ashby and Coalville said the buses had not run for a week."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == (
        "Parents’ groups in Ashby and Coalville",
        "unnamed",
    )


def test_an_organisation_named_with_plural_words_in_a_place_stays_the_organisation():
    body = "The Federation of Small Firms in Leeds said the strike would cost millions."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("Federation of Small Firms", "organization")
