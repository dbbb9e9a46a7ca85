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
