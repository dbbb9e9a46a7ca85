"""
The tests of the claim rules: each looks at one trigger in a sentence ("according to", "declined
to comment", a speech verb) and says who made which claim; and the words of a claim as printed,
trimmed, with its kind. Those whose speaker is the subject the sentence opens with, or the
name a relative clause hangs on, are in subjects.py. The order they are tried in, their names
and what firing does are in rules.py.
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
from sources.extraction.subjects import who_said
from sources.extraction.tokens import has_verb
from sources.extraction.verbs import (
    FRAME_VERBS,
    PARTICIPLE,
    WEAK_VERBS,
    WEEKDAY,
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
    stop = re.search(r"[,;:]|\.?\s*$", masked[match.end() : end])
    if stop and stop.group() == ":":
        return None  # "..., according to an email shown to the court: “...”": the quote's
    phrase_end = match.end() + (stop.start() if stop else end - match.end())
    phrase = text[match.end() : phrase_end].strip().rstrip(".")
    found = classify(scene.memory, phrase, according=True)
    named = _named_after(scene, phrase_end) if not found or found[0].kind != PERSON else None
    if named is not None:
        # "..., according to its treasurer, Bill Pomeroy.": the person the description names.
        found = named
        named[0].title = named[0].title or title_from(phrase)
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


def _named_after(scene: ClaimScene, phrase_end: int):
    """The person named in full, set off after a description, closing the sentence."""
    tail = re.fullmatch(r",\s*([^,;]+?)\s*\.?\s*", scene.text[phrase_end : scene.end])
    found = classify(scene.memory, tail.group(1)) if tail else None
    return found if found and found[0].kind == PERSON and " " in found[0].name else None


def no_comment(scene: ClaimScene) -> Finding | None:
    """ "X declined to comment", "did not respond to requests for comment": a statement."""
    match = scene.match
    found = subject(scene.memory, scene.text, scene.masked, scene.clause[0], match.start())
    if found is None:
        return None
    verb = scene.text[match.start() : match.end()]
    verb = "referred" if verb.startswith("referred") else verb
    return Finding(found[0], verb, verb, found[1], claim=(match.start(), scene.end), kind=STATEMENT)


def said_by_after(scene: ClaimScene) -> Finding | None:
    """ "..., said Leonard Begay, a lawyer for the tribe." / "..., said X." (and not "Dube, who
    voted against it, said the city ...", where a claim follows the verb, nor "X, the ...
    maker, reported a loss and ...", where a weak verb takes an object)."""
    if scene.last_piece or len(scene.pieces) <= 1 or scene.match.group() in FRAME_VERBS:
        return None
    if scene.match.group() in WEAK_VERBS and _OBJECT.match(scene.rest):
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


_OBJECT = re.compile(r"(?:an?|its|his|her|their|our)\s")


def speaker_ends_sentence(scene: ClaimScene) -> bool:
    """Nothing but the verb's extension follows it: "..., the central bank said in a statement."
    (not "He conceded, however, that ...")."""
    if _INTERRUPTER.match(scene.masked, scene.verb_end) or _PREDICATE.match(scene.rest):
        return False  # "One pensioner, she said, had written: ...": an aside inside a clause
    rest = scene.rest
    return bool(scene.last_piece) and (not rest or rest.startswith(",") or circumstance(rest))


def circumstance(rest: str) -> bool:
    """Words after a verb that say only where or when it was said ("at a news conference",
    "during a visit to Leeds", "Monday on the first day of the trial"), no clause."""
    words = rest.split()
    return (
        bool(_CIRCUMSTANCE.match(rest))
        and len(words) <= 16
        and not has_verb(rest)
        and not any(w in {"that", "it", "he", "she", "they", "we", "I"} for w in words)
        and not any(mark in rest for mark in '“”"‘')
    )


_CIRCUMSTANCE = re.compile(
    rf"(?:{WEEKDAY}\s+)?(?:at|during|on|after|before|outside|from|in)\s+(?:an?|the|his|her|its)\s"
)


# What goes on after a speech verb set off inside a clause: its subject's predicate.
_PREDICATE = re.compile(r",\s*(?:had|has|have|was|were|is|are|would|will|could|can|should|did)\b")


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
    if circumstance(rest):
        return None  # "X said at a news conference.": where, not what
    if match.group() in WEAK_VERBS and re.match(r"[a-z]+(?:ed|en)\s+by\b", rest):
        return None  # "inspection reports written by Wójcik": a noun, not a verb
    where = re.match(r"(.+?)\s+that\s", rest)
    if where and circumstance(where.group(1)):
        # "said at a news conference that ...": the claim is the "that" clause.
        verb_end = scene.masked.index(rest, verb_end) + where.end() - len("that ")
        rest = rest[where.end() - len("that ") :]
    starts_that = rest.startswith("that ")
    if rest.startswith("to ") and " that " not in f" {' '.join(rest.split()[:8])} ":
        return None  # "wrote to the agency asking it to ...": whom, not what
    if match.group() in FRAME_VERBS and not _frames_a_claim(scene):
        return None
    if (
        match.group() in WEAK_VERBS
        and not starts_that
        and not has_verb(" ".join(_object_words(rest).split()[:10]))
        and not (match.group().startswith("estimat") and _ESTIMATE.match(rest))
    ):
        return None  # "reported a loss, saying ...": an object, then the participle's claim
    if rest.startswith(("“", '"')) and any(
        q.start >= verb_end and q.end >= end - 2 for q in scene.quotes
    ):
        return None
    if _INTRODUCES_QUOTE.match(rest):
        return None  # "replied the next day, according to a screenshot ...: “...”": the quote's
    begins = scene.clause[0]
    # "Ms MacLeod, a crofter who asked that ..., said ...": the relative clause's verb is not
    # the subject's claim; the main verb after it is.
    if re.search(r"\b(?:who|whom)\s+$", text[begins : match.start()]):
        found = who_said(scene)
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


# "The report estimated the cost of replacing it at $38 million": a sum put on something.
_ESTIMATE = re.compile(
    r"(?:the|its|their|his|her)\s[^,;]{3,60}?\sat\s+(?:about\s+|around\s+)?[$£€\d]"
)


def _object_words(rest: str) -> str:
    """The words a weak verb takes that must hold a clause for a claim: those before ",
    saying", without a second verb of the subject after "and" ("reported a loss and scrapped
    its dividend, saying ..."); with no participle, those before the first comma."""
    if not PARTICIPLE.search(rest):
        # "confirmed its full-year guidance, which it cut in May, ...": the words before a
        # comma hold no clause.
        return rest.split(",", 1)[0]
    return re.split(r"\band\b", PARTICIPLE.split(rest)[0])[0]


# Words after a verb that only lead into a quote after a colon, with no "that" clause.
_INTRODUCES_QUOTE = re.compile(r"(?![^:]*\bthat\b)[^:“”\"‘]*:\s*[“\"‘]")


def document_found(scene: ClaimScene) -> Finding | None:
    """ "A 2024 study published in the journal Health Affairs found that ...", "Court records
    show that ...": the document's finding; not "Investigators found that ..." (no document)."""
    if not scene.rest.startswith("that ") and not _TO_BE.match(scene.rest):
        return None
    finding = said_that(scene)
    if finding is None or finding.entity.kind != DOCUMENT:
        return None
    return finding._replace(kind=DOCUMENT)


_TO_BE = re.compile(r"[^.;:]{1,60}?\bto\s+be\b")


def document_after(scene: ClaimScene) -> Finding | None:
    """ "Three lawsuits have been filed ..., court records show.": the finding before a
    document that ends the sentence; not a person or an organisation ("..., the data show"
    is a document, "..., fans show" no one)."""
    if scene.rest or not speaker_ends_sentence(scene):
        return None
    finding = said_after_claim(scene)
    if finding is None or finding.entity.kind != DOCUMENT:
        return None
    return finding._replace(kind=DOCUMENT)


_AND_SAID = re.compile(
    r",?\s+and\s+(?:also\s+)?(?:said|says|added|told|wrote|warned|insisted|urged|suggested|"
    r"noted|argued|conceded|acknowledged)\b"
)


def _frames_a_claim(scene: ClaimScene) -> bool:
    """ "X called the cuts “unacceptable”", "described it as ...", "accused them of ...": the
    frame's object and its complement; not "a group called Friends of ...", "so-called", "what
    officials called a ‘temporary’ measure", "called for" or "called on"."""
    verb, rest = scene.match.group(), scene.rest
    before = scene.text[scene.start : scene.match.start()]
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
