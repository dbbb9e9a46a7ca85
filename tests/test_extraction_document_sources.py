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


def test_a_plan_estimates_that_and_an_owners_report_found_that_are_documents():
    body = (
        "The trust’s recovery plan, published on Tuesday, estimates that the ward needs "
        "£40,000 of repairs.\n\n"
        "An engineer's report commissioned by the parish found that the roof was unsafe."
    )

    assert _claims(body) == [
        (0, "document", "The trust’s recovery plan", "the ward needs £40,000 of repairs"),
        (
            1,
            "document",
            "An engineer's report commissioned by the parish",
            "the roof was unsafe",
        ),
    ]


def test_according_to_a_code_of_rules_is_the_document():
    body = "According to the league's disciplinary code, a second booking carries a ban."

    assert _claims(body) == [
        (0, "document", "the league's disciplinary code", "a second booking carries a ban")
    ]


def test_estimates_as_a_noun_or_after_an_organisation_is_no_document_finding():
    body = (
        "Government estimates that were published on Monday put the cost at two billion.\n\n"
        "Analyst estimates had put the loss at 40 million euros."
    )

    assert _claims(body) == []


def test_a_document_that_shows_at_the_end_of_the_sentence_is_the_findings_source():
    body = "Two lawsuits have been filed against the council since May, court records show."

    assert _claims(body) == [
        (
            0,
            "document",
            "court records",
            "Two lawsuits have been filed against the council since May",
        )
    ]


def test_show_with_no_document_before_it_is_no_finding():
    body = "Thousands of fans turned up, the organisers show. Nobody came to the show."

    assert _claims(body) == []


def test_estimated_a_thing_at_a_sum_is_a_claim():
    body = "The audit estimated the cost of repairing the pier at £4 million."

    assert _claims(body) == [
        (0, "document", "The audit", "the cost of repairing the pier at £4 million")
    ]


def test_estimated_with_no_sum_is_no_claim():
    body = "The firm estimated its losses at the time of the fire."

    assert _claims(body) == []


def test_a_document_found_something_to_be_is_its_finding():
    body = "A later inspection by the regulator found two of the homes to be unsafe."

    assert _claims(body) == [
        (
            0,
            "document",
            "A later inspection by the regulator",
            "two of the homes to be unsafe",
        )
    ]


def test_people_who_found_something_to_be_and_reports_written_by_are_no_finding():
    body = (
        "Investigators found the driver to be at fault.\n\n"
        "Inspection reports written by the manager were never filed."
    )

    assert _claims(body) == []
