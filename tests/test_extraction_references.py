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


def test_the_minister_is_the_person_last_given_that_title():
    body = (
        "Oman's energy minister Khalid bin Saif al-Harthy said the decision was unanimous.\n\n"
        "Two delegates said the proposal was dropped on Saturday night.\n\n"
        "Kuwait's oil minister, Sheikh Salem al-Rashidi, said the priority was stability. "
        "“We are not chasing a price,” the minister said."
    )

    quote = extract_attributions(body)[-1]

    assert (quote.paragraph, quote.speaker) == (2, "Salem al-Rashidi")
    assert "“the minister” → Salem al-Rashidi" in quote.reason


def test_an_abbreviated_title_answers_to_the_role_it_stands_for():
    body = (
        "“Is that a coincidence?” Rep. Yolanda Baptiste-Moreau asked the executives.\n\n"
        "“I can commit to it for this year,” Margaret Thornbury said.\n\n"
        "“So that's a no,” the congresswoman said."
    )

    assert _speakers(body)[-1] == (2, "Yolanda Baptiste-Moreau")


def test_an_organisation_a_title_names_is_not_the_person():
    body = (
        "The charity's finance director, Howard Linde, said the grant was missing.\n\n"
        "The charity said in a statement that it was cooperating with prosecutors."
    )

    assert _speakers(body)[-1] != (1, "Howard Linde")


def test_a_title_far_back_does_not_answer_for_an_unnamed_role():
    body = (
        "Transport minister Moira Lindsay-Baird said the ferries would return.\n\n"
        "Islanders said they had heard that before.\n\n"
        "Freight firms said costs had doubled.\n\n"
        "Shops said shelves were empty.\n\n"
        "Hauliers said drivers were waiting.\n\n"
        "“We have asked for a meeting,” the minister said."
    )

    assert _speakers(body)[-1] == (5, "the minister")


def test_an_organisation_named_in_the_possessive_is_the_organisation():
    body = "The Bank of Mexico's five-member board voted 4-1 for the cut, the bank said."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == (
        "Bank of Mexico",
        "The Bank of Mexico's five-member board voted 4-1 for the cut",
    )


def test_a_persons_possessive_is_not_made_an_organisation():
    body = "“The board's decision stands,” said Ana Ruiz, the council's chair."

    assert [s.speaker for s in extract_attributions(body)] == ["Ana Ruiz"]


def test_a_countrys_lower_case_ministry_is_an_organisation_as_described():
    body = "South Korea's industry ministry said the country's shipbuilders had won orders."

    [claim] = extract_attributions(body)

    assert claim.speaker == "South Korea's industry ministry"
    assert claim.speaker_kind == "organization"


def test_a_place_based_company_points_back_to_the_company():
    body = (
        "Nordvik Appliances Corp cut its forecast.\n\n"
        "The Stamford, Connecticut-based company said it now expected lower earnings."
    )

    assert _speakers(body) == [(1, "Nordvik Appliances Corp")]


def test_a_playing_role_opening_a_sentence_is_a_title_not_part_of_the_name():
    body = (
        "Goalkeeper Ana Lisboa-Prado, 29, was more direct. “We deserved nothing,” she said.\n\n"
        "“Everyone played badly,” the goalkeeper noted."
    )

    assert _speakers(body) == [(0, "Ana Lisboa-Prado"), (1, "Ana Lisboa-Prado")]


def test_coroner_is_a_title_and_the_coroner_points_back_to_her():
    body = (
        "Coroner Helen Ashworth-Pryce opened the inquest.\n\n"
        "“Who was responsible for the racking?” the coroner asked."
    )

    assert _speakers(body) == [(1, "Helen Ashworth-Pryce")]
