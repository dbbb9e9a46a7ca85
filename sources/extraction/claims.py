"""
The tests of the claim rules: each looks at one trigger in a sentence ("according to", "declined
to comment", a speech verb) and says who made which claim; and the words of a claim as printed,
trimmed, with its kind. The order they are tried in, their names and what firing does are in
rules.py.
"""

from __future__ import annotations

import re
from functools import cached_property

from sources.extraction.clauses import clause_start, segments, subject
from sources.extraction.mentions import Memory, title_from
from sources.extraction.phrases import classify
from sources.extraction.records import (
    DOCUMENT,
    ORGANIZATION,
    PARAPHRASE,
    PERSON,
    STATEMENT,
    Finding,
)
from sources.extraction.spans import Quote
from sources.extraction.tokens import has_verb
from sources.extraction.verbs import (
    CAPWORD,
    FRAME_VERBS,
    STRONG_VERBS,
    WEAK_VERBS,
    end_of_verb,
)


class ClaimScene:
    """One trigger in a sentence and what the claim rules may look at; the parts of the clause
    around a speech verb are worked out when a rule first asks."""

    def __init__(
        self,
        memory: Memory,
        text: str,  # the block
        masked: str,
        start: int,  # the sentence
        end: int,
        match: re.Match,  # the trigger
        quotes: list[Quote],  # the sentence's
    ):
        self.memory = memory
        self.text = text
        self.masked = masked
        self.start = start
        self.end = end
        self.match = match
        self.quotes = quotes

    @cached_property
    def verb_end(self) -> int:
        return end_of_verb(self.masked, self.match, self.end)

    @cached_property
    def verb(self) -> str:
        """The verb as printed."""
        return self.text[self.match.start() : self.verb_end]

    @cached_property
    def rest(self) -> str:
        """What follows the verb, masked."""
        return self.masked[self.verb_end : self.end].strip().rstrip(".").strip()

    @cached_property
    def clause(self) -> tuple[int, bool]:
        """Where the clause holding the trigger begins, and whether it begins at "and"."""
        return clause_start(self.masked, self.start, self.match.start())

    @cached_property
    def pieces(self) -> list[tuple[int, int]]:
        """The comma- and dash-separated pieces of the clause before the trigger."""
        return list(segments(self.masked, self.clause[0], self.match.start()))

    @cached_property
    def last_piece(self) -> str:
        return self.masked[self.pieces[-1][0] : self.pieces[-1][1]].strip()


def according_to(scene: ClaimScene) -> Finding | None:
    """ "..., according to X." / "According to X, ...": the claim is the rest of the clause."""
    text, masked, start, end, match = scene.text, scene.masked, scene.start, scene.end, scene.match
    stop = re.search(r"[,;]|\.?\s*$", masked[match.end() : end])
    phrase_end = match.end() + (stop.start() if stop else end - match.end())
    phrase = text[match.end() : phrase_end].strip().rstrip(".")
    found = classify(scene.memory, phrase, according=True)
    if found is None:
        return None
    entity, note = found
    verb = text[match.start() : match.end()].strip()
    verb = verb[0].lower() + verb[1:]
    begins = start
    for boundary in re.finditer(r";|\bbut\b", masked[start : match.start()]):
        begins = start + boundary.end()
    if masked[begins : match.start()].strip(" ,"):
        claim = (begins, match.start())
    else:
        claim = (phrase_end, end)
    return Finding(entity, verb, f"{verb} {phrase}", note, claim=claim)


def no_comment(scene: ClaimScene) -> Finding | None:
    """ "X declined to comment", "did not respond to requests for comment": a statement."""
    match = scene.match
    found = subject(scene.memory, scene.text, scene.masked, scene.clause[0], match.start())
    if found is None:
        return None
    verb = scene.text[match.start() : match.end()]
    verb = "referred" if verb.startswith("referred") else verb
    return Finding(found[0], verb, verb, found[1], claim=(match.start(), scene.end), kind=STATEMENT)


def opens_with_and(scene: ClaimScene) -> bool:
    """The verb's clause is nothing but "and": "X kept rates on hold and said ..."."""
    begins, at_and = scene.clause
    return at_and and not scene.masked[begins : scene.match.start()].strip()


def subject_and_said(scene: ClaimScene) -> Finding | None:
    """ "The Bank of Thailand kept rates on hold and said it would ...": the subject of the
    sentence speaks."""
    lead = re.match(
        rf"\s*((?:The\s+)?(?:{CAPWORD}\s+(?:(?:of|for|and|&)\s+)?)*{CAPWORD})",
        scene.masked[scene.start : scene.end],
    )
    verb = scene.match.group()
    if lead is None or not scene.rest:
        return None
    if verb not in _AND_VERBS and not (
        verb in _AND_CLAUSE_VERBS
        and (scene.rest.startswith("that ") or has_verb(" ".join(scene.rest.split()[:8])))
    ):
        return None
    found = classify(scene.memory, scene.text[scene.start : scene.start + lead.end()])
    if found is None:
        return None
    verb = scene.verb
    return Finding(found[0], verb, verb, found[1], claim=(scene.verb_end, scene.end))


def said_by_after(scene: ClaimScene) -> Finding | None:
    """ "..., said Leonard Begay, a lawyer for the tribe." / "..., said X." (and not "Dube, who
    voted against it, said the city ...", where a claim follows the verb)."""
    if scene.last_piece or len(scene.pieces) <= 1 or scene.match.group() in FRAME_VERBS:
        return None
    tail = re.match(
        r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*\.?\s*$",
        scene.text[scene.verb_end : scene.end],
    )
    named = tail.group(1) if tail else ""
    plausible = named and len(named.split()) <= 8 and not has_verb(named)
    found = classify(scene.memory, named) if plausible else None
    if found is None:
        return None
    entity, note = found
    if entity.kind == PERSON and tail["appositive"] and not entity.title:
        entity.title = title_from(tail["appositive"])
    claim = (scene.clause[0], scene.pieces[-1][0])
    return Finding(entity, scene.verb, f"{scene.verb} {tail.group(1)}", note, claim=claim)


def speaker_ends_sentence(scene: ClaimScene) -> bool:
    """Nothing but the verb's extension follows it: "..., the central bank said in a statement."
    (not "He conceded, however, that ...")."""
    if _INTERRUPTER.match(scene.masked, scene.verb_end):
        return False
    return bool(scene.last_piece) and (not scene.rest or scene.rest.startswith(","))


# An adverb set off between a verb and its "that": "He conceded, however, that ...".
_INTERRUPTER = re.compile(
    r",\s*(?:however|though|in fact|moreover|nonetheless|again|too|privately|later),\s*(?=that\s)"
)


def said_after_claim(scene: ClaimScene) -> Finding | None:
    """ "The decision was unanimous, the central bank said in a statement."."""
    pieces = scene.pieces
    if len(pieces) < 2 or scene.match.group() in FRAME_VERBS:
        return None
    found = classify(scene.memory, scene.text[pieces[-1][0] : pieces[-1][1]])
    if found is None:
        return None
    printed = scene.text[pieces[-1][0] : scene.verb_end].strip()
    return Finding(found[0], scene.verb, printed, found[1], claim=(scene.start, pieces[-2][1]))


def said_that(scene: ClaimScene) -> Finding | None:
    """ "X said (that) ...": the claim follows the verb."""
    text, match, rest, verb_end, end = (
        scene.text,
        scene.match,
        scene.rest,
        scene.verb_end,
        scene.end,
    )
    aside = _INTERRUPTER.match(scene.masked, verb_end)
    if aside:
        verb_end, rest = aside.end(), scene.masked[aside.end() : end].strip()
    starts_that = rest.startswith("that ")
    if rest.startswith("to ") and " that " not in f" {' '.join(rest.split()[:8])} ":
        return None  # "wrote to the agency asking it to ...": whom, not what
    if match.group() in FRAME_VERBS and not _frames_a_claim(scene):
        return None
    if (
        match.group() in WEAK_VERBS
        and not starts_that
        and not has_verb(" ".join(rest.split()[:10]))
    ):
        return None
    if rest.startswith(("“", '"')) and any(
        q.start >= verb_end and q.end >= end - 2 for q in scene.quotes
    ):
        return None
    begins = scene.clause[0]
    # "Ms MacLeod, a crofter who asked that ..., said ...": the relative clause's verb is not
    # the subject's claim; the main verb after it is.
    if re.search(r"\b(?:who|whom)\s+$", text[begins : match.start()]):
        found = _who_said(scene)
    else:
        found = subject(scene.memory, text, scene.masked, begins, match.start())
    if found is None:
        return None
    entity, note = found
    printed = f"{text[begins : match.start()].strip(' ,')} {scene.verb}"
    # "described the plan as ‘untrue’, and said ...", "pointed out that ..., and said ...": the
    # claim ends where another verb of the subject's takes over.
    and_said = _AND_SAID.search(text, verb_end, end)
    if and_said:
        end = and_said.start()
        if match.group() in WEAK_VERBS and not starts_that and not has_verb(text[verb_end:end]):
            return None  # "Calloway denies the claims and says ...": no claim before "and"
    kind = STATEMENT if re.search(r"\b[Ii]n a statement\b", text[scene.start : end]) else None
    return Finding(entity, scene.verb, printed, note, claim=(verb_end, end), kind=kind)


def document_found(scene: ClaimScene) -> Finding | None:
    """ "A 2024 study published in the journal Health Affairs found that ...", "Court records
    show that ...": the document's finding; not "Investigators found that ..." (no document)."""
    if not scene.rest.startswith("that "):
        return None
    finding = said_that(scene)
    if finding is None or finding.entity.kind != DOCUMENT:
        return None
    return finding._replace(kind=DOCUMENT)


_WHO_SAID = re.compile(rf"((?:{CAPWORD}\s+)*{CAPWORD}),\s+who\s+(?:also\s+)?$")


def _who_said(scene: ClaimScene):
    """ "..., board member Priya Venkataraman-Holt, who said the study ...": the person the
    relative clause hangs on speaks; not "a crofter who asked" (no name before ", who")."""
    lead = _WHO_SAID.search(scene.masked, scene.start, scene.match.start())
    if lead is None or scene.match.group() not in STRONG_VERBS:
        return None
    found = classify(scene.memory, scene.text[lead.start(1) : lead.end(1)])
    return found if found and found[0].kind == PERSON else None


_AND_SAID = re.compile(
    r",?\s+and\s+(?:also\s+)?(?:said|says|added|told|wrote|warned|insisted|urged|suggested|"
    r"noted|argued|conceded|acknowledged)\b"
)
# Verbs that take a claim after "and" with the sentence's subject: "X kept rates on hold and
# said ...", "X cut rates and warned that ...".
_AND_VERBS = STRONG_VERBS | {"warned"}
# Weaker verbs that do so only with a clause after them: "St. Germain noted that ..., and
# suggested he had every reason to lie".
_AND_CLAUSE_VERBS = {"suggested", "noted", "argued", "conceded", "acknowledged"}


def _frames_a_claim(scene: ClaimScene) -> bool:
    """ "X called the cuts “unacceptable”", "described it as ...", "accused them of ...": the
    frame's object and its complement; not "a group called Friends of ...", "so-called", "what
    officials called a ‘temporary’ measure", "called for" or "called on"."""
    verb, rest = scene.match.group(), scene.rest
    before = scene.text[scene.clause[0] : scene.match.start()]
    if scene.text[: scene.match.start()].endswith("-") or re.search(
        r"\b(?:[Ww]hat|which|whom|also)\s+(?:\S+\s+){0,3}$", before
    ):
        return False
    words = rest.split()
    if (
        len(words) < 3
        or words[0] in {"for", "on", "off", "in", "up", "to"}
        or words[0][0].isupper()
    ):
        return False
    if verb.startswith("describ"):
        return " as " in rest
    if verb.startswith("accus"):
        return " of " in rest
    return any(mark in rest for mark in '“‘"')


def claimed_span(scene: ClaimScene, finding: Finding, *, checked: bool) -> tuple[int, int] | None:
    """Where the claim's words are, trimmed; when checked, None for fewer than two words or
    words that are only a quote (a direct quote, not a claim)."""
    a, b = trim(scene.text, *finding.claim)
    if checked and (
        len(scene.text[a:b].split()) < 2 or any(q.start <= a and b <= q.end for q in scene.quotes)
    ):
        return None
    return a, b


def claim_kind(finding: Finding) -> str:
    """The kind a rule gave, or one by the speaker: a document's, an organisation's statement,
    a statement by verb ("said in a statement"), or a paraphrase."""
    if finding.kind is not None:
        return finding.kind
    if finding.entity.kind == DOCUMENT:
        return DOCUMENT
    if finding.entity.kind == ORGANIZATION or "statement" in finding.verb:
        return STATEMENT
    return PARAPHRASE


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, edge punctuation and a leading conjunction or "that"."""
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:–—-"):
        end -= 1
    lead = re.match(r"(?:(?:But|And|So|Yet|However,?)\s+)?(?:that\s+)?", text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    return start, end
