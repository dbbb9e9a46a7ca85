"""
Who said what: attribution suggestions from an article body, by explainable rules.

`extract_attributions(body)` reads the Markdown body block by block (a block is a paragraph;
subheads count) and suggests, for each direct quote and each attributed claim, who said it, the
verb as printed and the rule that fired. It is pure Python and touches no database: existing
sources come in as `known_sources`. `suggest_for_article(article)` is the one helper that loads
them. Nothing is saved; an editor accepts, edits or rejects each suggestion.

The rules are wire-copy grammar, not a model:

- quotes: curly or straight marks; the attribution after the quote ("“A,” he said."), before it
  ("X said: “A”"), or inherited (a second quote after "he said", a quote continued over
  paragraphs: a paragraph that opens a quote without closing it continues into the next);
  quoted fragments inside a sentence (scare quotes, partial quotes) are not direct quotes;
- claims: "X said (that) ...", "..., X said.", "..., said X.", "according to X", "X told
  Reuters ...", "X wrote in an email ...", "in a statement", "declined to comment";
- speakers: names (titles and appositives split off), organisations, surnames and acronyms
  resolved to their first full mention, pronouns and "the agency" / "the diplomat" resolved to
  the last compatible speaker, unnamed sources ("a Denver official") with their affiliation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.extraction.lexicon import (
    INDEFINITE,
    INTRO_WORDS,
    ORG_WORDS,
    RELATIVE,
)
from sources.extraction.matching import as_known_sources, match_source, with_sources
from sources.extraction.mentions import (
    Entity,
    Memory,
    capitalised_runs,
    looks_like_person,
    register_mentions,
    split_title,
    title_from,
)
from sources.extraction.phrases import classify
from sources.extraction.records import (
    DIRECT_QUOTE,
    DOCUMENT,
    ORGANIZATION,
    PARAPHRASE,
    PERSON,
    STATEMENT,
    UNNAMED,
    KnownSource,
    Suggestion,
)
from sources.extraction.spans import Quote, blocks, find_quotes, mask, quote_text, sentences
from sources.extraction.tokens import (
    bare_word,
    has_verb,
    is_cap,
    normalize_name,
)
from sources.extraction.verbs import (
    ACCORDING,
    CAPWORD,
    NO_COMMENT,
    STRONG_VERBS,
    VERB,
    WEAK_VERBS,
    end_of_verb,
    last_verb,
)

__all__ = [
    "DIRECT_QUOTE",
    "DOCUMENT",
    "ORGANIZATION",
    "PARAPHRASE",
    "PERSON",
    "STATEMENT",
    "UNNAMED",
    "KnownSource",
    "Suggestion",
    "blocks",
    "extract_attributions",
    "match_source",
    "normalize_name",
    "suggest_for_article",
]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, edge punctuation and a leading conjunction or "that"."""
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:–—-"):
        end -= 1
    lead = re.match(r"(?:(?:But|And|So|Yet|However,?)\s+)?(?:that\s+)?", text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    return start, end


# --- The extractor ---------------------------------------------------------------------------


@dataclass
class _Attribution:
    entity: Entity
    verb: str
    note: str


class _Extractor:
    def __init__(self, known: list[KnownSource]):
        self.known = known
        self.memory = Memory()
        self.results: list[tuple[Suggestion, Entity]] = []
        self.last: tuple[int, _Attribution] | None = None  # (paragraph, attribution)
        self.pending_run: list[tuple[int, str, str]] = []  # (paragraph, text, reason)
        self.run_start_attribution: _Attribution | None = None

    # -- attribution clauses -----------------------------------------------------------------

    def _clause_start(self, masked: str, start: int, verb_start: int) -> tuple[int, bool]:
        """Where the clause holding the verb begins, and whether it begins at "and"."""
        best, at_and = start, False
        segment = masked[start:verb_start]
        for match in re.finditer(r";|\bbut\b|\bwhile\b|\bwhereas\b|\band\b|\bthat\b", segment):
            word = match.group()
            position = start + match.end()
            if word == "that":
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
                if not (nxt == "" or is_cap(nxt) or nxt in {"the", "a", "an", "he", "she"}):
                    continue
                best, at_and = position, True
            else:
                best, at_and = position, False
        return best, at_and

    @staticmethod
    def _segments(masked: str, start: int, end: int) -> list[tuple[int, int]]:
        """Comma- and dash-separated pieces of [start, end), as spans."""
        pieces, position = [], start
        for match in re.finditer(r"\s*,\s*|\s+[–—-]\s+|—", masked[start:end]):
            pieces.append((position, start + match.start()))
            position = start + match.end()
        pieces.append((position, end))
        return pieces

    def _subject(self, text: str, masked: str, start: int, end: int):
        """The speaker before a verb: the first piece, or a named piece after a description
        ("The law's sponsor, Republican state Sen. Dana Whitfield, said"); appositives give the
        title ("Chad Sublet, an attorney for ..., said")."""
        pieces = [p for p in self._segments(masked, start, end) if masked[p[0] : p[1]].strip()]
        while len(pieces) > 1 and bare_word(masked[pieces[0][0] : pieces[0][1]].split()[0]) in (
            INTRO_WORDS
        ):
            pieces = pieces[1:]
        if not pieces:
            return None
        texts = [text[a:b].strip() for a, b in pieces]
        found = classify(self.memory, texts[0])
        chosen = 0
        if found is None or found[0].kind not in {PERSON, ORGANIZATION}:
            for index, piece in enumerate(texts[1:], start=1):
                if is_cap(piece) and bare_word(piece.split()[0]) not in INDEFINITE | {"the"}:
                    candidate = classify(self.memory, piece)
                    if candidate is not None and candidate[0].kind == PERSON:
                        found, chosen = candidate, index
                        break
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

    def _clause_attribution(self, text: str, masked: str, start: int, end: int):
        """Parse the words after a quote ("he said", "said X, a lawyer") into an attribution."""
        verb = VERB.search(masked, start, end)
        if verb is None:
            return None
        verb_end = end_of_verb(masked, verb, end)
        verb_text = text[verb.start() : verb_end]
        before = masked[start : verb.start()].strip(" ,")
        if before:
            found = self._subject(text, masked, start, verb.start())
            rule = f"quote, then “{text[start:verb_end].strip(' ,')}”"
        else:
            tail = re.match(
                r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*$", text[verb_end:end]
            )
            if tail is None:
                return None
            found = classify(self.memory, tail.group(1))
            if found and found[0].kind == PERSON and tail["appositive"] and not found[0].title:
                found[0].title = title_from(tail["appositive"])
            rule = f"quote, then “{verb_text} {tail.group(1)}”"
        if found is None:
            return None
        entity, note = found
        return verb, _Attribution(entity, verb_text, rule + (f"; {note}" if note else ""))

    # -- paragraphs --------------------------------------------------------------------------

    def add_quote_like(self, index: int, text: str, earlier: _Attribution, reason: str) -> None:
        """A direct quote spoken by the same speaker, with the same verb, as `earlier`."""
        self.add(index, DIRECT_QUOTE, text, _Attribution(earlier.entity, earlier.verb, reason))

    def add(self, paragraph: int, kind: str, text: str, attribution: _Attribution) -> None:
        entity = self.memory.remember(attribution.entity)
        attribution.entity = entity
        suggestion = Suggestion(
            paragraph=paragraph,
            kind=kind,
            text=text,
            verb=attribution.verb.strip().rstrip(".,;:").strip(),
            speaker=entity.name,
            speaker_kind=entity.kind,
            title=entity.title,
            affiliation=entity.affiliation,
            reason=attribution.note,
        )
        self.results.append((suggestion, entity))
        self.last = (paragraph, attribution)

    def _flush_run(self, attribution: _Attribution | None) -> None:
        if attribution is not None:
            for paragraph, text, reason in self.pending_run:
                self.add(
                    paragraph,
                    DIRECT_QUOTE,
                    text,
                    _Attribution(attribution.entity, attribution.verb, reason),
                )
        self.pending_run = []

    def paragraph_(self, index: int, block: str) -> None:
        self.memory.paragraph = index
        if block.startswith("#"):
            self._flush_run(self.run_start_attribution)
            return
        quotes = find_quotes(block)
        masked = mask(block, quotes)
        opens_with_quote = bool(quotes) and quotes[0].start == 0
        if self.pending_run and not opens_with_quote:
            self._flush_run(self.run_start_attribution)
        if opens_with_quote and not self.pending_run:
            previous = self.last
            self.run_start_attribution = (
                previous[1] if previous and previous[0] == index - 1 else None
            )
        in_run = bool(self.pending_run)
        paragraph_last: _Attribution | None = None
        for start, end in sentences(block, masked, quotes):
            register_mentions(self.memory, block[start:end], masked[start:end])
            sentence_quotes = [q for q in quotes if start <= q.start < end]
            used: list[tuple[int, int]] = []
            previous_quote: tuple[Quote, _Attribution, int] | None = None
            for number, quote in enumerate(sentence_quotes):
                next_start = (
                    sentence_quotes[number + 1].start if number + 1 < len(sentence_quotes) else end
                )
                text = quote_text(block, quote)
                if not text:
                    continue
                parsed = None
                if quote.closed:
                    parsed = self._clause_attribution(block, masked, quote.end, next_start)
                if parsed is not None:
                    verb, attribution = parsed
                    used.append((verb.start(), verb.end()))
                    self._flush_run(attribution)
                    self.add(index, DIRECT_QUOTE, text, attribution)
                    paragraph_last = attribution
                    previous_quote = (quote, attribution, verb.start())
                    continue
                pre = masked[start : quote.start]
                if previous_quote is not None and previous_quote[2] > previous_quote[0].end:
                    # “A,” the diplomat said, “B.”
                    attribution = previous_quote[1]
                    self.add_quote_like(
                        index,
                        text,
                        attribution,
                        f"second half of a split quote by {attribution.entity.name}",
                    )
                    continue
                if pre.strip() and pre.rstrip().endswith(":"):
                    attribution = self._colon_attribution(block, masked, start, quote.start)
                    if attribution is not None:
                        self.add(index, DIRECT_QUOTE, text, attribution)
                        paragraph_last = attribution
                        continue
                if pre.strip() and pre.rstrip().endswith(","):
                    verb = last_verb(masked, start, quote.start)
                    if verb is not None and not masked[
                        end_of_verb(masked, verb, quote.start) : quote.start
                    ].strip(" ,"):
                        found = self._subject(block, masked, start, verb.start())
                        if found is not None:
                            used.append((verb.start(), verb.end()))
                            attribution = _Attribution(
                                found[0],
                                block[verb.start() : end_of_verb(masked, verb, quote.start)],
                                "“X said, “...”" + (f"; {found[1]}" if found[1] else ""),
                            )
                            self.add(index, DIRECT_QUOTE, text, attribution)
                            paragraph_last = attribution
                            continue
                if pre.strip():
                    continue  # a fragment inside a sentence: a scare quote or partial quote
                if not quote.closed and quote.start == 0:
                    self.pending_run.append(
                        (index, text, "a quote running over paragraphs, attributed where it ends")
                    )
                    continue
                if in_run and quote.start == 0:
                    self.pending_run.append((index, text, "a quote running over paragraphs"))
                    self._flush_run(self.run_start_attribution)
                    continue
                if len(text.split()) < 3:
                    continue
                if paragraph_last is not None:
                    self.add_quote_like(
                        index,
                        text,
                        paragraph_last,
                        f"follows {paragraph_last.entity.name}’s words in the paragraph",
                    )
                elif quote.start == 0 and self.last and self.last[0] == index - 1:
                    attribution = self.last[1]
                    self.add_quote_like(
                        index,
                        text,
                        attribution,
                        f"follows {attribution.entity.name} in the paragraph before",
                    )
            claims = self._claims(index, block, masked, start, end, used, sentence_quotes)
            if claims:
                paragraph_last = claims
            if self.last and self.last[0] == index:
                paragraph_last = self.last[1]

    def _colon_attribution(self, text: str, masked: str, start: int, colon: int):
        """ "Union president Darnell Hughes put it bluntly: “...”": the speaker opens the clause."""
        clause = masked[start:colon].rstrip().rstrip(":")
        verb = last_verb(clause)
        if verb is not None:
            found = self._subject(text, masked, start, start + verb.start())
            verb_text = text[start + verb.start() : start + len(clause)].strip()
        else:
            runs = capitalised_runs(clause)
            if not runs:
                return None
            people = [run for run in runs if looks_like_person(split_title(run[0])[1])]
            orgs = [run for run in runs if len(run[0]) > 1 and run[0][-1].lower() in ORG_WORDS]
            tokens, first = (people or orgs or runs)[0]
            words = clause.split()
            phrase = " ".join(words[: first + len(tokens)])
            found = classify(self.memory, phrase)
            verb_text = " ".join(words[first + len(tokens) :])
        if found is None or not verb_text:
            return None
        return _Attribution(
            found[0], verb_text, "a quote after a colon" + (f"; {found[1]}" if found[1] else "")
        )

    def _claims(self, index, text, masked, start, end, used, quotes):
        """Attributed claims in one sentence; returns the last attribution made, if any."""
        last = None
        covered: list[tuple[int, int]] = []
        triggers = []
        for match in ACCORDING.finditer(masked, start, end):
            triggers.append(("according", match))
        for match in NO_COMMENT.finditer(masked, start, end):
            triggers.append(("no_comment", match))
        for match in VERB.finditer(masked, start, end):
            triggers.append(("verb", match))
        triggers.sort(key=lambda item: item[1].start())
        for kind, match in triggers:
            position = match.start()
            if any(a <= position < b for a, b in used + covered):
                continue
            made = None
            if kind == "according":
                made = self._according(index, text, masked, start, end, match, quotes)
            elif kind == "no_comment":
                made = self._no_comment(index, text, masked, start, end, match)
            else:
                made = self._reported(index, text, masked, start, end, match, quotes)
            if made is not None:
                span, attribution = made
                covered.append(span)
                used.append((match.start(), match.end()))
                last = attribution
        return last

    def _is_quote(self, quotes, a: int, b: int) -> bool:
        """Whether [a, b) is nothing but one quote (a direct quote, not a claim)."""
        return any(q.start <= a and b <= q.end for q in quotes)

    def _emit_claim(self, index, text, a, b, attribution, quotes, kind=None):
        a, b = _trim(text, a, b)
        claim = text[a:b]
        if len(claim.split()) < 2 or self._is_quote(quotes, a, b):
            return None
        entity = attribution.entity
        if kind is None:
            if entity.kind == DOCUMENT:
                kind = DOCUMENT
            elif entity.kind == ORGANIZATION or "statement" in attribution.verb:
                kind = STATEMENT
            else:
                kind = PARAPHRASE
        self.add(index, kind, claim, attribution)
        return (a, b), attribution

    def _according(self, index, text, masked, start, end, match, quotes):
        stop = re.search(r"[,;]|\.?\s*$", masked[match.end() : end])
        phrase_end = match.end() + (stop.start() if stop else end - match.end())
        phrase = text[match.end() : phrase_end].strip().rstrip(".")
        found = classify(self.memory, phrase, according=True)
        if found is None:
            return None
        entity, note = found
        verb = text[match.start() : match.end()].strip()
        verb = verb[0].lower() + verb[1:]
        attribution = _Attribution(
            entity, verb, f"“{verb} {phrase}”" + (f"; {note}" if note else "")
        )
        clause_start = start
        for boundary in re.finditer(r";|\bbut\b", masked[start : match.start()]):
            clause_start = start + boundary.end()
        if masked[clause_start : match.start()].strip(" ,"):
            return self._emit_claim(index, text, clause_start, match.start(), attribution, quotes)
        return self._emit_claim(index, text, phrase_end, end, attribution, quotes)

    def _no_comment(self, index, text, masked, start, end, match):
        clause_start, _ = self._clause_start(masked, start, match.start())
        found = self._subject(text, masked, clause_start, match.start())
        if found is None:
            return None
        verb = text[match.start() : match.end()]
        verb = "referred" if verb.startswith("referred") else verb
        attribution = _Attribution(
            found[0], verb, f"“{verb}”" + (f"; {found[1]}" if found[1] else "")
        )
        a, b = _trim(text, match.start(), end)
        self.add(index, STATEMENT, text[a:b], attribution)
        return (a, b), attribution

    def _reported(self, index, text, masked, start, end, match, quotes):
        verb_word = match.group()
        verb_end = end_of_verb(masked, match, end)
        verb = text[match.start() : verb_end]
        complement = masked[verb_end:end]
        rest = complement.strip().rstrip(".").strip()
        clause_start, at_and = self._clause_start(masked, start, match.start())
        pieces = list(self._segments(masked, clause_start, match.start()))
        last_piece = masked[pieces[-1][0] : pieces[-1][1]].strip()

        if at_and and not masked[clause_start : match.start()].strip():
            # "The Bank of Thailand kept rates on hold and said it would ...": the subject of
            # the sentence speaks.
            lead = re.match(
                rf"\s*((?:The\s+)?(?:{CAPWORD}\s+(?:(?:of|for|and|&)\s+)?)*{CAPWORD})",
                masked[start:end],
            )
            if lead is None or verb_word not in STRONG_VERBS or not rest:
                return None
            found = classify(self.memory, text[start : start + lead.end()])
            if found is None:
                return None
            attribution = _Attribution(
                found[0], verb, f"the subject of the sentence, then “and {verb}”; {found[1]}"
            )
            return self._emit_claim(index, text, verb_end, end, attribution, quotes)

        if not last_piece and len(pieces) > 1:
            # "..., said Leonard Begay, a lawyer for the tribe." / "..., said X." (and not
            # "Dube, who voted against it, said the city ...", where a claim follows the verb)
            tail = re.match(
                r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*\.?\s*$", text[verb_end:end]
            )
            named = tail.group(1) if tail else ""
            plausible = named and len(named.split()) <= 8 and not has_verb(named)
            found = classify(self.memory, named) if plausible else None
            if found is not None:
                entity, note = found
                if entity.kind == PERSON and tail["appositive"] and not entity.title:
                    entity.title = title_from(tail["appositive"])
                attribution = _Attribution(
                    entity,
                    verb,
                    f"claim, then “{verb} {tail.group(1)}”" + (f"; {note}" if note else ""),
                )
                return self._emit_claim(
                    index, text, clause_start, pieces[-1][0], attribution, quotes
                )

        if last_piece and (not rest or rest.startswith(",")):
            # "The decision was unanimous, the central bank said in a statement."
            if len(pieces) < 2:
                return None
            found = classify(self.memory, text[pieces[-1][0] : pieces[-1][1]])
            if found is None:
                return None
            entity, note = found
            attribution = _Attribution(
                entity,
                verb,
                f"claim, then “{text[pieces[-1][0] : verb_end].strip()}”"
                + (f"; {note}" if note else ""),
            )
            return self._emit_claim(index, text, start, pieces[-2][1], attribution, quotes)

        # "X said (that) ...": the claim follows the verb.
        starts_that = rest.startswith("that ")
        if (
            verb_word in WEAK_VERBS
            and not starts_that
            and not has_verb(" ".join(rest.split()[:10]))
        ):
            return None
        if rest.startswith(("“", '"')) and any(
            q.start >= verb_end and q.end >= end - 2 for q in quotes
        ):
            return None
        found = self._subject(text, masked, clause_start, match.start())
        if found is None:
            return None
        entity, note = found
        subject = text[clause_start : match.start()].strip(" ,")
        attribution = _Attribution(
            entity, verb, f"“{subject} {verb}” then the claim" + (f"; {note}" if note else "")
        )
        kind = STATEMENT if re.search(r"\b[Ii]n a statement\b", text[start:end]) else None
        return self._emit_claim(index, text, verb_end, end, attribution, quotes, kind=kind)


def extract_attributions(body: str, *, known_sources=None) -> list[Suggestion]:
    """Suggest who said what in a Markdown body: direct quotes and attributed claims.

    `known_sources` is an iterable of Source objects, KnownSource or (id, name[, aliases])
    tuples; a speaker that matches one gets its id and name.
    """
    known = as_known_sources(known_sources)
    extractor = _Extractor(known)
    for index, block in enumerate(blocks(body)):
        extractor.paragraph_(index, " ".join(block.split()))
    extractor._flush_run(extractor.run_start_attribution)
    ordered = sorted(
        with_sources(extractor.results, known),
        key=lambda s: (s.paragraph, _position(body, s)),
    )
    return ordered


def _position(body: str, suggestion: Suggestion) -> int:
    block = blocks(body)[suggestion.paragraph]
    found = " ".join(block.split()).find(suggestion.text)
    return found if found >= 0 else 0


def suggest_for_article(article) -> list[Suggestion]:
    """Suggestions for an article's body, matched against the sources already in the database."""
    from sources.models import Source

    field_names = {f.name for f in Source._meta.get_fields()}
    fields = ["pk", "name", "kind"] + (["aliases"] if "aliases" in field_names else [])
    return extract_attributions(article.body, known_sources=Source.objects.only(*fields))
