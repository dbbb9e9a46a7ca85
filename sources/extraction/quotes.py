"""
The tests of the quote rules: each looks at one direct quote in its sentence (the words around
it, the quote before it, who last spoke) and says who speaks it, or whether it is no direct
quote at all. The order they are tried in, their names and what firing does are in rules.py.
"""

from __future__ import annotations

import re
from collections import namedtuple

from sources.extraction.clauses import subject
from sources.extraction.lexicon import ORG_WORDS
from sources.extraction.mentions import (
    capitalised_runs,
    looks_like_person,
    split_title,
    title_from,
)
from sources.extraction.phrases import classify
from sources.extraction.records import PERSON, Attribution, Finding
from sources.extraction.verbs import VERB, end_of_verb, last_verb


class QuoteScene(
    namedtuple(
        "QuoteScene",
        [
            "memory",
            "index",  # the paragraph
            "block",
            "masked",
            "start",  # where the sentence starts
            "quote",
            "next_start",  # where the next quote in the sentence starts, or the sentence ends
            "text",  # the words quoted
            # The quote before in the sentence when its own words attributed it: (quote,
            # attribution, where its verb starts), or None.
            "split_from",
            "paragraph_speaker",  # who last spoke in this paragraph (an Attribution), or None
            "in_run",  # a quote running over paragraphs goes on in this one
            "last",  # the last attribution made, as (paragraph, Attribution), or None
            "turns",  # paragraph -> (who spoke or asked in it, whether they asked)
        ],
    )
):
    """One quote and what the quote rules may look at."""

    __slots__ = ()

    @property
    def lead(self) -> str:
        """The sentence before the quote, masked."""
        return self.masked[self.start : self.quote.start]


def said_after(scene: QuoteScene) -> Finding | None:
    """ "“A,” he said." / "“A,” said X, a lawyer.": the words after the quote attribute it."""
    if not scene.quote.closed or not _opens_clause(scene.lead):
        return None
    memory, text, masked = scene.memory, scene.block, scene.masked
    start, end = scene.quote.end, scene.next_start
    verb = VERB.search(masked, start, end)
    if verb is None:
        return None
    verb_end = end_of_verb(masked, verb, end)
    verb_text = text[verb.start() : verb_end]
    before = masked[start : verb.start()].strip(" ,")
    if before:
        found = subject(memory, text, masked, start, verb.start())
        printed = text[start:verb_end].strip(" ,")
    else:
        tail = re.match(r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*$", text[verb_end:end])
        if tail is None:
            return None
        found = classify(memory, tail.group(1))
        if found and found[0].kind == PERSON and tail["appositive"] and not found[0].title:
            found[0].title = title_from(tail["appositive"])
        printed = f"{verb_text} {tail.group(1)}"
    if found is None:
        return None
    entity, note = found
    return Finding(entity, verb_text, printed, note, verb_span=(verb.start(), verb.end()))


def second_half(scene: QuoteScene) -> Finding | None:
    """ "“A,” the diplomat said, “B.”": the second half is the first half's speaker's."""
    split = scene.split_from
    if split is not None and split[2] > split[0].end:
        return _echo(split[1])
    return None


def after_colon(scene: QuoteScene) -> Finding | None:
    """ "Union president Darnell Hughes put it bluntly: “...”": the speaker opens the clause."""
    lead = scene.lead
    if not (lead.strip() and lead.rstrip().endswith(":")):
        return None
    memory, text, masked, start = scene.memory, scene.block, scene.masked, scene.start
    clause = masked[start : scene.quote.start].rstrip().rstrip(":")
    verb = last_verb(clause)
    if verb is not None:
        found = subject(memory, text, masked, start, start + verb.start())
        verb_text = text[start + verb.start() : start + len(clause)].strip()
    else:
        runs = capitalised_runs(clause)
        if not runs:
            return None
        people = [run for run in runs if looks_like_person(split_title(run[0])[1])]
        orgs = [run for run in runs if len(run[0]) > 1 and run[0][-1].lower() in ORG_WORDS]
        tokens, first = (people or orgs or runs)[0]
        words = clause.split()
        found = classify(memory, " ".join(words[: first + len(tokens)]))
        verb_text = " ".join(words[first + len(tokens) :])
    if found is None or not verb_text:
        return None
    return Finding(found[0], verb_text, note=found[1])


def said_before(scene: QuoteScene) -> Finding | None:
    """ "X said, “...”": a speech verb ends the words before the quote."""
    lead = scene.lead
    if not (lead.strip() and lead.rstrip().endswith(",")):
        return None
    masked, quote = scene.masked, scene.quote
    verb = last_verb(masked, scene.start, quote.start)
    if verb is None:
        return None
    verb_end = end_of_verb(masked, verb, quote.start)
    if masked[verb_end : quote.start].strip(" ,") or _aside(masked, scene.start, verb.start()):
        return None
    found = subject(scene.memory, scene.block, masked, scene.start, verb.start())
    if found is None:
        return None
    verb_text = scene.block[verb.start() : verb_end]
    return Finding(found[0], verb_text, note=found[1], verb_span=(verb.start(), verb.end()))


def shouted(scene: QuoteScene) -> Finding | None:
    """ "several people in the audience shouted “Let her finish!”": an exclamation or question
    right after a verb of shouting, with no comma, is the shouter's (not a name or a title:
    the quote must end in "!" or "?")."""
    if not scene.quote.closed or not scene.text.rstrip().endswith(("!", "?")):
        return None
    verb = _SHOUTED.search(scene.lead)
    if verb is None or len(scene.text.split()) < 2:
        return None
    end = scene.start + verb.start()
    found = subject(scene.memory, scene.block, scene.masked, scene.start, end)
    if found is None:
        return None
    verb_text = verb.group().strip()
    return Finding(found[0], verb_text, note=found[1], verb_span=(end, end + len(verb_text)))


_SHOUTED = re.compile(r"\b(?:shouted|yelled|chanted|screamed|cried)\s*$")


def _opens_clause(lead: str) -> bool:
    """A quote the speaker utters opens its sentence or follows a comma, colon or dash; one
    after other words ("what the union called “a fair hearing”") is a fragment of them."""
    return not lead.strip() or lead.rstrip().endswith((",", ":", "—", "–"))


def _aside(masked: str, start: int, verb: int) -> bool:
    """ "as X says," / "what officials say": the verb is an aside or a free relative inside the
    sentence, so the quoted words after it are a fragment, not what X utters."""
    clause = re.split(r"[,;:—–]", masked[start:verb])[-1].strip().lower()
    return clause.startswith(("as ", "what ", "which "))


def inside_sentence(scene: QuoteScene) -> bool:
    """Words before the quote that attribute nothing: a scare quote or a partial quote."""
    return bool(scene.lead.strip())


def opens_run(scene: QuoteScene) -> bool:
    """A paragraph that opens a quote without closing it: the quote goes on in the next."""
    return not scene.quote.closed and scene.quote.start == 0


def continues_run(scene: QuoteScene) -> bool:
    """The paragraph after one that opened a quote without closing it, opening with a quote."""
    return scene.in_run and scene.quote.start == 0


def too_short(scene: QuoteScene) -> bool:
    """Fewer than three words, unless a sentence of its own after someone spoke in this
    paragraph ("“I came forward ...,” Ortega said. “That's true.”")."""
    if scene.paragraph_speaker is not None and scene.text.rstrip().endswith((".", "!", "?")):
        return False
    return len(scene.text.split()) < 3


def same_paragraph(scene: QuoteScene) -> Finding | None:
    """A quote on its own after someone spoke in this paragraph: theirs."""
    speaker = scene.paragraph_speaker
    return _echo(speaker) if speaker is not None else None


def paragraph_before(scene: QuoteScene) -> Finding | None:
    """A paragraph opening with a quote after someone spoke in the one before: theirs."""
    last = scene.last
    if scene.quote.start == 0 and last and last[0] == scene.index - 1:
        return _echo(last[1])
    return None


def exchange_turn(scene: QuoteScene) -> Finding | None:
    """A paragraph that is only a quote, after A asked and B answered (or B asked and A
    answered) in the two paragraphs before: an exchange, so it is A's turn again."""
    quote, index = scene.quote, scene.index
    if quote.start != 0 or scene.block[quote.end :].strip():
        return None
    before, last = scene.turns.get(index - 2), scene.turns.get(index - 1)
    if before is None or last is None or before[0] is last[0]:
        return None
    if not (before[1] or last[1]):
        return None
    return Finding(before[0], "asked" if scene.text.endswith("?") else "replied")


def answers_question(scene: QuoteScene) -> Finding | None:
    """A paragraph that is only a short quote, no question, right after A asked one (and no
    exchange before it): the answer of the person last mentioned before A, in the three
    paragraphs before ("Under cross-examination, Ms MacSuibhne agreed ... “..., didn’t
    you?” Ms van Rensburg asked. “I did.”")."""
    quote, index = scene.quote, scene.index
    if quote.start != 0 or scene.block[quote.end :].strip() or scene.text.endswith("?"):
        return None
    asked, before = scene.turns.get(index - 1), scene.turns.get(index - 2)
    if asked is None or not asked[1] or len(scene.text.split()) > 25:
        return None
    if before is not None and before[0] is not asked[0]:
        return None  # an exchange already under way: exchange_turn's
    last = scene.last
    if last is None or last[0] != index - 1 or not last[1].verb.startswith(_ASKING):
        return None  # "..., he said. ‘What do you say to that?" goes on in his words
    for paragraph, entity in reversed(scene.memory.history):
        if paragraph < index - 3:
            break
        if entity.kind == PERSON and entity is not asked[0]:
            return Finding(entity, "replied")
    return None


_ASKING = ("asked", "pressed", "questioned", "demanded")


def _echo(earlier: Attribution) -> Finding:
    """The same speaker, with the same verb, as an earlier attribution."""
    return Finding(earlier.entity, earlier.verb)
