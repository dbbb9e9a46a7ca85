"""Claim frames: "called the cuts ‘unacceptable’", "described the plan as ...", "accused the
council of ..." are the subject's claims; "a group called Friends of ...", "so-called", "what
officials called a ‘temporary’ measure" and "called for" are not."""

from sources.extraction import extract_attributions


def _claims(body: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.verb, s.text) for s in extract_attributions(body)]


def test_called_with_a_quoted_complement_is_a_claim():
    body = "Union leader Malcolm Greaves called the situation ‘a public health emergency’."

    assert _claims(body) == [
        ("Malcolm Greaves", "called", "the situation ‘a public health emergency’")
    ]


def test_described_as_ends_where_and_said_takes_over():
    body = (
        "Rhea Castellanos described the new outlook as “realistic, finally,” and said it was "
        "the third cut in 18 months."
    )

    claims = _claims(body)

    assert ("Rhea Castellanos", "described", "the new outlook as “realistic, finally,”") in claims
    assert ("Rhea Castellanos", "said", "it was the third cut in 18 months") in claims


def test_accused_of_is_a_claim():
    body = "Unions have accused the university of a ‘fire and rehire’ approach."

    [claim] = extract_attributions(body)

    assert (claim.speaker, claim.text) == (
        "Unions",
        "the university of a ‘fire and rehire’ approach",
    )


def test_a_group_called_by_its_name_is_not_a_claim():
    body = "A group called Friends of the Library has raised about $31,000."

    assert extract_attributions(body) == []


def test_what_officials_called_a_scare_quote_is_not_a_claim():
    body = "The works are what officials called a ‘temporary’ measure, residents said."

    assert all(s.verb != "called" for s in extract_attributions(body))


def test_called_for_is_not_a_frame():
    body = "Councillor Ana Ruiz called for an inquiry into the ‘missing’ funds."

    assert extract_attributions(body) == []


def test_a_plural_possessive_owner_is_not_the_speaker():
    body = (
        "The opposition Scottish Conservatives’ transport spokesman, Alasdair Kerr-Reid, "
        "called the record on ferries ‘a national embarrassment’."
    )

    [claim] = extract_attributions(body)

    assert claim.speaker == "Alasdair Kerr-Reid"
