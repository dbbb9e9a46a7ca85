"""Speech verbs beyond said/says/told: question quotes ("“Why?” Baptiste asked."), verb-subject
inversion ("…,” added X"), verbs that attribute a quote but frame no claim ("asked her about a
bonus"), the plural present ("Critics say ..."), and the guards that keep a fragment inside a
sentence ("as X noted, “...”", "what the union called “...”", "What officials say is") from
being credited."""

from sources.extraction import DIRECT_QUOTE, extract_attributions


def _found(body: str) -> list[tuple[str, str, str, str]]:
    return [(s.kind, s.speaker, s.verb, s.text) for s in extract_attributions(body)]


def _quotes(body: str) -> list[tuple[str, str, str]]:
    return [
        (s.speaker, s.verb, s.text) for s in extract_attributions(body) if s.kind == DIRECT_QUOTE
    ]


def test_a_question_quote_then_its_speaker_is_one_sentence():
    body = (
        "Assistant U.S. Attorney Kendra Baptiste questioned the bookkeeper.\n\n"
        "“Did he ever explain?” Baptiste asked.\n\n"
        "“No,” Carla Menéndez replied. “He never explained anything.”"
    )

    assert _quotes(body) == [
        ("Kendra Baptiste", "asked", "Did he ever explain?"),
        ("Carla Menéndez", "replied", "No"),
        ("Carla Menéndez", "replied", "He never explained anything."),
    ]


def test_a_question_quote_with_the_verb_first():
    assert _quotes("“Is that fair?” asked Sen. Jane Ortiz.") == [
        ("Jane Ortiz", "asked", "Is that fair?")
    ]


def test_an_exclamation_then_a_pronoun_and_verb():
    body = "Jane Ortiz spoke first. “We will not move!” she shouted."

    assert _quotes(body) == [("Jane Ortiz", "shouted", "We will not move!")]


def test_a_question_quote_without_a_verb_after_it_still_ends_its_sentence():
    body = "“Why now?” The council has not said. Jane Ortiz said the vote was rushed."

    found = _found(body)

    assert ("paraphrase", "Jane Ortiz", "said", "the vote was rushed") in found
    assert not [f for f in found if f[0] == DIRECT_QUOTE and f[1] == "Jane Ortiz"]


def test_added_with_the_subject_after_the_verb():
    assert _quotes("“We will not move,” added Jane Ortiz, the mayor.") == [
        ("Jane Ortiz", "added", "We will not move")
    ]


def test_asked_someone_about_something_is_no_claim():
    body = "Defense attorney Graham Whitcombe asked her about a bonus she received in 2022."

    assert extract_attributions(body) == []


def test_asked_whether_is_no_claim():
    body = "Sheila Brandt-Morrow asked Tolliver whether she had kept a humidifier running."

    assert extract_attributions(body) == []


def test_the_plural_present_say_takes_a_clause():
    assert _found("Critics say the sites are hard to reach without a car.") == [
        ("paraphrase", "Critics", "say", "the sites are hard to reach without a car")
    ]


def test_pointed_out_that_is_a_claim():
    body = "Marcus Lindqvist pointed out that volumes had held up better than expected."

    assert _found(body) == [
        (
            "paraphrase",
            "Marcus Lindqvist",
            "pointed out",
            "volumes had held up better than expected",
        )
    ]


def test_said_in_a_note_is_not_the_verb_note():
    body = "Joost 't Hooft said in a note that the guidance implied lower sales."

    assert _found(body) == [
        ("paraphrase", "Joost 't Hooft", "said in a note", "the guidance implied lower sales")
    ]


def test_a_free_relative_with_say_credits_nothing():
    body = "What officials say is a ‘temporary’ measure has lasted three years."

    assert extract_attributions(body) == []


def test_an_as_aside_credits_no_claim():
    assert extract_attributions("The road is, as residents say, dangerous.") == []


def test_a_quote_after_an_as_aside_is_a_fragment():
    body = "The plan, as Jane Ortiz noted, “will not survive the winter,” and the council knows it."

    assert _quotes(body) == []


def test_a_quote_inside_a_sentence_before_the_verb_is_a_fragment():
    body = "They had what the union called “a fair hearing”, Jane Ortiz said."

    assert _quotes(body) == []


def test_an_exchange_goes_back_to_the_one_who_asked():
    body = (
        "On cross-examination, Sheila Brandt-Morrow asked Shanice Tolliver whether she had kept "
        "a humidifier running.\n\n"
        "“For a few weeks when he was sick, yes,” Tolliver said.\n\n"
        "“Every night?”\n\n"
        "“When he was sick. The doctor told me to.”"
    )

    assert _quotes(body) == [
        ("Shanice Tolliver", "said", "For a few weeks when he was sick, yes"),
        ("Sheila Brandt-Morrow", "asked", "Every night?"),
        ("Shanice Tolliver", "replied", "When he was sick. The doctor told me to."),
    ]


def test_a_bare_quote_after_two_speakers_without_a_question_is_no_turn():
    body = (
        "“The plan is sound,” Jane Ortiz said.\n\n"
        "“It is not,” Tom Hadley said.\n\n"
        "“We will vote on it next week and see who is right.”"
    )

    quotes = _quotes(body)

    assert ("Tom Hadley", "said", "We will vote on it next week and see who is right.") in quotes
    assert not [q for q in quotes if q[0] == "Jane Ortiz" and q[2].startswith("We will vote")]


def test_a_claim_ends_where_and_said_takes_over():
    body = (
        "Marcus Lindqvist pointed out that volumes had held up better than expected, and said "
        "the company would spend more on advertising."
    )

    found = _found(body)

    assert (
        "paraphrase",
        "Marcus Lindqvist",
        "pointed out",
        "volumes had held up better than expected",
    ) in found
    assert (
        "paraphrase",
        "Marcus Lindqvist",
        "said",
        "the company would spend more on advertising",
    ) in found


def test_a_weak_verb_with_no_clause_before_and_says_is_no_claim():
    body = "Calloway Property Group denies the claims and says tenants caused the damage."

    assert [(f[1], f[2], f[3]) for f in _found(body)] == [
        ("Calloway Property Group", "says", "tenants caused the damage")
    ]


def test_a_named_person_then_who_said_is_their_claim():
    body = (
        "The lone vote against came from board member Priya Venkataraman-Holt, who said the "
        "traffic study had been done in January."
    )

    assert _found(body) == [
        (
            "paraphrase",
            "Priya Venkataraman-Holt",
            "said",
            "the traffic study had been done in January",
        )
    ]


def test_a_description_then_who_asked_is_no_claim_of_the_subject():
    body = "Ms MacLeod, a crofter who asked that her surname be used, said the service had failed."

    assert _found(body) == [("paraphrase", "Ms MacLeod", "said", "the service had failed")]


def test_a_titled_name_after_local_is_the_person():
    body = "Local GP Dr Kirsty Ní Bhriain said patients had missed hospital appointments."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == (
        "Kirsty Ní Bhriain",
        "patients had missed hospital appointments",
    )


def test_local_officials_stay_an_unnamed_group():
    [claim] = extract_attributions("Local officials said the recovery is slow.")

    assert claim.speaker == "Local officials"


def test_an_adverb_set_off_before_that_does_not_end_the_claim():
    body = (
        "Søren Åkerlund spoke first. He conceded, however, that the company had been slow to "
        "act on the first complaints."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == (
        "Søren Åkerlund",
        "the company had been slow to act on the first complaints",
    )


def test_a_speech_verb_after_an_article_is_a_noun():
    body = "An email from a claims manager at Suncoast Mutual was read to jurors."

    assert extract_attributions(body) == []


def test_a_document_noun_after_an_article_still_speaks_with_its_own_verb():
    body = "The reports said the plan had failed."

    assert [(s.speaker, s.text) for s in extract_attributions(body)] == [
        ("The reports", "the plan had failed")
    ]


def test_and_suggested_with_a_clause_is_a_second_claim_of_the_subject():
    body = (
        "Monique St. Germain noted that Ortega had agreed to plead guilty, and suggested he "
        "had every reason to lie."
    )

    assert [(s.speaker, s.text) for s in extract_attributions(body)] == [
        ("Monique St. Germain", "Ortega had agreed to plead guilty"),
        ("Monique St. Germain", "he had every reason to lie"),
    ]


def test_and_noted_without_a_clause_is_no_claim():
    body = "The union kept its demand and noted the talks."

    assert extract_attributions(body) == []


def test_wrote_to_someone_is_whom_not_a_claim():
    body = "Lisa Moore wrote to the agency in January asking it to extend the grant."

    assert extract_attributions(body) == []


def test_wrote_to_someone_that_is_still_a_claim():
    body = "Lisa Moore wrote to the agency that the grant had been cut."

    assert [s.speaker for s in extract_attributions(body)] == ["Lisa Moore"]


def test_declined_to_name_or_to_speak_is_a_statement_like_declined_to_comment():
    body = (
        "Choi Min-jae said the order was a good one. He declined to name the buyer.\n\n"
        "Bradley Thurgood declined to speak to reporters as he left the courthouse."
    )

    found = [(s.paragraph, s.kind, s.speaker, s.verb) for s in extract_attributions(body)]

    assert found[1:] == [
        (0, "statement", "Choi Min-jae", "declined to name"),
        (1, "statement", "Bradley Thurgood", "declined to speak"),
    ]


def test_agreed_that_is_a_claim_and_agreed_to_is_none():
    body = (
        "Under cross-examination, Gráinne MacSuibhne agreed that she had approved payments.\n\n"
        "The council agreed to buy the land in March."
    )

    assert _found(body) == [
        ("paraphrase", "Gráinne MacSuibhne", "agreed", "she had approved payments"),
    ]


def test_a_short_answer_to_a_question_is_the_witness_s_and_the_exchange_goes_on():
    body = (
        "Under cross-examination by Eleanor van Rensburg KC, for the defence, Gráinne MacSuibhne "
        "agreed that she had approved payments.\n\n"
        "“You signed off on at least six of these invoices, didn’t you?” Ms van Rensburg "
        "asked.\n\n"
        "“I did.”\n\n"
        "“Without asking what the consultancy was for?”\n\n"
        "“I asked. I was told it was none of my business.”"
    )

    assert [(s, v) for s, v, _ in _quotes(body)] == [
        ("Eleanor van Rensburg", "asked"),
        ("Gráinne MacSuibhne", "replied"),
        ("Eleanor van Rensburg", "asked"),
        ("Gráinne MacSuibhne", "replied"),
    ]


def test_a_question_someone_said_is_not_answered_by_the_next_paragraph():
    body = (
        "Ewen Ferguson runs a hotel. Mairi Lindsay-Baird is the minister.\n\n"
        "‘A family rang me in tears,’ Ferguson said. ‘What do you say to that?\n\n"
        "‘I refunded every penny. I’m not sure I can keep doing that.’"
    )

    assert {s for s, _, _ in _quotes(body)} == {"Ewen Ferguson"}


def test_saying_after_the_main_clause_is_the_subjects_claim():
    body = (
        "Ana Ruiz-Tello rejected the offer on Friday, saying that it undervalued the firm.\n\n"
        "Holmgard Group cut its forecast, saying demand had fallen in every region."
    )

    assert [(s.speaker, s.verb, s.text) for s in extract_attributions(body)] == [
        ("Ana Ruiz-Tello", "saying", "it undervalued the firm"),
        ("Holmgard Group", "saying", "demand had fallen in every region"),
    ]


def test_saying_credits_no_unknown_group_no_relative_clause_and_no_bare_object():
    body = (
        "Protesters marched through the square, saying the cuts would close schools.\n\n"
        "Ana Ruiz-Tello is one of 30 growers who are suing the county, saying the dam "
        "flooded their land.\n\n"
        "She left the hall, saying nothing."
    )

    assert extract_attributions(body) == []


def test_which_then_a_speaker_and_say_is_the_speakers_claim():
    body = "The county will extend the quarry, which engineers say will otherwise close by 2030."

    assert _found(body) == [("paraphrase", "engineers", "say", "will otherwise close by 2030")]


def test_which_it_calls_a_scare_quote_credits_nothing():
    body = "The trust has opened three new wards, which it calls ‘recovery hubs’, this year."

    assert extract_attributions(body) == []


def test_a_weak_verb_whose_words_before_a_comma_hold_no_clause_is_no_claim():
    body = (
        "The company confirmed its annual forecast, which it cut in May, for sales of "
        "2 billion euros and an adjusted loss.\n\n"
        "The company confirmed the plant would close, which staff had feared."
    )

    assert _found(body) == [
        ("statement", "company", "confirmed", "the plant would close, which staff had feared")
    ]


def test_an_exclamation_right_after_shouted_is_the_shouters():
    body = (
        "When the vote was called, several farmers at the back shouted “Count them again!” "
        "and the chair agreed."
    )

    assert _quotes(body) == [("several farmers at the back", "shouted", "Count them again!")]


def test_a_word_chanted_or_a_name_after_shouted_is_no_direct_quote():
    body = (
        "Fans chanted “Judas” as he left the pitch.\n\n"
        "Protesters shouted what they called “the people’s verdict” outside the court."
    )

    assert _quotes(body) == []


def test_a_weekday_without_on_is_part_of_the_verb_as_printed():
    body = "Mayor Ana Ruiz-Tello said Tuesday that the bridge would reopen in May."

    assert _found(body) == [
        ("paraphrase", "Ana Ruiz-Tello", "said Tuesday", "the bridge would reopen in May")
    ]


def test_a_weekday_as_the_subject_of_the_claim_is_not_taken_into_the_verb():
    body = "Ana Ruiz-Tello said Tuesday's vote would decide the budget."

    assert _found(body) == [
        ("paraphrase", "Ana Ruiz-Tello", "said", "Tuesday's vote would decide the budget")
    ]


def test_a_verb_leading_into_a_quote_after_a_colon_frames_no_claim():
    body = (
        "Ana Ruiz-Tello replied the next day, according to an email shown to the court: "
        "“Leave it with me. I will sort it out.”"
    )

    assert [s.kind for s in extract_attributions(body)] == [DIRECT_QUOTE]


def test_a_colon_after_that_still_leaves_the_claim():
    body = "Ana Ruiz-Tello said that the terms were clear: nobody would lose pay."

    assert _found(body) == [
        ("paraphrase", "Ana Ruiz-Tello", "said", "the terms were clear: nobody would lose pay")
    ]


def test_said_set_off_inside_a_clause_credits_no_claim_of_the_subject_alone():
    body = "One tenant, she said, had written: ‘Nobody ever came to look at the damp.’"

    assert [s.kind for s in extract_attributions(body)] == [DIRECT_QUOTE]


def test_according_to_a_description_then_a_full_name_is_that_person():
    body = "The fund has raised about $40,000 since May, according to its treasurer, Ines Varga."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.title, claim.text) == (
        "Ines Varga",
        "its treasurer",
        "The fund has raised about $40,000 since May",
    )


def test_according_to_a_document_then_a_relative_clause_stays_the_document():
    body = "The budget rose 4%, according to the report, which was published on Monday."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.kind) == ("the report", "document")


def test_a_group_then_who_say_is_the_groups_claim():
    body = (
        "The council approved the depot, ending a long fight with tenants of the Elm Court "
        "estate who say the lorries have kept them awake for years."
    )

    assert _found(body) == [
        (
            "paraphrase",
            "tenants of the Elm Court estate",
            "say",
            "the lorries have kept them awake for years",
        )
    ]


def test_one_person_described_then_who_said_is_still_no_claim():
    body = "A crofter who said she had lost sheep to the eagles spoke first."

    assert extract_attributions(body) == []


def test_a_view_held_that_is_the_subjects_claim():
    body = "Economists were unconvinced that the rate cut would revive lending."

    assert _found(body) == [
        ("paraphrase", "Economists", "were unconvinced", "the rate cut would revive lending")
    ]


def test_a_view_without_that_is_no_claim():
    body = "Ana Ruiz-Tello was confident of a win and hopeful about the replay."

    assert extract_attributions(body) == []


def test_a_speaker_after_the_claim_then_where_it_was_said_still_ends_the_sentence():
    body = (
        "The bridge will stay shut until spring, Mayor Ana Ruiz-Tello said at a news "
        "conference.\n\n"
        "Rents rose sharply, a tenant testified Monday on the first day of the trial."
    )

    assert [(s.speaker, s.verb, s.text) for s in extract_attributions(body)] == [
        ("Ana Ruiz-Tello", "said", "The bridge will stay shut until spring"),
        ("a tenant", "testified Monday", "Rents rose sharply"),
    ]


def test_where_it_was_said_is_no_claim_but_a_clause_after_it_is():
    body = (
        "Ana Ruiz-Tello said at a news conference.\n\n"
        "Ana Ruiz-Tello said at a news conference that the plan had failed."
    )

    assert [(s.paragraph, s.text) for s in extract_attributions(body)] == [
        (1, "the plan had failed")
    ]
