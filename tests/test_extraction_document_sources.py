"""Documents as sources: a study, report or audit "found that" / "shows that" is the
document's finding, described as printed; "the report" and "it" point back to it; a document
named with whoever published or obtained it ("estimates by the International Energy Agency")
is the document, not them; and a person or an organisation "found" nothing."""

from sources.extraction import extract_attributions


def _claims(body: str) -> list[tuple[int, str, str, str]]:
    return [(s.paragraph, s.kind, s.speaker, s.text) for s in extract_attributions(body)]


def test_a_study_found_that_is_the_documents_finding():
    body = (
        "A 2024 study published in the journal Health Affairs found that about one in six "
        "patients had rationed their supply."
    )

    assert _claims(body) == [
        (
            0,
            "document",
            "A 2024 study published in the journal Health Affairs",
            "about one in six patients had rationed their supply",
        )
    ]


def test_the_report_and_it_point_back_to_the_document():
    body = (
        "A report to the council’s executive board, published last week, found that missed "
        "collections had risen by 40 per cent. The report said the service was ‘running on "
        "goodwill’.\n\n"
        "It says that each depot lost £1.9 million last year."
    )

    speakers = [(paragraph, speaker) for paragraph, _, speaker, _ in _claims(body)]
    assert speakers == [
        (0, "A report to the council’s executive board"),
        (0, "A report to the council’s executive board"),
        (1, "A report to the council’s executive board"),
    ]


def test_a_document_seen_by_a_newspaper_is_not_the_newspapers():
    body = (
        "An internal document circulated to senior managers in January, and seen by The "
        "Weekly Courant, describes the languages department as ‘structurally unsustainable’."
    )

    [(_, kind, speaker, text)] = _claims(body)
    assert (kind, speaker) == (
        "document",
        "An internal document circulated to senior managers in January",
    )
    assert text == "the languages department as ‘structurally unsustainable’"


def test_according_to_a_document_by_an_organisation_is_the_document():
    body = (
        "Iraq pumped about 350,000 bpd above its quota in April, according to estimates by the "
        "International Energy Agency."
    )

    [(_, kind, speaker, _)] = _claims(body)
    assert (kind, speaker) == ("document", "estimates by the International Energy Agency")


def test_the_agency_is_not_a_document_that_mentions_an_agency():
    body = (
        "The agency approved 11,200 applications, according to agency figures obtained by The "
        "Associated Press.\n\n"
        "“Our staff are going door to door to help,” the agency said."
    )

    speakers = [(paragraph, speaker) for paragraph, _, speaker, _ in _claims(body)]
    assert speakers[0] == (0, "agency figures obtained by The Associated Press")
    assert speakers[1][1] != "agency figures obtained by The Associated Press"


def test_people_who_found_something_make_no_document_claim():
    body = "Investigators found that the door had been left open."

    assert _claims(body) == []


def test_opposition_figures_are_people_not_a_document():
    body = "Opposition figures said the vote had been rigged."

    [(_, kind, speaker, _)] = _claims(body)
    assert (kind, speaker) == ("paraphrase", "Opposition figures")
