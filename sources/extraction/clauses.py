"""
The clause around a speech verb: where it begins ("..., but the minister said"), its comma- and
dash-separated pieces, and the speaker it opens with, whose appositive gives a title ("Chad
Sublet, an attorney for the tribe, said").
"""

from __future__ import annotations

import re

from sources.extraction.lexicon import INDEFINITE, INTRO_WORDS, RELATIVE
from sources.extraction.mentions import Memory, title_from
from sources.extraction.phrases import Resolved, classify
from sources.extraction.records import ORGANIZATION, PERSON
from sources.extraction.tokens import bare_word, has_verb, is_cap


def clause_start(masked: str, start: int, verb_start: int) -> tuple[int, bool]:
    """Where the clause holding the verb begins, and whether it begins at "and"."""
    best, at_and = start, False
    segment = masked[start:verb_start]
    # "a project that neighbors say will ...", "the landfill, which county staff say will ...":
    # the clause begins after the relative.
    boundaries = r";|\bbut\b|\bwhile\b|\bwhereas\b|\band\b|\bthat\b|\bwhich\b"
    for match in re.finditer(boundaries, segment):
        word = match.group()
        position = start + match.end()
        if word in ("that", "which"):
            between = masked[position:verb_start]
            if "," not in between and 1 <= len(between.split()) <= 4:
                best, at_and = position, False
            continue
        if word == "and":
            before = masked[best : start + match.start()]
            after = masked[position:verb_start].split()
            nxt = after[0] if after else ""
            if len(before.split()) <= 4 or not has_verb(before):
                continue
            if _in_aside(masked[start : start + match.start()], masked[position:verb_start]):
                continue
            if not (nxt == "" or is_cap(nxt) or nxt in {"the", "a", "an", "he", "she"}):
                continue
            best, at_and = position, True
        else:
            best, at_and = position, False
    return best, at_and


def _in_aside(before: str, after: str) -> bool:
    """Whether an "and" is inside a relative aside set off by commas ("Kowalczyk-Reyes, who had
    a goal and an assist, said"): the piece it is in opens with "who" or "which" and a comma
    closes it before the verb."""
    piece = before.rsplit(",", 1)[-1].split() if "," in before else []
    return bool(piece) and piece[0] in {"who", "which", "whose"} and "," in after


def segments(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma- and dash-separated pieces of [start, end), as spans."""
    pieces, position = [], start
    # "The Stamford, Connecticut-based company": one piece.
    for match in re.finditer(r"\s*,(?!\s*\S+-based\b)\s*|\s+[–—-]\s+|—", masked[start:end]):
        pieces.append((position, start + match.start()))
        position = start + match.end()
    pieces.append((position, end))
    return pieces


_SEEN_BY = re.compile(
    r"\s*(?:and\s+)?(?:seen|obtained|reviewed|viewed|shared|quoted)\s+(?:by|with)\b"
)


_PARTICIPLE_PIECE = re.compile(r"\s*(?:published|released|issued|dated|posted|filed)\b")


def subject(memory: Memory, text: str, masked: str, start: int, end: int) -> Resolved | None:
    """The speaker before a verb: the first piece, or a named piece after a description
    ("The law's sponsor, Republican state Sen. Dana Whitfield, said"); appositives give the
    title ("Chad Sublet, an attorney for ..., said")."""
    pieces = [p for p in segments(masked, start, end) if masked[p[0] : p[1]].strip()]
    while len(pieces) > 1 and bare_word(masked[pieces[0][0] : pieces[0][1]].split()[0]) in (
        INTRO_WORDS
    ):
        pieces = pieces[1:]
    # "In a letter to staff, seen by Market Desk, von Hallstein wrote": who saw it is not who
    # wrote it.
    pieces = [p for p in pieces if not _SEEN_BY.match(masked, p[0], p[1])] or pieces
    # "In minutes from its November meeting, published two weeks ago, the bank said": a
    # participle set off after an introduction is no speaker.
    while len(pieces) > 1 and _PARTICIPLE_PIECE.match(masked, pieces[0][0], pieces[0][1]):
        pieces = pieces[1:]
    if not pieces:
        return None
    texts = [text[a:b].strip() for a, b in pieces]
    found, chosen = _speaking_piece(memory, texts)
    if found is None:
        return None
    entity, note = found
    if entity.kind == PERSON and not entity.title:
        appositive = ""
        if chosen > 0:
            appositive = texts[0]
        elif len(texts) > 1:
            appositive = texts[1]
        words = appositive.split()
        if words and bare_word(words[0]) not in RELATIVE and not words[0].isdigit():
            entity.title = title_from(appositive)
    return entity, note


def _speaking_piece(memory: Memory, texts: list[str]) -> tuple[Resolved | None, int]:
    """Who the first piece names, unless a later piece names a person and the first names no
    person or organisation; and which piece that was."""
    found = classify(memory, texts[0])
    if found is None or found[0].kind not in {PERSON, ORGANIZATION}:
        for index, piece in enumerate(texts[1:], start=1):
            if is_cap(piece) and bare_word(piece.split()[0]) not in INDEFINITE | {"the"}:
                candidate = classify(memory, piece)
                if candidate is not None and candidate[0].kind == PERSON:
                    return candidate, index
            elif piece.startswith("the ") and found is not None:
                # "Its organiser, the retired headteacher Anwen Delacroix-Morgan, said": a
                # description, then the person it describes, named in full.
                candidate = classify(memory, piece)
                if (
                    candidate is not None
                    and candidate[0].kind == PERSON
                    and " " in candidate[0].name
                    and candidate[1] == "a named person"
                ):
                    return candidate, index
    return found, 0
