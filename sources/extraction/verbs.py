"""
Speech verbs: which words report speech (strongly, or only when a clause follows), the other
triggers of an attribution ("according to", "declined to comment"), and how far a verb as
printed runs ("told Reuters in a phone interview on Friday").
"""

import re

# Speech verbs that take a clause ("said the plan failed") and rarely anything else.
STRONG_VERBS = {
    "said", "says", "told", "tells", "stated", "explained", "explains", "claimed", "mentioned",
    "added", "adds", "wrote", "writes", "insisted", "insists", "contended", "contends",
    "maintained", "asserted", "asserts", "informed", "replied", "countered", "argued",
}  # fmt: skip
# Verbs that report speech only when a clause follows ("reported that ...", not "reported a
# loss"; "states the plan ..." after a speaker, not "five states").
WEAK_VERBS = {
    "states", "claims", "reported", "reports", "noted", "notes", "warned", "warns",
    "acknowledged", "acknowledges", "announced", "announces", "confirmed", "confirms",
    "denied", "denies", "suggested", "suggests", "estimated", "predicted", "predicts",
    "testified", "tweeted", "recalled", "conceded", "admitted", "admits", "observed",
    "cautioned", "emphasized", "emphasised", "stressed", "concluded", "alleged", "alleges",
    "declared", "disclosed", "revealed", "indicated", "complained", "argues", "believes",
    "insisted", "urged", "agreed",
    # The plural present: "Critics say the sites are hard to reach".
    "say", "warn", "argue", "insist", "contend", "maintain", "acknowledge", "admit",
    "predict", "estimate", "claim", "recall", "pointed out", "points out",
}  # fmt: skip
# Verbs that frame a claim about something, with its object: "called the cuts “unacceptable”",
# "described the plan as ...", "accused the council of ..." (claims only, after a subject).
FRAME_VERBS = {
    "called", "calls", "described", "describes", "accused", "accuses", "branded", "labelled",
    "labeled",
}  # fmt: skip
# Verbs that report how a quote was spoken but frame no claim ("asked her about a bonus" is no
# claim of hers): they attribute a quote next to them, never a claim.
QUOTE_ONLY_VERBS = {
    "asked", "asks", "answered", "answers", "responded", "quipped", "shouted", "joked",
    "continued", "pleaded", "wondered", "posted", "recalls", "urges", "replies", "counters",
    # A message or sign read out: "“I'll explain later,” the message read."
    "read", "reads",
}  # fmt: skip
# Verbs a document reports its findings with ("A 2024 study ... found that ..."): a claim only
# when "that" follows and the subject is a document, and never a quote's verb.
DOCUMENT_VERBS = {"found", "finds", "showed", "shows", "estimates"}
DOCUMENT_VERB = re.compile(
    r"\b(?:" + "|".join(sorted(DOCUMENT_VERBS)) + r")(?=\s+that\b)"
    # "..., court records show.": the document after its finding, ending the sentence.
    r"|\b(?:show|shows|showed)(?=\s*[.;])"
    # "a later inspection ... found one of them, in Streatham, to be “inadequate”".
    r"|\b(?:found|finds)(?=\s+[^.;:]{1,60}?\bto\s+be\b)"
)
# A participle set off after the main clause, whose clause is the subject's claim: "X scrapped
# its dividend, saying dealers were ...".
PARTICIPLE = re.compile(r"(?<=,\s)saying\b")
# A view held, as a claim of the subject: "Analysts were unconvinced that price cuts ...".
BELIEF = re.compile(
    r"\b(?:was|were|is|are|remained|remain)\s+(?:un)?(?:convinced|confident|sceptical|skeptical|"
    r"doubtful|optimistic|hopeful)(?=\s+that\b)"
)
SPEECH_VERBS = STRONG_VERBS | WEAK_VERBS | FRAME_VERBS | QUOTE_ONLY_VERBS
RECIPIENT_VERBS = {"told", "tells", "informed"}

VERB = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Ii]n accordance (?:to|with))\s+")
NO_COMMENT = re.compile(
    r"\b(?:(?:declined|refused) to (?:comment|say|discuss|elaborate|disclose|specify|confirm|name|"
    r"identify|speak)"
    r"|did not (?:immediately )?(?:respond|reply|return)(?: to)? (?:a |an |several |repeated )?"
    r"(?:requests?|e-?mails?|messages?|calls?|questions?|inquiries)"
    r"(?: (?:for|seeking|requesting) comment)?"
    r"|could not (?:immediately )?be reached(?: for comment)?"
    r"|referred\b[^.;]{0,40}?\bcomment\b)"
)

WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MEDIUM = (
    r"(?:statement|e-?mail|interview|ruling|letter|post|forecast|filing|report|note|memo|"
    r"briefing|message|opinion|order|decision|tweet|speech|video|release|podcast|broadcast|"
    r"call|testimony|affidavit|complaint|motion|brief|notice|blog)"
)
# A capital letter, accented ones too ("Élodie", "Łukasz").
_UPPER = "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
CAPWORD = rf"[A-Z{_UPPER}][\w.’'&-]*"
# What may follow the verb and still be part of it as printed: "said on Friday", "wrote in an
# e-mail to ICE at the time", "told Reuters in a phone interview", "said by phone".
_VERB_EXTENSION = re.compile(
    rf"""(?:
        \s+(?:(?:late|early)\s+)?(?:on\s+)?{WEEKDAY}(?![’'])(?:\s+(?:morning|afternoon|evening|night))?
      | \s+in\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){{0,3}}?{_MEDIUM}s?
            (?:\s+to\s+(?:(?:the|its|his|her|their)\s+)?(?:{CAPWORD}(?:\s+{CAPWORD})*|[a-z]+))?
            (?:\s+(?:seen|obtained|reviewed|viewed)\s+by\s+(?:the\s+)?{CAPWORD}(?:\s+{CAPWORD})*)?
      | \s+by\s+(?:tele)?phone
      | \s+at\s+the\s+time
      | \s+(?:on\s+social\s+media|on\s+Twitter|on\s+Facebook)
      | \s+(?:yesterday|today|tonight)
    )*""",
    re.VERBOSE,
)
_RECIPIENT = re.compile(
    rf"""\s+(?:
        (?:The\s+)?{CAPWORD}(?:\s+(?:of\s+)?{CAPWORD})*
      | (?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?
        (?:reporters|journalists|lawmakers|legislators|senators|council|committee|court|jury|
           panel|briefing|conference|hearing|meeting|audience|crowd|parliament|investors|
           analysts|supporters|residents|members|staff|employees|officials|radio|television|
           newspaper|broadcaster|station|magazine|podcast)
    )(?=[\s,.;]|$)""",
    re.VERBOSE,
)


def end_of_verb(masked: str, verb: re.Match, limit: int) -> int:
    """Where the verb as printed ends: past a recipient and phrases like "in a statement"."""
    end = verb.end()
    if verb.group() in RECIPIENT_VERBS:
        recipient = _RECIPIENT.match(masked, end, limit)
        if recipient and not masked[end:].lstrip().startswith("that "):
            end = recipient.end()
    extension = _VERB_EXTENSION.match(masked, end, limit)
    return extension.end() if extension else end


def last_verb(text: str, start: int = 0, end: int | None = None) -> re.Match | None:
    """The last speech verb in text[start:end], or None."""
    verbs = list(VERB.finditer(text, start, len(text) if end is None else end))
    return verbs[-1] if verbs else None
