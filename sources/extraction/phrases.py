"""
Who a noun phrase names, and how that was worked out: a named person (title and affiliation
split off) or organisation, a surname or acronym met in full earlier, a pronoun or "the agency"
pointing back to the last compatible speaker, someone's spokesperson or office, an unnamed
source with its affiliation, or a document (what a pronoun or a description points back to is
worked out in antecedents.py).
"""

from __future__ import annotations

import re

from sources.extraction.antecedents import (
    GENDER,
    TWO_OF_THEM,
    antecedent,
    described_antecedent,
    last_two_organisations,
)
from sources.extraction.lexicon import (
    ADVERBS,
    COLLECTIVE_NOUNS,
    DOCUMENT_NOUNS,
    FINITE,
    HONORIFICS,
    INDEFINITE,
    ORG_NOUNS,
    ORG_WORDS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    TITLES,
)
from sources.extraction.mentions import (
    Memory,
    capitalised_runs,
    gender_of,
    is_particle,
    looks_like_person,
    split_title,
)
from sources.extraction.records import DOCUMENT, ORGANIZATION, PERSON, UNNAMED, Entity
from sources.extraction.tokens import bare_word, is_acronym, is_cap, is_possessive
from sources.extraction.verbs import WEEKDAY

Resolved = tuple[Entity, str]


def classify(memory: Memory, phrase: str, *, according: bool = False) -> Resolved | None:
    """Who a noun phrase names, and how that was worked out; None when it names nobody."""
    words = _speaker_words(phrase, according=according)
    if not words or len(words) > 16:
        return None
    phrase = " ".join(words)
    lower = phrase.lower()
    if any(bare_word(word) in FINITE for word in words if word.islower()) and not according:
        return None  # a clause, not a noun phrase
    if re.fullmatch(r"(?:one|some|two|several|many|most|all|each|both) of (?:them|those)", lower):
        return _pointing_back(memory, phrase, "they", "the last group")
    one_of = _ONE_OF_THEM.fullmatch(lower)
    if one_of and one_of["medium"]:
        author = memory.authors.get(one_of["medium"].rstrip("s").replace("-", ""))
        if author is not None:  # "Another message, sent two days later, ...": his too
            return author, f"“{phrase}” → one of the messages {author.name} sent"
    sent = memory.last_sent
    if sent and sent[0] >= memory.paragraph - 1:
        if _ONE_OF_THEM.fullmatch(lower):
            # "text messages that Thurgood sent ... One, sent the day before, read: ...": his.
            return sent[1], f"“{phrase}” → one of the messages {sent[1].name} sent"
        if lower == "it" and not any(
            at >= sent[0] and entity.kind in (ORGANIZATION, DOCUMENT)
            for at, entity in memory.history
        ):
            # "An email sent by Whitlow-Bryce ... was read to the court. “...,” it read.": his.
            return sent[1], f"“it” → the message {sent[1].name} sent"
    if TWO_OF_THEM.fullmatch(lower):
        pair = last_two_organisations(memory)
        if pair is not None:
            # "..., the companies said in a joint statement": the two just named, together.
            return pair, f"“{phrase}” → the last two organisations named"
    if lower in PRONOUNS:
        return _pointing_back(memory, phrase, lower, "the last compatible speaker")
    possessive = re.match(
        r"^(?P<owner>.+?)[’']s\s+(?P<head>office|campaign|government|administration|team|"
        r"spokes(?:man|woman|person)|aides?|lawyers?|attorneys?|representatives?)$",
        phrase,
    )
    if possessive:
        return _someones(phrase, possessive)
    return _described_or_named(memory, phrase, words, according=according)


# One of the messages someone was said to send: "One", "Another message", "One of the emails".
_ONE_OF_THEM = re.compile(
    r"(?:one|another)(?:\s+(?:of\s+the(?:m|se)?\s+)?(?:[\w-]+\s+)?"
    r"(?P<medium>messages?|e-?mails?|texts?|letters?|notes?|memos?))?"
)


def _speaker_words(phrase: str, *, according: bool) -> list[str]:
    """The phrase's words without edge punctuation, a leading conjunction, or (after a speech
    verb) trailing adverbs and days ("he also", "the ministry on Friday")."""
    phrase = phrase.strip().strip(",;:–—").strip()
    phrase = re.sub(r"^(?:But|And|So|Yet|However,?)\s+", "", phrase)
    words = phrase.split()
    while (
        not according
        and words
        and bare_word(words[-1])
        in ADVERBS | {"on", "late", "early"} | {day.lower() for day in re.findall(r"\w+", WEEKDAY)}
    ):
        words = words[:-1]
    return words


def _pointing_back(memory: Memory, phrase: str, pronoun: str, how: str) -> Resolved | None:
    entity = antecedent(memory, pronoun)
    if entity is None:
        return None
    if entity.kind == PERSON and not entity.gender and pronoun in GENDER:
        entity.gender = GENDER[pronoun]  # what the text has called them, for later pronouns
    return entity, f"“{phrase}” → {entity.name}, {how}"


def _someones(phrase: str, possessive: re.Match) -> Resolved:
    """ "the mayor's spokeswoman" (an unnamed source) or "the governor's office"."""
    head = possessive["head"]
    if head.startswith(("spokes", "aide", "lawyer", "attorney", "representative")):
        return (
            Entity(phrase, UNNAMED, title=head, affiliation=possessive["owner"]),
            "unnamed: someone's spokesperson",
        )
    name = re.sub(r"^[Tt]he\s+", "", phrase)
    return Entity(name, ORGANIZATION), "an organisation: someone's office"


def _described_or_named(
    memory: Memory, phrase: str, words: list[str], *, according: bool
) -> Resolved | None:
    """A document, an unnamed source, a name, or a description pointing back."""
    first = bare_word(words[0])
    rest = words[1:] if first in INDEFINITE | {"the"} else words
    doc_head = next((w for w in rest[:6] if bare_word(w) in DOCUMENT_NOUNS), None)
    if first != "the" and _headed_by_document(rest):
        # "A 2024 study published in ...", "estimates by the International Energy Agency": the
        # document as printed, whoever published or obtained it.
        return Entity(phrase, DOCUMENT), f"a document (“{_headed_by_document(rest)}”)"
    if according and doc_head and not _named(memory, " ".join(rest)):
        name = re.sub(r"\s*\([^)]*\)", "", phrase)
        return Entity(name, DOCUMENT), f"a document (“{doc_head}”)"
    if first in QUANTIFIERS and first not in INDEFINITE and is_cap(words[0]):
        # "Local GP Dr Kirsty Ní Bhriain": a titled full name after the word, not "Local
        # officials".
        named = _named(memory, phrase)
        if named and named[0].kind == PERSON and named[0].title and " " in named[0].name:
            return named
    if first in INDEFINITE or first in QUANTIFIERS:
        return unnamed_source(phrase), "an unnamed source"
    if _PART_OF.match(phrase):
        # "The Hanbit branch of the Korean Metal Workers' Union": the branch, not "Hanbit".
        return Entity(re.sub(r"^[Tt]he\s+", "", phrase), ORGANIZATION), "a part of an organisation"
    if first == "the" and _AGE.match(phrase):
        # "The 21-year-old from Osaka said": the person just mentioned.
        named = memory.last_named
        if named is not None and named[0] >= memory.paragraph - 1:
            return named[1], f"“{phrase}” → {named[1].name}, the last person named in full"
    if first == "the" and len(words) > 2 and words[-1].islower() and is_role(words[-1]):
        # "The Harborough manager": the person last given that title, not the club.
        person = described_antecedent(memory, phrase)
        if person is not None and person.kind == PERSON:
            return person, f"“{phrase}” → {person.name}"
    named = _named(memory, phrase)
    if named is not None:
        return named
    last = bare_word(words[-1])
    if first == "the":
        return _definite(memory, phrase, last, doc_head)
    head = re.split(r"\s+(?:in|of|at|from|for|on)\s+", phrase)[0].split()[-1]
    if any(bare_word(word) in ROLE_NOUNS for word in words) or COLLECTIVE_NOUNS & {
        last,
        bare_word(head),  # "Residents’ groups in Headingley and Harehills"
    }:
        return unnamed_source(phrase), "an unnamed source"
    owner = next((i for i, word in enumerate(words[:-1]) if is_possessive(word)), None)
    if owner is not None and last in ORG_NOUNS and all(w.islower() for w in words[owner + 1 :]):
        # "South Korea's industry ministry": the organisation, as described.
        return Entity(phrase, ORGANIZATION), "an organisation, as described"
    if len(words) == 1 and is_cap(words[0]):
        # A lone name never seen in full: a person known by one name, or an organisation.
        kind = ORGANIZATION if is_acronym(words[0]) else PERSON
        return Entity(words[0].strip(",.;:"), kind), "a name not seen in full earlier"
    return None


_PART_OF = re.compile(
    r"(?:[Tt]he\s+)?(?:[A-Z][\w.'’&-]*\s+)+(?:branch|chapter|unit|division|arm|wing|subsidiary)"
    r"\s+of\s+(?:the\s+)?[A-Z]"
)
_AGE = re.compile(r"[Tt]he\s+\d{1,3}-year-old\b")


def is_role(word: str) -> bool:
    """A lower-case title or role ("manager", "captain"), not an organisation ("club")."""
    bare = bare_word(word)
    return (bare in TITLES or bare in ROLE_NOUNS) and bare not in ORG_NOUNS


_AFTER_HEAD = {"by", "from", "to", "with", "of", "in", "for", "on", "at", "seen", "shown"}


def _headed_by_document(words: list[str]) -> str:
    """The document noun that heads the phrase ("study" in "2024 study published in the
    journal ...", "figures" in "agency figures obtained by ..."), or ""; not a document named
    after a person or a role ("a spokesman for the report")."""
    head = []
    for word in words:
        bare = bare_word(word)
        if bare in _AFTER_HEAD or (word.islower() and bare.endswith("ed") and head):
            break
        head.append(word)
        if word.endswith(","):
            break
    if not head or len(head) > 5:
        return ""
    last = bare_word(head[-1])
    if last not in DOCUMENT_NOUNS or any(
        bare_word(word) in ROLE_NOUNS and not is_possessive(word) for word in head[:-1]
    ):
        return ""  # "a consultant's report" is a document; "a spokesman report" is not
    if last in ROLE_NOUNS and len(head) == len(words):
        return ""  # "opposition figures": people, unless "figures obtained by ..." follows
    return last


def _definite(memory: Memory, phrase: str, last: str, doc_head: str | None) -> Resolved | None:
    """ "the agency", "the spokeswoman", "the report": what it points back to, or describes."""
    resolved = described_antecedent(memory, phrase)
    if resolved is not None:
        return resolved, f"“{phrase}” → {resolved.name}"
    if last in ORG_NOUNS:
        return Entity(phrase[4:], ORGANIZATION), "an organisation, as described"
    if last in ROLE_NOUNS:
        return unnamed_source(phrase), "an unnamed source"
    if doc_head:
        return Entity(phrase, DOCUMENT), f"a document (“{doc_head}”)"
    return None


def _named(memory: Memory, phrase: str) -> Resolved | None:
    """The first run of capitals in the phrase that names someone; a full name after one-word
    modifiers ("Peaks coach Anthony Ricciardi-Vance") is the one named."""
    runs = capitalised_runs(phrase)
    for number, (tokens, _) in enumerate(runs[1:], 1):
        if all(len(run) == 1 for run, _ in runs[:number]) and looks_like_person(
            split_title(tokens)[1]
        ):
            runs = runs[number:]
            break
    for number, (tokens, start) in enumerate(runs):
        if number + 1 < len(runs) and is_possessive(tokens[-1]):
            continue  # "the Scottish Conservatives’ spokesman, Alasdair Kerr-Reid": an owner
        found = _named_by_run(memory, phrase, tokens, start)
        if found is not None:
            return found
    return None


def _named_by_run(memory: Memory, phrase: str, tokens: list[str], start: int) -> Resolved | None:
    text = " ".join(tokens)
    alias = memory.org_alias(text)
    if alias is not None:
        note = "" if alias.name == text else f"“{text}” → {alias.name}"
        return alias, note or "a named organisation"
    tokens, affiliation = _affiliation(memory, tokens)
    title_tokens, name = split_title(tokens)
    before = " ".join(phrase.split()[:start])
    before = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", before)
    title = " ".join(part for part in (before, " ".join(title_tokens)) if part)
    if len(name) > 1 and is_particle(name[0]):
        # "Ter Horst" opening a sentence reads as a full name; it is a surname.
        person = memory.surname(" ".join(name))
        if person is not None:
            return person, f"surname “{' '.join(name)}” → {person.name}"
    if looks_like_person(name):
        longer = memory.longer_name(" ".join(name))
        if longer is not None:
            # "Solís de la Fuente" after "Verónica Solís de la Fuente": a compound surname.
            return longer, f"compound surname “{' '.join(name)}” → {longer.name}"
        entity = Entity(" ".join(name), PERSON, title=title, affiliation=affiliation)
        return entity, "a named person"
    if len(name) <= 3 or all(is_particle(token) for token in name[:-1]):
        surname = " ".join(name)
        person = memory.surname(surname)
        if person is not None:
            # "Ms Ashworth-Pryce" says who "he" cannot be later, as the full name's title would.
            person.gender = person.gender or gender_of(" ".join(title_tokens))
            return person, f"surname “{surname}” → {person.name}"
    if any(bare_word(token) in ORG_WORDS for token in tokens) and not (
        len(tokens) == 1 and bare_word(tokens[0]) in ORG_WORDS
    ):
        return Entity(text, ORGANIZATION), "a named organisation"
    # A one-word phrase has one run, so declining here is declining the phrase.
    if len(tokens) == 1 and title_tokens == [] and len(phrase.split()) == 1:
        if bare_word(tokens[0]) in ROLE_NOUNS:
            return None
        kind = ORGANIZATION if is_acronym(tokens[0]) else PERSON
        return Entity(tokens[0], kind), "a name not seen in full earlier"
    if title_tokens and len(name) == 1:
        if bare_word(title_tokens[-1]) in HONORIFICS:
            named = f"{title_tokens[-1]} {name[0]}"
            return Entity(named, PERSON, title=title), "a person known only by surname here"
        return Entity(name[0], PERSON, title=title), "a person known by one name here"
    return None


def _affiliation(memory: Memory, tokens: list[str]) -> tuple[list[str], str]:
    """ "Maria Ortega of the Sierra Club" -> (the person's tokens, "Sierra Club")."""
    affiliation = ""
    if "of" in tokens:
        cut = tokens.index("of")
        head, tail = tokens[:cut], tokens[cut + 1 :]
        if tail and tail[0].lower() == "the":
            tail = tail[1:]
        _, name = split_title(head)
        if looks_like_person(name) or (len(head) == 1 and memory.surname(head[0])):
            tokens, affiliation = head, " ".join(tail)
    return tokens, affiliation


def unnamed_source(phrase: str) -> Entity:
    """ "two senior diplomats", "a spokeswoman for the city": the description, singular or
    plural, with the role as title and the organisation as affiliation."""
    words = phrase.split()
    first = bare_word(words[0])
    plural = first in QUANTIFIERS - {"current", "former", "latest", "previous", "senior"}
    head = next(
        (bare_word(w) for w in reversed(words) if bare_word(w) in ROLE_NOUNS | COLLECTIVE_NOUNS),
        "",
    )
    if head:
        plural = (
            plural
            or (head.endswith("s") and head not in {"witness"})
            or head in {"police", "people", "staff", "authorities"}
        )
    affiliation = ""
    match = re.search(r"\b(?:for|at|of|from)\s+(?:the\s+)?(?P<org>[^,;]+)$", phrase)
    if match:
        affiliation = match["org"].strip()
    else:
        runs = capitalised_runs(" ".join(words[1:]) if first in INDEFINITE else phrase)
        if runs:
            affiliation = " ".join(runs[0][0])
    title = head if head and not plural else ""
    return Entity(phrase, UNNAMED, title=title, affiliation=affiliation, plural=plural)
