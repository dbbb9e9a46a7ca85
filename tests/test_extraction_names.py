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
