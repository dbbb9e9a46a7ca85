"""
Reading a story with the speaker rules: block by block and sentence by sentence, the mentions
are registered, each direct quote is settled by the first quote rule that applies, then each
trigger by the first claim rule of that trigger; what the rules find becomes suggestions, in
the order made, and every speaker is remembered for the sentences after. A quote running over
paragraphs is held until the rules attribute the paragraph where it ends.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sources.extraction.claims import ClaimScene, claim_kind, claimed_span
from sources.extraction.clauses import subject
from sources.extraction.mentions import Memory
from sources.extraction.quotes import QuoteScene
from sources.extraction.records import (
    DIRECT_QUOTE,
    UNNAMED,
    Attribution,
    Entity,
    Finding,
    Suggestion,
)
from sources.extraction.registry import clause_subjects, identified, register_mentions
from sources.extraction.rules import QUOTE_RULES, Effect, Rule, claim_rules, settle, triggers
from sources.extraction.spans import Quote, find_quotes, mask, quote_text, sentences
from sources.extraction.verbs import QUOTE_ONLY_VERBS

_WRITTEN_IN = re.compile(
    r"\b[Ii]n an?\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<medium>letter|e-?mail|memo|message|note|text|post|statement)\b"
)


class _Paragraph:
    """The block being read, its quotes, and who last spoke in it."""

    def __init__(self, index: int, block: str, masked: str, quotes: list[Quote]):
        self.index = index
        self.block = block
        self.masked = masked
        self.quotes = quotes
        self.in_run = False  # a quote run from the paragraphs before goes on in this one
        self.speaker: Attribution | None = None


class Made:
    """The suggestions made so far, each with its speaker, and the last attribution made; and
    the direct quotes no rule found a speaker for."""

    def __init__(self, memory: Memory):
        self.memory = memory
        self.results: list[tuple[Suggestion, Entity]] = []
        self.last: tuple[int, Attribution] | None = None  # (paragraph, attribution)
        self.unattributed: list[Suggestion] = []
        # Who spoke a direct quote or asked something, paragraph by paragraph, for the turns of
        # an exchange: paragraph -> (the speaker, whether they asked a question).
        self.turns: dict[int, tuple[Entity, bool]] = {}

    def nobody(self, paragraph: int, text: str, reason: str) -> None:
        """A direct quote whose speaker the text does not say, as far as the rules can tell."""
        suggestion = Suggestion(paragraph, DIRECT_QUOTE, text, "", "", "", reason=reason)
        self.unattributed.append(suggestion)

    def add(self, paragraph: int, kind: str, text: str, attribution: Attribution) -> None:
        """A suggestion, its speaker remembered as the one object for that name."""
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
        if kind == DIRECT_QUOTE:
            self.turn(paragraph, entity, text.rstrip().endswith("?"))

    def identify(self, paragraph: int, person: Entity) -> None:
        """The one person a paragraph only described ("A former bookkeeper for a charity
        testified ...") is `person`, named in the next: their suggestions, and what pronouns
        and "the bookkeeper" point back to, are the person's."""
        described = {
            entity
            for suggestion, entity in self.results
            if suggestion.paragraph == paragraph
            and entity.kind == UNNAMED
            and not entity.plural
            and entity.name.split()[0] in ("A", "An")
        }
        if len(described) != 1:
            return
        [someone] = described
        person.descriptors.add(_head_noun(someone.name))
        note = f"; “{someone.name}” is {person.name}, named in the paragraph after"
        self.results = [
            (_as(suggestion, person, note), person) if entity is someone else (suggestion, entity)
            for suggestion, entity in self.results
        ]
        history = self.memory.history
        history[:] = [(at, person if entity is someone else entity) for at, entity in history]
        if self.last is not None and self.last[1].entity is someone:
            self.last[1].entity = person
        for at, (entity, asked) in list(self.turns.items()):
            if entity is someone:
                self.turns[at] = (person, asked)

    def turn(self, paragraph: int, entity: Entity, asked: bool) -> None:
        """`entity` speaks in the paragraph (the last to speak in it counts), asking or not."""
        earlier = self.turns.get(paragraph)
        same = earlier is not None and earlier[0] is entity
        self.turns[paragraph] = (entity, asked or (same and earlier[1]))


def _head_noun(description: str) -> str:
    """ "A former bookkeeper for a Phoenix charity" -> "bookkeeper"."""
    words = re.split(r"\s+(?:who|that|for|at|of|with|from|in|on)\b", description)[0].split()
    return words[-1].lower()


def _as(suggestion: Suggestion, person: Entity, note: str) -> Suggestion:
    return replace(
        suggestion,
        speaker=person.name,
        speaker_kind=person.kind,
        title=person.title,
        affiliation=person.affiliation,
        reason=suggestion.reason + note,
    )


def _aside(masked: str, start: int, verb: int) -> bool:
    """ "as residents say," / "What officials say is ...": an aside or a free relative, whose
    subject makes no claim of the sentence."""
    clause = re.split(r"[,;:—–]", masked[start:verb])[-1].strip().lower()
    return clause.startswith(("as ", "what "))


class _QuoteRun:
    """Quotes held while a quote runs over paragraphs, and who spoke just before it opened."""

    def __init__(self, made: Made):
        self.made = made
        self.held: list[tuple[int, str, str]] = []  # (paragraph, text, reason)
        self.start: Attribution | None = None

    def carry(self, paragraph: _Paragraph) -> bool:
        """Whether the run goes on here, as it does when this paragraph opens with a quote; a
        run that opens here belongs to whoever spoke in the paragraph before."""
        quotes = paragraph.quotes
        opens_with_quote = bool(quotes) and quotes[0].start == 0
        if self.held and not opens_with_quote:
            self.end(self.start)
        if opens_with_quote and not self.held:
            previous = self.made.last
            self.start = previous[1] if previous and previous[0] == paragraph.index - 1 else None
        return bool(self.held)

    def hold(self, paragraph: int, text: str, reason: str) -> None:
        self.held.append((paragraph, text, reason))

    def end(self, attribution: Attribution | None) -> None:
        """Attribute the held quotes to `attribution` (none: they stay unattributed)."""
        for paragraph, text, reason in self.held:
            if attribution is None:
                self.made.nobody(paragraph, text, f"{reason}; nobody is said to speak it")
            else:
                self.made.add(
                    paragraph,
                    DIRECT_QUOTE,
                    text,
                    Attribution(attribution.entity, attribution.verb, reason),
                )
        self.held = []


class StoryReader:
    """One story's reading: the memory of its mentions, the suggestions made, the quote run."""

    def __init__(self):
        self.memory = Memory()
        self.made = Made(self.memory)
        self.run = _QuoteRun(self.made)

    def read(self, index: int, block: str) -> None:
        """Attribute one block's quotes and claims; a subhead only ends a quote run."""
        self.memory.paragraph = index
        if block.startswith("#"):
            self.run.end(self.run.start)
            return
        quotes = find_quotes(block)
        paragraph = _Paragraph(index, block, mask(block, quotes), quotes)
        paragraph.in_run = self.run.carry(paragraph)
        for start, end in sentences(block, paragraph.masked, quotes):
            self._read_sentence(paragraph, start, end)
        # The lede's "A former bookkeeper ... testified", named in the paragraph after it.
        person = identified(self.memory, paragraph.masked) if index == 1 else None
        if person is not None:
            self.made.identify(0, person)

    def finish(self) -> None:
        """The story is over, and with it any quote still running."""
        self.run.end(self.run.start)

    def _read_sentence(self, paragraph: _Paragraph, start: int, end: int) -> None:
        block, masked = paragraph.block, paragraph.masked
        register_mentions(self.memory, block[start:end], masked[start:end])
        before = len(self.memory.history)
        quotes = [q for q in paragraph.quotes if start <= q.start < end]
        used: list[tuple[int, int]] = []  # speech verbs the quotes' attributions used
        split_from: tuple[Quote, Attribution, int] | None = None
        for number, quote in enumerate(quotes):
            next_start = quotes[number + 1].start if number + 1 < len(quotes) else end
            text = quote_text(block, quote)
            if not text:
                continue
            scene = QuoteScene(
                self.memory,
                paragraph.index,
                block,
                masked,
                start,
                quote,
                next_start,
                text,
                split_from,
                paragraph.speaker,
                paragraph.in_run,
                self.made.last,
                self.made.turns,
            )
            split_from = self._settle_quote(paragraph, scene, used) or split_from
        claimed = self._settle_claims(paragraph, start, end, used, quotes)
        if claimed:
            paragraph.speaker = claimed
            medium = _WRITTEN_IN.search(block, start, end)
            if medium:
                # "In a letter to staff, von Hallstein wrote ...": "the letter" is hers from now.
                claimed.entity.descriptors.add(medium["medium"].lower().replace("-", ""))
        if self.made.last and self.made.last[0] == paragraph.index:
            paragraph.speaker = self.made.last[1]
        # "Whitcombe suggested that Menéndez had ...": she is mentioned, behind the speaker.
        for person in reversed(clause_subjects(self.memory, masked[start:end])):
            self.memory.history.insert(before, (paragraph.index, person))

    def _settle_quote(
        self, paragraph: _Paragraph, scene: QuoteScene, used: list[tuple[int, int]]
    ) -> tuple[Quote, Attribution, int] | None:
        """Apply the first quote rule that settles the quote; a quote its own words attribute
        comes back, for a second half to follow."""
        settled = settle(QUOTE_RULES, scene)
        if settled is None:
            reason = "a direct quote; no speech verb, colon or earlier speaker says whose"
            self.made.nobody(paragraph.index, scene.text, reason)
            return None
        rule, finding = settled
        if rule.effect in (Effect.HOLDS, Effect.ENDS_RUN):
            self.run.hold(paragraph.index, scene.text, rule.says)
            if rule.effect is Effect.ENDS_RUN:
                self.run.end(self.run.start)
            return None
        if finding is None:
            return None
        attribution = Attribution(finding.entity, finding.verb, rule.reason(finding))
        if finding.verb_span is not None:
            used.append(finding.verb_span)
        if rule.effect is Effect.ANSWERS:
            self.run.end(attribution)
        self.made.add(paragraph.index, DIRECT_QUOTE, scene.text, attribution)
        if rule.effect in (Effect.ANSWERS, Effect.SPEAKS):
            paragraph.speaker = attribution
        if rule.effect is Effect.ANSWERS:
            return scene.quote, attribution, finding.verb_span[0]
        return None

    def _settle_claims(
        self,
        paragraph: _Paragraph,
        start: int,
        end: int,
        used: list[tuple[int, int]],
        quotes: list[Quote],
    ) -> Attribution | None:
        """Attributed claims in one sentence; returns the last attribution made, if any."""
        last = None
        covered: list[tuple[int, int]] = []
        for trigger, match in triggers(paragraph.masked, start, end):
            position = match.start()
            if match.group() in ("asked", "asks"):
                self._asker(paragraph, start, position)
            if match.group() in QUOTE_ONLY_VERBS or _aside(paragraph.masked, start, position):
                continue  # "asked her about a bonus", "as residents say": no claim of theirs
            if any(a <= position < b for a, b in used + covered):
                continue
            scene = ClaimScene(
                self.memory, paragraph.block, paragraph.masked, start, end, match, quotes
            )
            settled = settle(claim_rules(trigger), scene)
            made = self._claim(paragraph.index, scene, *settled) if settled else None
            if made is not None:
                span, attribution = made
                covered.append(span)
                used.append((match.start(), match.end()))
                last = attribution
        return last

    def _asker(self, paragraph: _Paragraph, start: int, verb: int) -> None:
        """ "Brandt-Morrow asked Tolliver whether ...": her turn in an exchange, a question."""
        found = subject(self.memory, paragraph.block, paragraph.masked, start, verb)
        if found is not None and paragraph.index not in self.made.turns:
            self.made.turn(paragraph.index, self.memory.remember(found[0]), True)

    def _claim(self, index: int, scene: ClaimScene, rule: Rule, finding: Finding | None):
        """Add the claim a rule found, if its words hold one: (its span, the attribution)."""
        if finding is None:
            return None
        attribution = Attribution(finding.entity, finding.verb, rule.reason(finding))
        span = claimed_span(scene, finding, checked=rule.effect is Effect.CLAIMS)
        if span is None:
            return None
        self.made.add(index, claim_kind(finding), scene.text[span[0] : span[1]], attribution)
        return span, attribution
