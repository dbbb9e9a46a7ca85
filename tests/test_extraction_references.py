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


def test_a_description_before_an_organisations_name_is_the_organisation():
    body = (
        "Danish pump maker Vesterholm Pumpe AS said on Monday it would shut its Aarhus plant, and "
        "warned that further closures could follow.\n\n"
        "The maker said orders had fallen for three quarters."
    )

    found = extract_attributions(body)

    assert [(s.paragraph, s.speaker, s.speaker_kind) for s in found] == [
        (0, "Vesterholm Pumpe AS", "organization"),
        (0, "Vesterholm Pumpe AS", "organization"),
        (1, "Vesterholm Pumpe AS", "organization"),
    ]


def test_a_person_after_a_description_noun_is_not_made_an_organisation():
    body = (
        "The company Ana Ruiz-Tello founded in 2010 said it would list its shares.\n\n"
        "Republican state Sen. Dana Whitfield-Cole said the bill was rushed."
    )

    assert [(s.speaker, s.speaker_kind) for s in extract_attributions(body)] == [
        ("Ana Ruiz-Tello", "person"),
        ("Dana Whitfield-Cole", "person"),
    ]


def test_a_run_ending_in_company_letters_is_a_company_and_the_company_points_to_it():
    body = (
        "Holmgard AG, the Bremen-based maker of ferry engines, reported a loss and cut its "
        "dividend on Friday, saying demand had fallen.\n\n"
        "The company said it expected a recovery next year.\n\n"
        "Holmgard said it had no plans to sell shares."
    )

    found = extract_attributions(body)

    assert [(s.speaker, s.speaker_kind, s.verb) for s in found] == [
        ("Holmgard AG", "organization", "saying"),
        ("Holmgard AG", "organization", "said"),
        ("Holmgard AG", "organization", "said"),
    ]
    assert found[0].text == "demand had fallen"


def test_company_letters_opening_a_run_make_no_company():
    body = "Former AG Letitia Moore-Vance said the merger was unlawful."

    [claim] = extract_attributions(body)

    assert claim.speaker_kind != "organization"


def test_the_team_and_a_role_is_the_person_given_that_title():
    body = (
        "Ashcombe Rovers beat Dunmore 2-1 on Saturday.\n\n"
        "Ashcombe manager Ana Ruiz-Tello, who played for the club in 1998, was close to tears.\n\n"
        "The Ashcombe manager insisted her side had deserved it and said the referee was wrong."
    )

    assert [(s.paragraph, s.speaker, s.verb) for s in extract_attributions(body)] == [
        (2, "Ana Ruiz-Tello", "insisted"),
        (2, "Ana Ruiz-Tello", "said"),
    ]


def test_the_team_and_an_organisation_noun_is_still_the_organisation():
    body = (
        "Ashcombe manager Ana Ruiz-Tello was close to tears.\n\n"
        "The Ashcombe club said it would appeal against the red card."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("Ashcombe club", "organization")


def test_a_name_set_off_by_a_description_of_an_organisation_is_that_organisation():
    body = (
        "Fahrradbund, the national cycling body, said sales fell by a tenth.\n\n"
        "The body said it would publish full figures in March."
    )

    assert [(s.speaker, s.speaker_kind) for s in extract_attributions(body)] == [
        ("Fahrradbund", "organization"),
        ("Fahrradbund", "organization"),
    ]


def test_a_person_set_off_by_a_role_is_not_made_an_organisation():
    body = "Ana Ruiz-Tello, the union organiser, said the talks had failed."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("Ana Ruiz-Tello", "person")


def test_a_name_then_which_is_an_organisation_and_the_company_points_to_it():
    body = (
        "The ferry was withdrawn on Saturday after a fault, and Hebrida Sailings, which runs "
        "the route, said no replacement was available.\n\n"
        "Hebrida said engineers had worked all night. The company said it had added sailings."
    )

    assert [(s.speaker, s.speaker_kind) for s in extract_attributions(body)] == [
        ("Hebrida Sailings", "organization"),
        ("Hebrida Sailings", "organization"),
        ("Hebrida Sailings", "organization"),
    ]


def test_a_person_before_which_after_by_is_not_made_an_organisation():
    body = (
        "A study by Jane Doe-Smith, which was published in May, found that rents rose.\n\n"
        "Doe-Smith said rents would keep rising."
    )

    assert [(s.speaker, s.speaker_kind) for s in extract_attributions(body)] == [
        ("A study by Jane Doe-Smith", "document"),
        ("Jane Doe-Smith", "person"),
    ]


def test_a_described_witness_named_with_an_age_in_the_next_paragraph_is_that_person():
    body = (
        "A baker who worked for the chain testified Wednesday that her manager told her to "
        "relabel old bread.\n\n"
        "Ines Okafor-Lund, 41, was the first witness called by the prosecution.\n\n"
        "“What did that mean?” the prosecutor asked.\n\n"
        "“It meant the dates were lies,” the baker replied."
    )

    found = [s for s in extract_attributions(body) if s.paragraph != 2]

    assert [(s.paragraph, s.speaker, s.verb) for s in found] == [
        (0, "Ines Okafor-Lund", "testified Wednesday"),
        (3, "Ines Okafor-Lund", "replied"),
    ]
    assert found[0].text == "her manager told her to relabel old bread"


def test_a_name_with_an_age_does_not_take_over_a_group_or_a_named_speaker():
    body = (
        "Two bakers testified Wednesday that their manager told them to relabel old bread.\n\n"
        "Ines Okafor-Lund, 41, was the first witness called by the prosecution."
    )

    [claim] = extract_attributions(body)

    assert claim.speaker == "Two bakers"


def test_the_age_description_is_the_person_just_named_in_full():
    body = (
        "The visitors' rookie guard, Kenji Moreau-Sato, had 14 points off the bench. The "
        "21-year-old from Lyon said the crowd had helped him settle down."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == (
        "Kenji Moreau-Sato",
        "the crowd had helped him settle down",
    )


def test_the_age_description_far_from_any_name_credits_nobody():
    body = (
        "Guard Kenji Moreau-Sato had 14 points.\n\n"
        "The crowd was loud all night.\n\n"
        "Tickets sold out in an hour.\n\n"
        "The 21-year-old said the crowd had helped him."
    )

    assert extract_attributions(body) == []


def test_a_participle_of_publication_set_off_after_an_introduction_is_no_speaker():
    body = (
        "The Reserve Bank of Azuria held its rate at 9%.\n\n"
        "In minutes from its March meeting, published on Friday, the bank said two members "
        "had wanted a cut."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == ("Reserve Bank of Azuria", "two members had wanted a cut")


def test_a_document_before_a_participle_of_publication_is_still_the_speaker():
    body = "The survey, published on Friday, found that rents rose 4% in a year."

    assert [(s.speaker, s.text) for s in extract_attributions(body)] == [
        ("The survey", "rents rose 4% in a year")
    ]


def test_the_companies_are_the_last_two_organisations_named():
    body = (
        "Swedish lock maker Lindqvist AB agreed on Monday to buy Dutch rival Hoekstra Sloten "
        "NV in a cash deal, creating Europe's largest lock group, the companies said in a "
        "joint statement.\n\n"
        "The companies said they expected the deal to close next year."
    )

    assert [s.speaker for s in extract_attributions(body)] == [
        "Lindqvist AB and Hoekstra Sloten NV",
        "Lindqvist AB and Hoekstra Sloten NV",
    ]


def test_the_companies_with_one_organisation_named_is_no_pair():
    body = "Lindqvist AB cut 200 jobs in May, the companies said in a joint statement."

    assert all(" and " not in s.speaker for s in extract_attributions(body))


def test_a_branch_of_an_organisation_is_the_branch_not_the_place_or_company():
    body = (
        "Dongsan Shipbuilding Ltd said the order was worth 1.2 billion dollars.\n\n"
        "The Dongsan branch of the National Metal Workers' Union said 87% of its members had "
        "voted for a strike.\n\n"
        "The union said talks had failed."
    )

    assert [s.speaker for s in extract_attributions(body)][1:] == [
        "Dongsan branch of the National Metal Workers' Union",
        "Dongsan branch of the National Metal Workers' Union",
    ]


def test_a_lower_case_part_word_without_of_is_no_branch():
    body = "Dongsan Shipbuilding Ltd said its ship repair arm would close."

    [claim] = extract_attributions(body)

    assert claim.speaker == "Dongsan Shipbuilding Ltd"


def test_the_agency_is_not_the_news_organisation_a_letter_was_shared_with():
    body = (
        "A letter from the Rural Health Agency, which she shared with The Daily Ledger, said "
        "the grant had been refused.\n\n"
        "The agency said in a statement that it could not comment on individual grants."
    )

    assert extract_attributions(body)[-1].speaker == "Rural Health Agency"


def test_the_news_organisation_a_letter_was_shared_with_still_speaks_by_name():
    body = (
        "A letter from the Rural Health Agency, which she shared with The Daily Ledger, said "
        "the grant had been refused.\n\n"
        "The Daily Ledger said it had confirmed the letter with two officials."
    )

    assert extract_attributions(body)[-1].speaker == "Daily Ledger"


def test_the_charity_is_an_organisation_as_described():
    body = (
        "The charity, which changed its name last year, said in a statement that it was "
        "cooperating with prosecutors."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("charity", "organization")


def test_a_charity_worker_is_a_person_not_the_charity():
    [claim] = extract_attributions("A charity worker said the shelter was full.")

    assert (claim.speaker, claim.speaker_kind) == ("A charity worker", "unnamed")


def test_a_name_with_an_age_later_in_a_story_names_no_earlier_witness():
    body = (
        "Fire crews were called to the flats at 3 a.m.\n\n"
        "A neighbour said the fire had started in a kitchen on the second floor.\n\n"
        "Tomas Lindgren-Ortiz, 45, was taken to hospital with burns."
    )

    [claim] = extract_attributions(body)

    assert claim.speaker == "A neighbour"


def test_a_name_before_which_that_never_speaks_is_not_the_agency():
    body = (
        "Roofers worked for months after Hurricane Milton, which struck in October.\n\n"
        "The agency said it had paid 2,000 claims."
    )

    [claim] = extract_attributions(body)

    assert claim.speaker != "Hurricane Milton"


def test_the_companies_far_from_two_named_organisations_is_no_pair():
    body = (
        "Lindqvist AB and Hoekstra Sloten NV announced a merger in March.\n\n"
        "Lock prices rose across Europe.\n\n"
        "Sales fell in the summer.\n\n"
        "The companies said demand had weakened."
    )

    assert all(" and " not in s.speaker for s in extract_attributions(body))


def test_a_name_set_off_by_a_role_in_an_organisation_is_not_made_that_organisation():
    [claim] = extract_attributions("Jones, a member of the union, said the vote was rigged.")

    assert (claim.speaker, claim.speaker_kind) == ("Jones", "person")
