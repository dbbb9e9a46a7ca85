"""Honorifics and surnames: "Mr Oduya" and "Cllr Fiona Reid" point to the full name, and the
honorific is part of the mention, not the name."""

from sources.extraction import extract_attributions


def _speakers(body: str) -> list[tuple[int, str]]:
    return [(s.paragraph, s.speaker) for s in extract_attributions(body)]


def test_british_honorific_without_full_stop_resolves_surname_to_full_name():
    body = (
        "Union organiser Dean Oduya said the talks had collapsed.\n\n"
        "‘We were ready to sit there all night,’ Mr Oduya said."
    )

    assert _speakers(body) == [(0, "Dean Oduya"), (1, "Dean Oduya")]


def test_given_name_that_is_also_a_title_stays_in_the_name():
    body = "“Our members are not asking for the moon,” said Dean Oduya."

    assert _speakers(body) == [(0, "Dean Oduya")]


def test_councillor_abbreviation_is_a_title_not_part_of_the_name():
    body = "Cllr Fiona Reid said the authority could not afford the allowance."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.title) == ("Fiona Reid", "Cllr")


def test_person_known_only_by_surname_keeps_the_honorific():
    body = (
        "Ms MacLeod, a crofter who asked that only her surname be used, "
        "said the service had failed."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.verb, claim.text) == (
        "Ms MacLeod",
        "said",
        "the service had failed",
    )
