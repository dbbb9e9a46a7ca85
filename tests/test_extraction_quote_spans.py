"""Quote spans in every convention: single curly quotes with apostrophes and plural
possessives, straight quotes, and quotes running over paragraphs."""

from sources.extraction import extract_attributions
from sources.extraction.spans import find_quotes, quote_text


def _texts(block: str) -> list[str]:
    return [quote_text(block, quote) for quote in find_quotes(block)]


def test_single_curly_quote_is_a_span_and_apostrophes_inside_words_are_not_marks():
    block = "‘We don’t want O’Brien’s plan,’ said Gwen Atherley. ‘It isn’t fair.’"

    assert _texts(block) == ["We don’t want O’Brien’s plan", "It isn’t fair."]


def test_plural_possessive_does_not_close_a_single_quote():
    block = "‘The residents’ association was never asked,’ she said."

    assert _texts(block) == ["The residents’ association was never asked"]


def test_apostrophes_outside_quotes_open_nothing():
    block = "The workers’ union said the council’s offer was final in the ’90s sense."

    assert find_quotes(block) == []


def test_british_quote_after_the_speaker_is_attributed():
    body = "‘Our members aren’t asking for the moon,’ said Gwen Atherley, a resident."

    [quote] = extract_attributions(body)

    assert (quote.speaker, quote.text) == (
        "Gwen Atherley",
        "Our members aren’t asking for the moon",
    )


def test_british_quote_running_over_paragraphs_keeps_its_speaker():
    body = (
        "Gwen Atherley said: ‘I have lived on this street for forty years.\n\n"
        "‘There are bags piled up to the windows and nobody comes.’"
    )

    quotes = [s for s in extract_attributions(body) if s.kind == "direct_quote"]

    assert [(q.paragraph, q.speaker) for q in quotes] == [
        (0, "Gwen Atherley"),
        (1, "Gwen Atherley"),
    ]


def test_straight_quotes_are_attributed():
    body = '"We are not losing customers, we are losing time," said Anouk Horst.'

    [quote] = extract_attributions(body)

    assert (quote.speaker, quote.text) == (
        "Anouk Horst",
        "We are not losing customers, we are losing time",
    )


def test_single_quoted_scare_words_stay_unattributed():
    body = "Councillors called the allowance cut a ‘bin tax’ on the workforce."

    assert [s for s in extract_attributions(body) if s.kind == "direct_quote"] == []


def test_a_short_sentence_quoted_after_the_paragraphs_speaker_is_theirs():
    body = "“I came forward after the FBI was already asking,” Ortega said. “That's true.”"

    quotes = [(s.text, s.speaker) for s in extract_attributions(body)]

    assert quotes == [
        ("I came forward after the FBI was already asking", "Ortega"),
        ("That's true.", "Ortega"),
    ]


def test_a_short_quote_with_nobody_speaking_in_its_paragraph_is_still_dropped():
    body = "Ana Ruiz said the plan would work.\n\n“Never again.”"

    assert [s.text for s in extract_attributions(body) if s.paragraph == 1] == []
