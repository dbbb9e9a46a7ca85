"""Mentions: people named in passing (not as a speaker or a sentence's subject) are remembered,
so a later surname, or a family name written first, resolves to the full name."""

from sources.extraction import extract_attributions


def _speakers(body: str) -> list[tuple[int, str]]:
    return [(s.paragraph, s.speaker) for s in extract_attributions(body)]


def test_surname_resolves_to_a_person_named_only_as_an_object():
    body = (
        "Liu caught a pass from Marcus Ellery-Tate at the top of the arc.\n\n"
        "“Because the right play was the big fella,” Ellery-Tate said."
    )

    assert _speakers(body) == [(1, "Marcus Ellery-Tate")]


def test_surname_resolves_past_a_possessive_owner():
    body = (
        "Denver's Nikolai Brandvold sat with a towel over his head.\n\n"
        "“We had them. We had them twice,” Brandvold said."
    )

    assert _speakers(body) == [(1, "Nikolai Brandvold")]


def test_family_name_written_first_resolves_to_the_full_name():
    body = (
        "Liu Haoran hit a 3-pointer with 1.8 seconds left.\n\n"
        "“So I shot it. I didn't think too much,” Liu said."
    )

    [quote] = extract_attributions(body)

    assert (quote.speaker, quote.paragraph) == ("Liu Haoran", 1)
    assert "surname “Liu” → Liu Haoran" in quote.reason


def test_a_name_in_passing_is_not_a_pronoun_antecedent():
    body = (
        "Coach Ana Ruiz said the team was tired.\n\n"
        "The players thanked Tomas Berg of the booster club.\n\n"
        "“We need a week off,” she said."
    )

    assert _speakers(body)[-1] == (2, "Ana Ruiz")


def test_surname_resolves_to_a_name_in_an_appositive():
    body = (
        "The Mariners' rookie guard, Takumi Hasegawa, had 14 points off the bench.\n\n"
        "“My legs were shaking before the game,” Hasegawa said."
    )

    assert _speakers(body) == [(1, "Takumi Hasegawa")]


def test_and_inside_a_who_aside_does_not_start_the_speaker():
    body = (
        "Nadia Kowalczyk-Reyes scored twice.\n\n"
        "Kowalczyk-Reyes, who had a goal and an assist, said the team had not panicked."
    )

    assert _speakers(body) == [(1, "Nadia Kowalczyk-Reyes")]


def test_and_after_an_aside_still_starts_a_clause():
    body = "Prices rose again in March, which worried traders, and Ana Ruiz said rates would rise."

    assert _speakers(body) == [(0, "Ana Ruiz")]


def test_a_surname_resolves_past_a_suffix_to_the_full_name():
    body = (
        "Arturo Valdez Jr., 67, said he did not know where he would go.\n\n"
        "“She knew my whole history,” Valdez said."
    )

    assert _speakers(body) == [(0, "Arturo Valdez Jr."), (1, "Arturo Valdez Jr.")]


def test_letters_after_a_name_are_no_part_of_it():
    body = (
        "Opening the case, Ciarán Ó Dálaigh KC told jurors the payments had been disguised.\n\n"
        "“This was not a favour between friends,” Mr Ó Dálaigh said.\n\n"
        "Eleanor van Rensburg KC, for the defence, said her client had done honest work.\n\n"
        "“You signed off on six of these, didn’t you?” Ms van Rensburg asked."
    )

    assert _speakers(body) == [
        (0, "Ciarán Ó Dálaigh"),
        (1, "Ciarán Ó Dálaigh"),
        (2, "Eleanor van Rensburg"),
        (3, "Eleanor van Rensburg"),
    ]


def test_capitals_after_a_single_word_are_not_taken_for_letters_after_a_name():
    body = "“We will appeal,” said Ana Ruiz, an MP for the Greens.\n\n“Now,” Ruiz added, “we wait.”"

    assert {s for _, s in _speakers(body)} == {"Ana Ruiz"}


def test_letters_of_an_elected_office_before_a_name_are_a_title():
    body = (
        "Green MSP Ana Ruiz-Tello wrote to the housing minister on Monday.\n\n"
        "‘The tenants have waited long enough,’ she wrote.\n\n"
        "The MSP said the delay was indefensible."
    )

    found = extract_attributions(body)

    assert [(s.paragraph, s.speaker) for s in found] == [
        (1, "Ana Ruiz-Tello"),
        (2, "Ana Ruiz-Tello"),
    ]
    assert found[0].title == "Green MSP"


def test_an_office_with_no_name_after_it_stays_an_unnamed_source():
    body = "An MP who sits on the committee said the figures did not add up."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.speaker_kind) == ("An MP who sits on the committee", "unnamed")
