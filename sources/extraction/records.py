"""
What the extraction stages hand on: the kinds they speak of, a `Suggestion` out to the app, a
`KnownSource` in from it, and between the stages an `Entity` (someone the story mentions), a
rule's `Finding` and the `Attribution` it becomes. The records only the stages see are plain
classes and named tuples: a dataclass costs the import several times as much.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import asdict, dataclass

from sources.extraction.tokens import normalize_name

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
    """An existing source, as the extractor needs it: id, name, kind and other names, and the
    organisation it speaks for (what tells one unnamed source from another)."""

    id: int
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    affiliation: KnownSource | None = None


class Entity:
    """Someone or something the story mentions; one object however many times it is named."""

    __slots__ = (
        "affiliation",
        "aliases",
        "descriptors",
        "gender",
        "kind",
        "name",
        "plural",
        "title",
    )

    def __init__(
        self, name: str, kind: str, title: str = "", affiliation: str = "", plural: bool = False
    ):
        self.name = name
        self.kind = kind
        self.title = title
        self.affiliation = affiliation
        self.plural = plural
        # "m" or "f" once an honorific, a gendered title or a pronoun has said so; "" unknown.
        self.gender = ""
        self.aliases: set[str] = set()
        # How the story describes it ("company" for "software company Numbra Inc").
        self.descriptors: set[str] = set()

    @property
    def keys(self) -> set[str]:
        """The normalised names it goes by."""
        return {normalize_name(self.name)} | {normalize_name(alias) for alias in self.aliases}


class Finding(
    namedtuple(
        "Finding",
        ["entity", "verb", "printed", "note", "verb_span", "claim", "kind"],
        defaults=("", "", None, None, None),
    )
):
    """What a speaker rule found: who speaks (`entity`), the verb as printed, the words its
    reason quotes (`printed`), how the speaker's mention was resolved (`note`); for a quote rule
    the speech verb it used (`verb_span`), so no claim is read off it again; for a claim rule
    the claimed words before trimming (`claim`), and their `kind` when the rule decides it."""

    __slots__ = ()


class Attribution:
    """A speaker with the verb as printed and the reason shown to the desk."""

    __slots__ = ("entity", "note", "verb")

    def __init__(self, entity: Entity, verb: str, note: str):
        self.entity = entity
        self.verb = verb
        self.note = note
