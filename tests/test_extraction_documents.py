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


def test_a_message_someone_sent_read_out_is_its_authors():
    body = (
        "Wade Pettigrew founded the charity in 2014.\n\n"
        "Menéndez described a text message Pettigrew sent her in March 2021, which prosecutors "
        "displayed in the courtroom.\n\n"
        "“Move the gift to the ops account today,” the message read. “I'll explain later.”"
    )

    quotes = [
        (s.paragraph, s.speaker) for s in extract_attributions(body) if s.kind == "direct_quote"
    ]

    assert quotes == [(2, "Wade Pettigrew"), (2, "Wade Pettigrew")]


def test_read_frames_no_claim():
    body = "Dana Whitley read the statement to reporters outside the court."

    assert extract_attributions(body) == []


def test_a_message_without_a_named_sender_is_nobodys():
    body = "Prosecutors displayed a message on screens.\n\n“Call me tonight,” the message read."

    assert [s.speaker for s in extract_attributions(body) if s.kind == "direct_quote"] == []


def test_the_statement_said_is_whoever_said_it_in_a_statement():
    body = (
        "Mayor Renée Castellano-Ford said in a statement that she would sign the ordinance. "
        "“Safety is not a partisan issue,” the statement said."
    )

    speakers = [(s.kind, s.speaker) for s in extract_attributions(body)]

    assert speakers == [
        ("statement", "Renée Castellano-Ford"),
        ("direct_quote", "Renée Castellano-Ford"),
    ]


def test_a_statement_nobody_is_said_to_have_made_stays_a_document():
    body = "“Safety is not a partisan issue,” the statement said."

    [quote] = extract_attributions(body)

    assert quote.speaker == "the statement"


def test_one_of_the_messages_someone_sent_read_out_is_theirs():
    body = (
        "Prosecutors showed the jury a series of text messages that Bradley Thurgood sent to "
        "crew leaders.\n\n"
        "One, sent the day before an adjuster's visit, read: “Make the damage look worse.”"
    )

    [quote] = extract_attributions(body)

    assert (quote.paragraph, quote.speaker) == (1, "Bradley Thurgood")
    assert "one of the messages" in quote.reason


def test_one_with_no_message_sent_before_is_an_unnamed_source():
    body = "“We were never told,” one said."

    assert [s.speaker for s in extract_attributions(body)] != ["Bradley Thurgood"]
