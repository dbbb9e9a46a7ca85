"""
Registering what a sentence names, in the story's memory: organisations and their acronyms,
people named in full anywhere, the person a sentence opens with (its subject, for pronouns to
point back to), the subject of a reported clause, and who sent a message read out later.
"""

from __future__ import annotations

import re

from sources.extraction.lexicon import (
    APPOSITIVE_HEADS,
    COMPANY_ENDINGS,
    DESCRIBED_ORG_HEADS,
    NOT_NAME_START,
    ORG_WORDS,
    TITLES,
)
from sources.extraction.mentions import (
    Memory,
    capitalised_runs,
    gender_of,
    holds_person,
    is_particle,
    looks_like_person,
    split_title,
)
from sources.extraction.records import PERSON, Entity
from sources.extraction.tokens import bare_word, is_possessive, normalize_name
from sources.extraction.verbs import CAPWORD


def register_mentions(memory: Memory, text: str, masked: str) -> None:
    """Organisations named in a sentence (and acronyms defined), and a person who opens it."""
    _register_acronyms(memory, masked)
    _register_organisations(memory, masked)
    _register_described(memory, masked)
    _register_people(memory, masked)
    _register_opening_person(memory, masked)
    _register_authors(memory, masked)


# A person's name as these patterns read it: capitalised words, and the particles between them.
_NAME_MORE = rf"\s+(?:{CAPWORD}|(?:van|von|de|der|la|ter|al-)\b)"
_NAME = rf"{CAPWORD}(?:{_NAME_MORE})*"
# An organisation's: capitalised words, with "of", "for", "and", "the" and "&" between them.
_ORG_NAME = rf"(?:{CAPWORD}\s+(?:(?:of|for|and|the|&)\s+)*)*{CAPWORD}"
# "a text message", "His email", "The WhatsApp message".
_MESSAGE = (
    r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<medium>letter|e-?mail|memo|message|note|text|post)s?"
)

_SENT_BY = re.compile(
    rf"{_MESSAGE}\s+(?:that\s+)?(?P<name>{_NAME})"
    r"\s+(?:had\s+)?(?:sent|wrote|posted|texted|e-?mailed)\b"
)


# The passive: "A WhatsApp message sent by Whitlow-Bryce to ... was read to the jury".
_SENT_BY_PASSIVE = re.compile(
    rf"{_MESSAGE},?\s+(?:(?:that|which)\s+was\s+)?"
    rf"(?:sent|written|posted|texted|e-?mailed)\s+by\s+(?P<name>{_NAME})"
)


def _register_authors(memory: Memory, masked: str) -> None:
    """ "a text message Pettigrew sent her", "an email she wrote", "an email sent by Ortiz": a
    message's author, whom "the message" read out later stands for; a surname resolves to the
    person met in full."""
    for match in [*_SENT_BY.finditer(masked), *_SENT_BY_PASSIVE.finditer(masked)]:
        tokens = match["name"].split()
        if bare_word(tokens[0]) in NOT_NAME_START:
            continue
        title, name = split_title(tokens)
        if looks_like_person(name):
            author = memory.canonical(Entity(" ".join(name), PERSON, title=" ".join(title)))
        else:
            author = memory.surname(" ".join(name))
        if author is None:
            continue
        medium = match["medium"].lower().replace("-", "")
        author.descriptors.add(medium)
        memory.authors[medium] = author
        memory.last_sent = (memory.paragraph, author)


def _register_people(memory: Memory, masked: str) -> None:
    """Every person a sentence names in full, wherever ("Denver's Nikolai Brandvold"); not a
    subject or speaker, so no pronoun points back to them, but a surname later may."""
    words = masked.split()
    for tokens, first in capitalised_runs(masked):
        if "of" in tokens:
            tokens = tokens[: tokens.index("of")]
        owners = [index for index, token in enumerate(tokens) if is_possessive(token)]
        if owners:
            tokens = tokens[owners[-1] + 1 :]
        if len(tokens) < 2 or any(bare_word(token) in ORG_WORDS for token in tokens):
            continue
        title, name = split_title(tokens)
        if looks_like_person(name):
            role = _role_before(words, first)
            title_text = " ".join([role, *title] if role else title)
            memory.name_in_passing(Entity(" ".join(name), PERSON, title=title_text))


def _role_before(words: list[str], first: int) -> str:
    """ "Kuwait's oil minister, Sheikh Salem ...": the role set off before a name, if any."""
    if first == 0 or not words[first - 1].endswith(","):
        return ""
    role = words[max(0, first - 4) : first]
    role[-1] = role[-1].rstrip(",")
    if "," in " ".join(role[:-1]):
        role = " ".join(role).rsplit(",", 1)[-1].split()
    if bare_word(role[-1]) not in TITLES:
        return ""
    return re.sub(r"^(?:[Aa]ccording\s+)?to\s+", "", " ".join(role))  # "according to its ..."


# "Carla Menéndez, 52, is the government's key witness": a full name and an age opening a
# paragraph, the way a story names the person its first paragraph only described.
_IDENTIFIED = re.compile(rf"(?P<name>{CAPWORD}(?:{_NAME_MORE})+),\s+\d{{1,3}},\s")


def identified(memory: Memory, masked: str) -> Entity | None:
    """The person met in full that a paragraph opens by naming with an age, if any."""
    match = _IDENTIFIED.match(masked)
    if match is None:
        return None
    _, name = split_title(match["name"].split())
    person = memory.speakers_by_name.get(normalize_name(" ".join(name)))
    return person if person is not None and person.kind == PERSON else None


_THAT_SUBJECT = re.compile(
    rf"\bthat\s+(?P<name>{_NAME})"
    r"\s+(?:had|has|was|is|would|could|did|should|might|may|will|[a-z]+ed)\b"
)


def clause_subjects(memory: Memory, masked: str) -> list[Entity]:
    """People met in full who are the subject of a reported clause ("suggested that Menéndez
    had her own reasons"): mentioned, so a pronoun later may mean them, but behind whoever
    spoke the sentence."""
    found = []
    for match in _THAT_SUBJECT.finditer(masked):
        tokens = match["name"].split()
        if bare_word(tokens[0]) in NOT_NAME_START or any(is_possessive(t) for t in tokens):
            continue
        _, name = split_title(tokens)
        words = " ".join(name)
        person = memory.speakers_by_name.get(normalize_name(words)) or memory.surname(words)
        if person is not None and person.kind == PERSON and person not in found:
            found.append(person)
    return found


def _register_acronyms(memory: Memory, masked: str) -> None:
    """ "the Federal Reserve Bank of Dallas (FRBD)": an organisation and its acronym."""
    for match in re.finditer(
        rf"((?:{CAPWORD}\s+(?:(?:of|for|and|the|on|&)\s+)*)+{CAPWORD})"
        r"\s+\((?P<acronym>[A-Z][A-Za-z]{1,9})\)",
        masked,
    ):
        tokens = match.group(1).split()
        while tokens and bare_word(tokens[0]) in NOT_NAME_START:
            tokens = tokens[1:]
        if len(tokens) >= 2:
            memory.register_org(tokens, alias=match["acronym"])


_RECIPIENT = re.compile(
    r"\b(?:shared with|seen by|obtained by|reviewed by|provided to|shown to)(?:\s+[Tt]he)?$"
)


def _register_organisations(memory: Memory, masked: str) -> None:
    """Runs of capitals with an organisation's word in them, and the word that describes each."""
    words = masked.split()
    for tokens, first in capitalised_runs(masked):
        is_org = any(bare_word(token) in ORG_WORDS for token in tokens) or (
            len(tokens) > 1 and bare_word(tokens[-1]) in COMPANY_ENDINGS
        )
        if (
            is_org
            and not holds_person(tokens)
            and (len(tokens) > 1 or bare_word(tokens[0]) not in ORG_WORDS)
        ):
            memory.register_org(tokens, described=bare_word(words[first - 1]) if first else "")
            if _RECIPIENT.search(" ".join(words[max(0, first - 3) : first])):
                # "a letter ..., which she shared with The Associated Press": whom it went to
                # is no organisation "the agency" points back to.
                memory.orgs.pop()
        elif _after_description(words, first, tokens):
            # "Norwegian fertiliser maker Fjordgaard ASA": the name the description goes with.
            memory.register_org(tokens, described=words[first - 1])


# "The Zweirad-Industrie-Verband, the German bicycle industry association, said": a name set
# off by a description of an organisation is that organisation.
_DESCRIBED_AFTER = re.compile(
    rf"(?P<name>{_ORG_NAME}),\s+(?:the|an?)\s+"
    r"(?:(?!(?:of|for|at|with|from|to|in)\b)[\w-]+\s+){0,4}?"
    rf"(?P<head>{'|'.join(sorted(DESCRIBED_ORG_HEADS | APPOSITIVE_HEADS))})"
    r"(?=,|\s+(?:of|for|in)\b)"
)


# "CalMac Ferries, which runs the route, said": "which" is for things, so the name is no person.
_WHICH_AFTER = re.compile(rf"(?P<name>{_ORG_NAME}),\s+which\s+(?!is\b|was\b)")


def _register_described(memory: Memory, masked: str) -> None:
    """Organisations the words after their name say they are: a description set off after it,
    or a relative "which"."""
    matches = [*_DESCRIBED_AFTER.finditer(masked), *_WHICH_AFTER.finditer(masked)]
    for match in matches:
        tokens = match["name"].split()
        while tokens and bare_word(tokens[0]) in NOT_NAME_START:
            tokens = tokens[1:]
        if not tokens or memory.org_alias(" ".join(tokens)):
            continue
        title, name = split_title(tokens)
        which = match.re is _WHICH_AFTER
        if title or any(is_possessive(t) for t in tokens):
            continue
        if looks_like_person(name) and not (
            which and not _OBJECT_BEFORE.search(masked[: match.start()])
        ):
            continue  # a person; "a study by Jane Doe, which found ...": the study
        known = memory.speakers_by_name.get(normalize_name(" ".join(tokens)))
        if memory.surname(" ".join(name)) is not None or (known and known.kind == PERSON):
            continue  # "Kovačević, the bank's analyst": a person met in full
        memory.register_org(tokens, described=match.groupdict().get("head") or "")
        if which:
            # No person, but maybe no organisation either ("Hurricane Milton, which struck"):
            # not one "the agency" points back to until it speaks.
            memory.orgs.pop()


_OBJECT_BEFORE = re.compile(r"\b(?:by|of|from|with|for|to|at|in|on|about|against)\s+(?:the\s+)?$")


def _after_description(words: list[str], first: int, tokens: list[str]) -> bool:
    """Whether a run of capitals follows a lower-case noun that describes an organisation
    ("fertiliser maker Fjordgaard ASA"), and is no person ("state Sen. Dana Whitfield")."""
    if first == 0 or words[first - 1] not in DESCRIBED_ORG_HEADS:
        return False
    title, name = split_title(tokens)
    return not title and not looks_like_person(name) and not is_possessive(tokens[-1])


def _register_opening_person(memory: Memory, masked: str) -> None:
    """A person named at the start of a sentence, its subject, for pronouns to point back to;
    after "Asked ...," or a phrase of time or place ("On cross-examination, St. Germain ...")."""
    lead = re.match(
        r"\s*(?:(?:But|And|So)\s+|(?:Asked|Pressed|Questioned|Speaking)\b[^,;]*,\s+"
        r"|(?:On|Under|In|At|After|During|Outside)\s+[^,;]{1,40},\s+)?([^,;]*)",
        masked,
    )
    if lead:
        runs = _opening_runs(lead.group(1), masked[lead.end() :])
        if runs and runs[0][1] == 0:
            title, name = split_title(runs[0][0])
            if looks_like_person(name):
                memory.remember(Entity(" ".join(name), PERSON, title=" ".join(title)))
            elif (len(name) <= 3 or is_particle(name[0])) and not any(
                is_possessive(token) for token in runs[0][0]
            ):
                # "Dr Marsh-Okoye laughed.": a surname as subject is the person met in full.
                person = memory.surname(" ".join(name))
                if person is not None:
                    gender = gender_of(" ".join(title))
                    person.gender = person.gender or gender
                    memory.remember(person)


_DESCRIPTION = re.compile(r"(?:Her|His|Its|Their|The|A|An)(?:\s+[a-z][\w-]*){1,3}")


def _opening_runs(lead: str, rest: str) -> list[tuple[list[str], int]]:
    """The capitalised runs a sentence's subject opens with: "de los Santos Ruiz" with its
    lower-case particles; the full name after a one-word team or place and a role ("Boston
    coach Rachel d'Argenson"); the name set off after a description ("Her neighbour, the
    butcher Iolo Pritchard, was blunter")."""
    runs = capitalised_runs(lead)
    words = lead.split()
    if runs and runs[0][1] > 0 and all(is_particle(w) for w in words[: runs[0][1]]):
        return [([*words[: runs[0][1]], *runs[0][0]], 0), *runs[1:]]
    if (
        len(runs) > 1
        and len(runs[0][0]) == 1
        and runs[0][1] == 0
        and runs[1][1] > 1
        and all(bare_word(w) in TITLES for w in words[1 : runs[1][1]])
        and looks_like_person(split_title(runs[1][0])[1])
    ):
        return [([*words[: runs[1][1]], *runs[1][0]], 0)]  # the role kept as the title
    if not runs and _DESCRIPTION.fullmatch(lead.strip()):
        aside = rest.lstrip(", ").split(",", 1)[0]
        named = capitalised_runs(aside)
        if aside.startswith(("the ", "a ", "an ")) and named and looks_like_person(named[0][0]):
            return [(named[0][0], 0)]
    return runs
