"""
The speaker rules, as two ordered tables in the manner of a sieve (Muzny et al. 2017): for each
direct quote the quote rules, for each trigger in a sentence the claim rules of that trigger;
the first rule that settles a case wins. Each rule has a name, the reason the desk reads when it
fires, the test it applies (quotes.py, claims.py, subjects.py) and what firing does.
"""

from __future__ import annotations

import re
from collections import namedtuple
from enum import Enum

from sources.extraction import claims, quotes, subjects
from sources.extraction.records import Finding
from sources.extraction.verbs import (
    ACCORDING,
    BELIEF,
    DOCUMENT_VERB,
    NO_COMMENT,
    PARTICIPLE,
    VERB,
)


class Effect(Enum):
    """What a rule's firing does to the suggestions."""

    ANSWERS = "attributes the quote, ends a quote run with it, and may be split by a second half"
    SPEAKS = "attributes the quote; its speaker is the paragraph's speaker from now"
    ECHOES = "attributes the quote to a speaker already attributed"
    HOLDS = "holds the quote until the quote run it opens is attributed"
    ENDS_RUN = "holds the quote and attributes the run to whoever spoke before it opened"
    DROPS = "attributes nothing: no direct quote"
    CLAIMS = "attributes the claimed words if they are two or more and not only a quote"
    STATES = "attributes the words as printed as a statement"


class Rule(
    namedtuple(
        "Rule", ["name", "says", "effect", "find", "when", "trigger"], defaults=(None, None, "")
    )
):
    """One rule. `find` says who speaks (None: the rule does not apply); `when` says the rule
    settles the case, so with both, a case `when` picks that `find` attributes to nobody goes no
    further. `says` is the reason reported, filled in with the finding's printed words and
    speaker, then how the speaker's mention was resolved. `trigger`: for a claim rule, which
    trigger sets it off."""

    __slots__ = ()

    def reason(self, finding: Finding) -> str:
        said = self.says.format(printed=finding.printed, speaker=finding.entity.name)
        return said + (f"; {finding.note}" if finding.note else "")


QUOTE_RULES = (
    Rule("said after the quote", "quote, then “{printed}”", Effect.ANSWERS, quotes.said_after),
    Rule(
        "second half of a split quote",
        "second half of a split quote by {speaker}",
        Effect.ECHOES,
        quotes.second_half,
    ),
    Rule("after a colon", "a quote after a colon", Effect.SPEAKS, quotes.after_colon),
    Rule("said before the quote", "“X said, “...”", Effect.SPEAKS, quotes.said_before),
    Rule("shouted the quote", "X shouted “...!”", Effect.SPEAKS, quotes.shouted),
    Rule(
        "fragment inside a sentence",
        "a scare quote or partial quote",
        Effect.DROPS,
        when=quotes.inside_sentence,
    ),
    Rule(
        "opens a quote run",
        "a quote running over paragraphs, attributed where it ends",
        Effect.HOLDS,
        when=quotes.opens_run,
    ),
    Rule(
        "continues a quote run",
        "a quote running over paragraphs",
        Effect.ENDS_RUN,
        when=quotes.continues_run,
    ),
    Rule(
        "a turn in an exchange",
        "a question and its answer went before: {speaker}’s turn",
        Effect.SPEAKS,
        quotes.exchange_turn,
    ),
    Rule(
        "an answer to a question",
        "the answer to a question asked just before: {speaker}’s",
        Effect.SPEAKS,
        quotes.answers_question,
    ),
    Rule("too short", "fewer than three words", Effect.DROPS, when=quotes.too_short),
    Rule(
        "follows the paragraph's speaker",
        "follows {speaker}’s words in the paragraph",
        Effect.ECHOES,
        quotes.same_paragraph,
    ),
    Rule(
        "follows the paragraph before",
        "follows {speaker} in the paragraph before",
        Effect.ECHOES,
        quotes.paragraph_before,
    ),
)

TRIGGERS = (
    ("according", ACCORDING),
    ("no_comment", NO_COMMENT),
    ("verb", VERB),
    ("document", DOCUMENT_VERB),
    ("participle", PARTICIPLE),
    ("belief", BELIEF),
)

CLAIM_RULES = (
    Rule("according to", "“{printed}”", Effect.CLAIMS, claims.according_to, trigger="according"),
    Rule("no comment", "“{printed}”", Effect.STATES, claims.no_comment, trigger="no_comment"),
    Rule(
        "subject, then and said",
        "the subject of the sentence, then “and {printed}”",
        Effect.CLAIMS,
        subjects.subject_and_said,
        when=subjects.opens_with_and,
        trigger="verb",
    ),
    Rule(
        "claim, then said X",
        "claim, then “{printed}”",
        Effect.CLAIMS,
        claims.said_by_after,
        trigger="verb",
    ),
    Rule(
        "claim, then X said",
        "claim, then “{printed}”",
        Effect.CLAIMS,
        claims.said_after_claim,
        when=claims.speaker_ends_sentence,
        trigger="verb",
    ),
    Rule(
        "X said that", "“{printed}” then the claim", Effect.CLAIMS, claims.said_that, trigger="verb"
    ),
    Rule(
        "a document found that",
        "“{printed}” then the document’s finding",
        Effect.CLAIMS,
        claims.document_found,
        trigger="document",
    ),
    Rule(
        "claim, then a document shows",
        "claim, then “{printed}”",
        Effect.CLAIMS,
        claims.document_after,
        trigger="document",
    ),
    Rule(
        "subject, then saying",
        "the subject of the sentence, then “, {printed}”",
        Effect.CLAIMS,
        subjects.saying,
        trigger="participle",
    ),
    Rule(
        "X is confident that",
        "“{printed}” then the view",
        Effect.CLAIMS,
        claims.said_that,
        trigger="belief",
    ),
)

_CLAIM_RULES_BY_TRIGGER = {
    name: tuple(rule for rule in CLAIM_RULES if rule.trigger == name) for name, _ in TRIGGERS
}


def settle(rules: tuple[Rule, ...], scene) -> tuple[Rule, Finding | None] | None:
    """The first rule that settles the scene, and what it found (None: nobody); None when no
    rule does."""
    for rule in rules:
        if rule.when is not None and not rule.when(scene):
            continue
        finding = rule.find(scene) if rule.find is not None else None
        if finding is None and rule.when is None:
            continue
        return rule, finding
    return None


# A speech verb right after an article or a possessive is a noun: "a claims manager", "the
# reports", "its notes".
_DETERMINED = re.compile(r"(?:^|\s)(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)\s+$")


def triggers(masked: str, start: int, end: int) -> list[tuple[str, re.Match]]:
    """Every trigger in [start, end) of the masked block, in order, with its name."""
    found = [
        (name, match)
        for name, pattern in TRIGGERS
        for match in pattern.finditer(masked, start, end)
        if not (
            name == "verb"
            and _DETERMINED.search(masked, max(start, match.start() - 8), match.start())
        )
    ]
    found.sort(key=lambda item: item[1].start())
    return found


def claim_rules(trigger: str) -> tuple[Rule, ...]:
    return _CLAIM_RULES_BY_TRIGGER[trigger]
