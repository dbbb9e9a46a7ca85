"""
What the extraction stages hand on: the kinds they speak of, a `Suggestion` out to the app, a
`KnownSource` in from it, and between the stages a rule's `Finding` and the `Attribution` it
becomes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sources.extraction.mentions import Entity

# The values of sources.models.AttributionKind and SourceKind (kept as plain strings so the
# extractor runs without Django; a test pins them to the models).
DIRECT_QUOTE = "direct_quote"
PARAPHRASE = "paraphrase"
STATEMENT = "statement"
DOCUMENT = "document"

PERSON = "person"
ORGANIZATION = "organization"
UNNAMED = "unnamed"


@dataclass(frozen=True)
class Suggestion:
    """One proposed attribution: who said what, where, and why the extractor thinks so."""

    paragraph: int
    kind: str
    text: str
    verb: str
    speaker: str
    speaker_kind: str
    title: str = ""
    affiliation: str = ""
    source_id: int | None = None
    reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KnownSource:
    """An existing source, as the extractor needs it: id, name, kind and other names."""

    id: int
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """What a speaker rule found: who speaks, the verb as printed, the words its reason quotes,
    how the speaker's mention was resolved, and the spans the rule used."""

    entity: Entity
    verb: str
    printed: str = ""
    note: str = ""
    # Quote rules: the speech verb the attribution used, so no claim is read off it again.
    verb_span: tuple[int, int] | None = None
    # Claim rules: the claimed words before trimming, and their kind when the rule decides it.
    claim: tuple[int, int] | None = None
    kind: str | None = None


@dataclass
class Attribution:
    """A speaker with the verb as printed and the reason shown to the desk."""

    entity: Entity
    verb: str
    note: str
