"""Pronouns and sentence subjects: he and she agree with what the text has said of a person
(an honorific, a gendered title, an earlier pronoun), and a surname opening a sentence makes
that person the one a later pronoun points back to."""

from sources.extraction import extract_attributions
from sources.extraction.spans import find_quotes, mask, sentences


def _speakers(body: str) -> list[tuple[int, str]]:
    return [(s.paragraph, s.speaker) for s in extract_attributions(body)]


def test_she_skips_a_man_who_spoke_last_for_the_woman_before_him():
    body = (
        "Carla Menendez said she had moved the money. She said it was on his orders.\n\n"
        "Defense attorney Graham Whitcombe said she had her own reasons. "
        "He said she had signed a deal with prosecutors.\n\n"
        "“I'm testifying because it's what happened,” she said."
    )

    assert _speakers(body)[-1] == (2, "Carla Menendez")


def test_an_honorific_says_who_he_can_be():
    body = (
        "Mrs Ana Ruiz said the ward was full.\n\n"
        "Mr Tom Berg said the trust had no beds to spare.\n\n"
        "“We are doing what we can with what we have,” she said."
    )

    assert _speakers(body)[-1] == (2, "Ana Ruiz")


def test_a_surname_opening_a_sentence_is_who_he_points_back_to():
    body = (
        "Race director Christian Marechal said the heat was a worry.\n\n"
        "Matej Zganjar won the stage. Zganjar brushed the questions aside.\n\n"
        "“There is no secret. There is work,” he said."
    )

    assert _speakers(body)[-1] == (2, "Matej Zganjar")


def test_the_subject_after_an_asked_clause_is_who_she_points_back_to():
    body = (
        "The branch, chaired by Dr Helena Marsh-Okoye, met on Monday.\n\n"
        "Ruth Adebayo-Klein said the union would ballot again.\n\n"
        "Asked whether she expected the strike to work, Dr Marsh-Okoye laughed. "
        "‘I expect it to make them think,’ she said."
    )

    assert _speakers(body)[-1] == (2, "Helena Marsh-Okoye")


def test_a_sentence_may_open_with_an_accented_capital():
    text = "The team said nothing. Žganjar brushed the questions aside."
    quotes = find_quotes(text)

    assert len(sentences(text, mask(text, quotes), quotes)) == 2


def test_a_full_name_after_a_team_name_is_the_speaker():
    body = (
        "The Denver Peaks lost in seven games.\n\n"
        "“You live with that shot,” said Peaks coach Anthony Ricciardi-Vance."
    )

    assert _speakers(body) == [(1, "Anthony Ricciardi-Vance")]


def test_subject_of_a_reported_clause_is_a_later_pronouns_antecedent():
    body = (
        "Carla Menéndez testified that she moved the donations.\n\n"
        "Linde resigned from the board a month later.\n\n"
        "Defense attorney Graham Whitcombe suggested that Menéndez had her own reasons. "
        "He noted that she had signed an agreement.\n\n"
        "“You're testifying so you don't go to prison,” Whitcombe said.\n\n"
        "“I'm testifying because it's what happened,” she said."
    )

    quotes = [
        (s.paragraph, s.speaker) for s in extract_attributions(body) if s.kind == "direct_quote"
    ]
    assert quotes == [(3, "Graham Whitcombe"), (4, "Carla Menéndez")]


def test_subject_of_a_reported_clause_stays_behind_the_speaker():
    body = (
        "Mark Jones said that Peter Smith had lied to the board. "
        "“It is a disgrace,” he said.\n\n"
        "“He should go,” he added."
    )

    quotes = [
        (s.paragraph, s.speaker) for s in extract_attributions(body) if s.kind == "direct_quote"
    ]
    assert quotes == [(0, "Mark Jones"), (1, "Mark Jones")]


def test_a_name_set_off_after_a_description_is_the_subject():
    body = (
        "“I’m seventy-one,” Mrs Vaughan-Jones said.\n\n"
        "Her neighbour, the butcher Iolo Pritchard, was blunter. “They’ve had our money,” he "
        "said, “and this is the thanks we get.”"
    )

    assert _speakers(body) == [
        (0, "Mrs Vaughan-Jones"),
        (1, "Iolo Pritchard"),
        (1, "Iolo Pritchard"),
    ]


def test_a_full_name_after_a_team_and_a_role_is_the_subject():
    body = (
        "“Tonight we celebrate,” said Tobias Henningsen.\n\n"
        "Boston coach Rachel Argenson was short with reporters. She said her team had stopped."
    )

    assert _speakers(body) == [(0, "Tobias Henningsen"), (1, "Rachel Argenson")]


def test_a_subject_opening_with_lower_case_particles_is_who_she_means():
    body = (
        "Dr. Esperanza de los Santos Ruiz said the grant had gone.\n\n"
        "“They knew,” said Lyle Brandvold.\n\n"
        "Asked about it, de los Santos Ruiz did not dispute it. “He is right,” she said."
    )

    assert _speakers(body)[-1] == (2, "Esperanza de los Santos Ruiz")


def test_a_description_then_a_named_person_is_the_speaker():
    body = "Its organiser, the retired headteacher Anwen Delacroix-Morgan, said she would go on."

    assert _speakers(body) == [(0, "Anwen Delacroix-Morgan")]


def test_a_description_then_a_description_stays_the_first():
    body = "Its organiser, the retired headteacher, said she would go on."

    assert _speakers(body) == [(0, "Its organiser")]


def test_a_subject_after_a_phrase_of_time_or_place_is_who_she_points_back_to():
    body = (
        "His attorney, Monique St. Germain, told the jury that her client was innocent.\n\n"
        "“What did it mean?” Achterberg asked.\n\n"
        "On cross-examination, St. Germain pressed the roofer on why he stayed.\n\n"
        "“You kept taking his paychecks, didn't you?” she asked."
    )

    assert _speakers(body)[-1] == (3, "Monique St. Germain")


def test_an_honorific_on_a_later_surname_says_who_he_cannot_be():
    body = (
        "Helen Ashworth-Pryce questioned the site manager, Derek Molyneux.\n\n"
        "“That would have been me,” Mr Molyneux said.\n\n"
        "“What would you do differently?” asked Ms Ashworth-Pryce.\n\n"
        "“Everything,” he replied."
    )

    assert _speakers(body)[-1] == (3, "Derek Molyneux")
