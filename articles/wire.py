"""
Wire copy read: plain-text agency copy in, a WireStory out. Parsing only; nothing here touches
the database (ingest.py turns a story into a draft).

Parses the common layout:

    [Headline]
    February 25, 2020
    By Ted Hesson and Jane Roe
    WASHINGTON (Reuters) – First paragraph ...

    More paragraphs, separated by blank lines, with SHORT CAPITALISED subheads.

    (Reporting by Ted Hesson in Washington; Editing by Mica Rosenberg and Alistair Bell)

Every paragraph of the copy ends up in the body, in order; nothing it cannot classify is dropped
(an unknown credit role is kept as printed, leftover credit text stays in the body) and each such
case is reported as a warning.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from articles.ingest_checks import CONTROL, WireFormatError
from articles.models import Credit
from articles.rendering import escape_markdown

# Far longer than any paragraph of news copy (the seed's longest is ~300 characters); a longer
# line is not wire copy, and refusing it bounds the parser's work.
MAX_LINE_CHARS = 5_000


@dataclass(frozen=True)
class ParsedCredit:
    """A credit as the copy prints it: who, in which role (ours, or as printed), from where."""

    name: str
    role: str
    role_label: str = ""
    place: str = ""


@dataclass
class WireStory:
    """A wire story as parsed: its header, its body in Markdown blocks and what it warned of."""

    headline: str = ""
    filed_on: date | None = None
    dateline: str = ""
    provider: str = ""
    blocks: list[str] = field(default_factory=list)
    credits: list[ParsedCredit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def byline(self) -> list[str]:
        return [credit.name for credit in self.credits if credit.role == Credit.Role.BYLINE]


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")
_WEEKDAY = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE
)  # "Tuesday, February 25, 2020"
_BYLINE = re.compile(r"^(?:By|BY)\s+(?P<names>\S.*)$")
DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’/\- ]*[A-Z.]        # WASHINGTON, NEW YORK, ST. LOUIS
        (?:,\s*[^()\n,]{1,40})?)                   # , Calif.
        \s*\((?P<provider>[^()\n]{2,40})\)         # (Reuters)
        \s*(?:[–—]|--?)\s*                         # en dash, em dash or hyphen
    """,
    re.VERBOSE,
)
_CREDIT_LINE = re.compile(r"^\((?P<inner>.*\bby\b.*)\)$", re.DOTALL)
_ROLE = re.compile(r"\b(?P<role>[A-Z][a-z]+(?:\s+[a-z]+)*)\s+by\s+")
_PEOPLE_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_IN_PLACE = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<place>\S.*)$")

# The words agencies use for a role, normalised to ours. Keys are lower case.
ROLE_WORDS = {
    "reporting": Credit.Role.REPORTING,
    "reported": Credit.Role.REPORTING,
    "additional reporting": Credit.Role.ADDITIONAL_REPORTING,
    "writing": Credit.Role.WRITING,
    "written": Credit.Role.WRITING,
    "editing": Credit.Role.EDITING,
    "edited": Credit.Role.EDITING,
    "photography": Credit.Role.PHOTOGRAPHY,
    "photographs": Credit.Role.PHOTOGRAPHY,
    "photos": Credit.Role.PHOTOGRAPHY,
    "graphics": Credit.Role.GRAPHICS,
}


def parse_date(line: str) -> date | None:
    """A wire date line ("February 25, 2020", "25 Feb 2020", "2020-02-25"), or None."""
    text = _WEEKDAY.sub("", line.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, not a time)
        except ValueError:
            continue
    return None


def _people(text: str) -> list[tuple[str, str]]:
    """ "A in Washington and B" -> [(A, Washington), (B, "")]; a place covers the names before
    it that have none ("A and B in London")."""
    people: list[list[str]] = []
    for part in _PEOPLE_SPLIT.split(text.strip().rstrip(".;, ")):
        part = part.strip()
        if not part:
            continue
        match = _IN_PLACE.match(part)
        name, place = (match["name"], match["place"]) if match else (part, "")
        if place:
            for earlier in reversed(people):
                if earlier[1]:
                    break
                earlier[1] = place
        people.append([name.strip(), place.strip()])
    return [(name, place) for name, place in people]


def _roles(phrase: str) -> list[str] | None:
    """ "Reporting and writing" -> [reporting, writing]; None when any word is not ours."""
    roles = []
    for word in re.split(r"\s+and\s+", phrase.strip().lower()):
        role = ROLE_WORDS.get(word)
        if role is None:
            return None
        roles.append(role)
    return roles


def parse_credit_line(text: str) -> tuple[list[ParsedCredit], str, list[str]] | None:
    """Parse "(Reporting by X in Place; Editing by Y and Z)".

    Returns (credits, leftover text, warnings), or None when the block is not a credit line.
    """
    text = text.strip()
    # Checked first: on a block that opens with "(" but does not close, the pattern's
    # backtracking is quadratic in the block's length.
    if not (text.startswith("(") and text.endswith(")")):
        return None
    match = _CREDIT_LINE.match(text)
    if not match:
        return None
    inner = match["inner"]
    roles = list(_ROLE.finditer(inner))
    if not roles:
        return None
    credits: list[ParsedCredit] = []
    warnings: list[str] = []
    leftover = inner[: roles[0].start()].strip(" ;,.")
    for index, role_match in enumerate(roles):
        end = roles[index + 1].start() if index + 1 < len(roles) else len(inner)
        segment = inner[role_match.end() : end].strip(" ;,.")
        phrase = role_match["role"]
        people = _people(segment)
        if not people:
            warnings.append(f'credit "{phrase} by" names nobody')
            continue
        known = _roles(phrase)
        if known is None:
            names = ", ".join(name for name, _ in people)
            warnings.append(f'unknown credit role "{phrase}" for {names}: kept as printed')
            credits += [
                ParsedCredit(name, Credit.Role.OTHER, phrase, place) for name, place in people
            ]
        else:
            credits += [
                ParsedCredit(name, role, "", place) for role in known for name, place in people
            ]
    return credits, leftover, warnings


def _is_subhead(block: str) -> bool:
    # Short, one line, not a sentence, and mostly capitals ("POLITICAL ATTACKS?").
    letters = [char for char in block if char.isalpha()]
    return (
        "\n" not in block
        and len(block) <= 80
        and len(block.split()) <= 10
        and len(letters) >= 3
        and not block.endswith((".", ",", ";", ":", '"', "”", "'", "’"))
        and sum(char.isupper() for char in letters) > len(letters) / 2
    )


def _blocks(text: str) -> list[str]:
    return [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", text)
        if block.strip()
    ]


def parse_wire(text: str) -> WireStory:
    """Parse wire copy into a WireStory, or raise WireFormatError saying why not."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.removeprefix("\ufeff")
    if CONTROL.search(text):
        raise WireFormatError("contains control characters: not plain-text wire copy")
    if not text.strip():
        raise WireFormatError("the file is empty")
    lines = text.strip().split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise WireFormatError(
                f"line {number} is {len(line):,} characters long, more than the "
                f"{MAX_LINE_CHARS:,} wire copy ever needs"
            )

    story = WireStory()
    bylines: list[tuple[str, str]] = []
    header: list[str] = []
    header_start = position = 0
    # The header: date, byline and an optional headline, one per line, before the dateline.
    while position < len(lines):
        line = lines[position].strip()
        if not line:
            position += 1
            continue
        if DATELINE.match(line):
            break
        if (filed_on := parse_date(line)) is not None and story.filed_on is None:
            story.filed_on = filed_on
        elif byline := _BYLINE.match(line):
            bylines += _people(byline["names"])
        elif header or story.filed_on or bylines:
            # Past the headline, an unknown line before the dateline is not in this layout.
            break
        else:
            header.append(line)
            header_start = position
        position += 1

    blocks = _blocks("\n".join(lines[position:]))
    dateline = DATELINE.match(blocks[0]) if blocks else None
    if dateline is None:
        # No dateline: what looked like a headline starts the first paragraph.
        if header:
            blocks = _blocks("\n".join(lines[header_start:]))
            header = []
        story.warnings.append('no dateline ("CITY (Agency) – ") opens the first paragraph')
    else:
        story.dateline = " ".join(dateline["place"].split())
        story.provider = dateline["provider"].strip()
        blocks[0] = blocks[0][dateline.end() :].strip()
        if not blocks[0]:
            raise WireFormatError("the dateline is not followed by any text")
    story.headline = header[0] if header else ""
    if story.filed_on is None:
        story.warnings.append("no date line (e.g. 'February 25, 2020') before the story")
    if not bylines:
        story.warnings.append("no byline ('By ...') before the story")
    story.credits = [ParsedCredit(name, Credit.Role.BYLINE, "", place) for name, place in bylines]

    if blocks and (parsed := parse_credit_line(blocks[-1])) is not None:
        credits, leftover, warnings = parsed
        story.credits += credits
        story.warnings += warnings
        if leftover:
            story.warnings.append(f"credit line text kept in the body: {blocks[-1]!r}")
        else:
            blocks.pop()
    if not blocks:
        raise WireFormatError("no story paragraphs found")

    story.blocks = [
        f"## {escape_markdown(block)}" if index and _is_subhead(block) else escape_markdown(block)
        for index, block in enumerate(blocks)
    ]
    return story
