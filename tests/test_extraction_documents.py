"""Documents read out: a letter, e-mail or memo someone wrote is theirs ("the letter said" is
its author speaking), and whoever saw the document is not who wrote it."""

from sources.extraction import extract_attributions


def test_the_letter_said_is_the_letters_author():
    body = (
        "In a letter to Castellan staff, seen by Market Desk, Friederike von Hallstein wrote "
        "that she understood the news would cause worry.\n\n"
        "“I will not pretend that a merger of this size comes without pain,” the letter said."
    )

    speakers = [(s.paragraph, s.kind, s.speaker) for s in extract_attributions(body)]

    assert speakers == [
        (0, "paraphrase", "Friederike von Hallstein"),
        (1, "direct_quote", "Friederike von Hallstein"),
    ]


def test_who_saw_the_document_is_not_its_author():
    body = (
        "In an e-mail to investors, obtained by Reuters, chief executive Ana Ruiz wrote that "
        "the fund would close."
    )

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == ("Ana Ruiz", "the fund would close")


def test_a_letter_nobody_is_said_to_have_written_stays_a_document():
    body = "“The service is running on goodwill,” the letter said."

    [quote] = extract_attributions(body)

    assert quote.speaker == "the letter"
