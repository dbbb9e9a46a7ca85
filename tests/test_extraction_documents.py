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


def test_a_message_sent_by_someone_read_to_the_jury_is_its_authors():
    body = (
        "Marcus Whitlow-Bryce founded the company in 2009.\n\n"
        "A WhatsApp message sent by Whitlow-Bryce to his finance director in March 2021 was "
        "read to the jury.\n\n"
        "“Just lose the invoices before the auditors come in,” the message said."
    )

    quotes = [(s.paragraph, s.speaker) for s in extract_attributions(body)]

    assert quotes == [(2, "Marcus Whitlow-Bryce")]


def test_another_message_read_out_later_is_the_same_authors():
    body = (
        "An email sent by Dana Okafor to the board was read to the court.\n\n"
        "“Say nothing to the press,” the email said.\n\n"
        "The court then heard about the accounts.\n\n"
        "Another email, sent two days later, was read out by the prosecutor: “We good? Need to "
        "know those are gone.”"
    )

    quotes = [(s.paragraph, s.speaker) for s in extract_attributions(body)]

    assert quotes == [(1, "Dana Okafor"), (3, "Dana Okafor")]


def test_it_read_after_a_message_sent_by_someone_is_its_author_not_an_older_report():
    body = (
        "A CQC report published in 2023 found that staffing had fallen below the minimum.\n\n"
        "An email sent by Marcus Whitlow-Bryce to the board in 2022 was also read to the court."
        "\n\n“I have no idea what this man has been doing,” it read."
    )

    quotes = [s.speaker for s in extract_attributions(body) if s.kind == "direct_quote"]

    assert quotes == ["Marcus Whitlow-Bryce"]


def test_it_after_an_organisation_spoke_since_the_message_is_the_organisation():
    body = (
        "An email sent by Dana Okafor to the council was published on Monday.\n\n"
        "The Harbour Authority said it had received the email. “We will reply,” it said."
    )

    quotes = [s.speaker for s in extract_attributions(body) if s.kind == "direct_quote"]

    assert quotes == ["Harbour Authority"]
