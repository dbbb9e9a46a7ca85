"""
Mentions: the people and organisations a story names, found in runs of capitals with their
titles split off, and the story's memory of them (who was mentioned in which paragraph, under
which acronym or short name, described how), which later surnames, acronyms, pronouns and
descriptions point back to.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sources.extraction.lexicon import (
    CORPORATE_SUFFIXES,
    FEMALE_TITLES,
    GIVEN_NAME_TITLES,
    MALE_TITLES,
    NAME_PARTICLES,
    NOT_FIRST_NAME,
    NOT_NAME_START,
    ORG_WORDS,
    TITLES,
)
from sources.extraction.records import ORGANIZATION, PERSON, Entity
from sources.extraction.tokens import (
    bare_word,
    is_abbreviation,
    is_acronym,
    is_cap,
    is_possessive,
    normalize_name,
)
from sources.extraction.verbs import CAPWORD


def title_from(appositive: str) -> str:
    """ "an attorney for the city." -> "attorney for the city"."""
    return re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", appositive.strip().rstrip(".,;:").strip())


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """ "San Diego County Sheriff William Gore" -> (title tokens, name tokens)."""
    last_title = -1
    for index, token in enumerate(tokens[:-1]):
        parts = bare_word(token).split("-")
        if not is_possessive(token) and (
            bare_word(token) in TITLES or all(p in TITLES for p in parts)
        ):
            last_title = index
    if (
        last_title >= 0
        and last_title == len(tokens) - 2
        and bare_word(tokens[last_title]) in GIVEN_NAME_TITLES
        and (last_title == 0 or bare_word(tokens[last_title - 1]) not in TITLES)
    ):
        last_title -= 1
    return tokens[: last_title + 1], tokens[last_title + 1 :]


def gender_of(title: str) -> str:
    """ "m" or "f" when a title says so ("Mr", "Congresswoman"), else ""."""
    words = {bare_word(word) for word in title.split()}
    if words & MALE_TITLES:
        return "m"
    if words & FEMALE_TITLES:
        return "f"
    return ""


def is_particle(token: str) -> bool:
    """A particle of a name ("van", "der", "'t", "bin"; "Van" opening a sentence)."""
    return token.lower() in NAME_PARTICLES


@lru_cache(maxsize=8192)
def is_name_word(token: str) -> bool:
    """A capitalised word of a name, or an Arabic article joined to one ("al-Hakim")."""
    return is_cap(token) or bool(re.fullmatch(r"(?:al|el|ad|ar|as|ash|at|az)-[^\W\d_].*", token))


def looks_like_person(name: list[str]) -> bool:
    """Whether name tokens (title split off) read as a person's full name; particles inside it
    ("Anouk ter Horst") do not count as words."""
    if len(name) > 2 and not is_particle(name[0]) and not is_particle(name[-1]):
        name = [name[0], *(token for token in name[1:-1] if not is_particle(token)), name[-1]]
    if not 2 <= len(name) <= 4:
        return False
    if bare_word(name[0]) in NOT_FIRST_NAME:
        return False
    for token in name:
        bare = bare_word(token)
        if (
            bare in ORG_WORDS
            or bare in {"of", "for", "and", "the", "&"}
            or not is_name_word(token)
            or any(ch.isdigit() for ch in token)
            or is_acronym(token)
            or is_possessive(token)
        ):
            return False
    return True


def holds_person(tokens: list[str]) -> bool:
    """Whether a run names a person ("Mayor Ana Ruiz of the city"), not an organisation."""
    if "of" in tokens:
        tokens = tokens[: tokens.index("of")]
    _, name = split_title(tokens)
    return (
        looks_like_person(name)
        and len(name) < len(tokens) + 1
        and (not any(bare_word(token) in ORG_WORDS for token in name))
    )


_CONNECTORS = {"of", "for", "and", "the", "&", "on", *NAME_PARTICLES}


def capitalised_runs(text: str) -> list[tuple[list[str], int]]:
    """Capitalised runs ("Bank of Thailand", "U.S. District Judge Maria Ortega") with the index
    of the word each starts at; words that merely start a sentence are left off."""
    return [(list(tokens), first) for tokens, first in _runs(text)]


@lru_cache(maxsize=1024)
def _runs(text: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    words = text.split()
    runs: list[tuple[list[str], int]] = []
    current: list[str] = []
    pending: list[str] = []
    start = 0
    for index, raw in enumerate(words):
        token = raw.strip(',;:()“”"')
        sentence_end = token.endswith(".") and not is_abbreviation(token)
        token = token.rstrip(".") if sentence_end else token
        if token and (is_name_word(token) or (current and token.isdigit())):
            if not current:
                start = index
            current += [*pending, token]
            pending = []
        elif current and token in _CONNECTORS:
            pending.append(token)
        else:
            if current:
                runs.append((current, start))
            current, pending = [], []
        if (sentence_end or raw.endswith((",", ";", ":", ")"))) and current:
            runs.append((current, start))
            current, pending = [], []
    if current:
        runs.append((current, start))
    trimmed = []
    for tokens, first in runs:
        while tokens and bare_word(tokens[0]) in NOT_NAME_START:
            tokens, first = tokens[1:], first + 1
        if tokens:
            trimmed.append((tuple(tokens), first))
    return tuple(trimmed)


class Memory:
    """What the story has mentioned so far, in order, and the other names it goes by."""

    def __init__(self):
        self.paragraph = 0  # the block being read
        self.history: list[tuple[int, Entity]] = []  # speakers and sentence subjects
        self.orgs: list[tuple[int, Entity]] = []  # organisations mentioned anywhere
        self.aliases: dict[str, Entity] = {}  # acronym or short name -> organisation
        self.speakers_by_name: dict[str, Entity] = {}
        self.named: list[Entity] = []  # every person named in full, anywhere in a sentence
        # medium -> who sent it: "a text message Pettigrew sent her" makes "the message" his.
        self.authors: dict[str, Entity] = {}

    def canonical(self, entity: Entity) -> Entity:
        """The entity already seen under the same name, or this one, remembered."""
        key = normalize_name(entity.name)
        existing = self.speakers_by_name.get(key)
        if existing is None and entity.kind == PERSON:
            existing = self.longer_name(entity.name)
        gender = gender_of(entity.title)
        if gender and not (existing or entity).gender:
            (existing or entity).gender = gender
        if existing is not None:
            if len(entity.title) > len(existing.title):
                existing.title = entity.title  # "Kuwait's oil minister, Sheikh" over "Sheikh"
            if entity.affiliation and not existing.affiliation:
                existing.affiliation = entity.affiliation
            return existing
        self.speakers_by_name[key] = entity
        return entity

    def remember(self, entity: Entity) -> Entity:
        """Record a speaker or sentence subject in this paragraph; the one object for its name."""
        entity = self.canonical(entity)
        self.history.append((self.paragraph, entity))
        if entity.kind == ORGANIZATION:
            self.orgs.append((self.paragraph, entity))
        return entity

    def persons(self):
        for _, entity in reversed(self.history):
            if entity.kind == PERSON:
                yield entity

    def surname(self, token: str) -> Entity | None:
        """The last person mentioned in full whose surname this is ("Berg", or with its
        particles "van der Berg"): speakers and subjects first, then anyone named in passing
        ("a pass from Marcus Ellery-Tate"); failing that, a one-word name that opens a full
        name, family name first ("Liu" for Liu Haoran)."""
        wanted = [bare_word(word) for word in token.split()]
        people = [*self.persons(), *reversed(self.named)]
        for entity in people:
            words = _name_words(entity.name)
            if len(words) > len(wanted) and words[-len(wanted) :] == wanted:
                return entity
        if len(wanted) == 1:
            for entity in people:
                words = _name_words(entity.name)
                if len(words) > 1 and words[0] == wanted[0]:
                    return entity
        return None

    def longer_name(self, name: str) -> Entity | None:
        """The person met in full whose name ends with this compound surname ("Solís de la
        Fuente" for Verónica Solís de la Fuente, "García Márquez" for Gabriel García
        Márquez); none when the name is itself a person's full name already seen."""
        wanted = _name_words(name)
        if len(wanted) < 2 or normalize_name(name) in self.speakers_by_name:
            return None
        for entity in [*self.persons(), *reversed(self.named)]:
            words = _name_words(entity.name)
            if (
                entity.kind == PERSON
                and len(words) > len(wanted)
                and words[-len(wanted) :] == wanted
            ):
                return entity
        return None

    def name_in_passing(self, entity: Entity) -> None:
        """A person named in full anywhere, for a surname later to resolve to."""
        entity = self.canonical(entity)
        if entity not in self.named:
            self.named.append(entity)

    def org_alias(self, text: str) -> Entity | None:
        return self.aliases.get(normalize_name(text))

    def register_org(self, tokens: list[str], alias: str = "", described: str = "") -> Entity:
        """Record an organisation named in the text, with an acronym or description if given;
        named in the possessive ("The Bank of Mexico's board"), it is the organisation."""
        if tokens and re.search(r"[’']s$", tokens[-1]) and len(tokens[-1]) > 3:
            tokens = [*tokens[:-1], tokens[-1][:-2]]
        name = " ".join(tokens).strip(",;:")
        entity = self.canonical(Entity(name, ORGANIZATION))
        if described.isalpha() and described.islower():
            entity.descriptors.add(described)
        if alias:
            entity.aliases.add(alias)
            self.aliases[normalize_name(alias)] = entity
        last = bare_word(tokens[-1])
        if len(tokens) > 1 and last in CORPORATE_SUFFIXES:
            # "Vantor Brands Inc" is "Vantor" on second mention, and "the company".
            self.aliases.setdefault(normalize_name(tokens[0]), entity)
            entity.descriptors.add("company")
        self.aliases.setdefault(normalize_name(name), entity)
        self.orgs.append((self.paragraph, entity))
        return entity


@lru_cache(maxsize=1024)
def _name_words(name: str) -> list[str]:
    return [bare_word(word) for word in name.split()]


def clear_caches() -> None:
    """Forget the words and runs read so far (for timing a story as if it were the first)."""
    for cached in (_runs, _name_words, is_name_word, bare_word):
        cached.cache_clear()


def register_mentions(memory: Memory, text: str, masked: str) -> None:
    """Organisations named in a sentence (and acronyms defined), and a person who opens it."""
    _register_acronyms(memory, masked)
    _register_organisations(memory, masked)
    _register_people(memory, masked)
    _register_opening_person(memory, masked)
    _register_authors(memory, masked)


_SENT_BY = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?P<medium>letter|e-?mail|memo|message|note|text|post)s?\s+(?:that\s+)?"
    rf"(?P<name>{CAPWORD}(?:\s+(?:{CAPWORD}|(?:van|von|de|der|la|al-)\b))*)"
    r"\s+(?:had\s+)?(?:sent|wrote|posted|texted|e-?mailed)\b"
)


def _register_authors(memory: Memory, masked: str) -> None:
    """ "a text message Pettigrew sent her", "an email she wrote": a message's author, whom
    "the message" read out later stands for; a surname resolves to the person met in full."""
    for match in _SENT_BY.finditer(masked):
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
    return " ".join(role)


_THAT_SUBJECT = re.compile(
    rf"\bthat\s+(?P<name>{CAPWORD}(?:\s+(?:{CAPWORD}|(?:van|von|de|der|la|ter)\b))*)"
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


def _register_organisations(memory: Memory, masked: str) -> None:
    """Runs of capitals with an organisation's word in them, and the word that describes each."""
    words = masked.split()
    for tokens, first in capitalised_runs(masked):
        is_org = any(bare_word(token) in ORG_WORDS for token in tokens)
        if (
            is_org
            and not holds_person(tokens)
            and (len(tokens) > 1 or bare_word(tokens[0]) not in ORG_WORDS)
        ):
            memory.register_org(tokens, described=bare_word(words[first - 1]) if first else "")


def _register_opening_person(memory: Memory, masked: str) -> None:
    """A person named at the start of a sentence, its subject, for pronouns to point back to."""
    lead = re.match(
        r"\s*(?:(?:But|And|So)\s+|(?:Asked|Pressed|Questioned|Speaking)\b[^,;]*,\s+)?([^,;]*)",
        masked,
    )
    if lead:
        runs = capitalised_runs(lead.group(1))
        if runs and runs[0][1] == 0:
            title, name = split_title(runs[0][0])
            if looks_like_person(name):
                memory.remember(Entity(" ".join(name), PERSON, title=" ".join(title)))
            elif len(name) <= 3 and not any(is_possessive(token) for token in runs[0][0]):
                # "Dr Marsh-Okoye laughed.": a surname as subject is the person met in full.
                person = memory.surname(" ".join(name))
                if person is not None:
                    gender = gender_of(" ".join(title))
                    person.gender = person.gender or gender
                    memory.remember(person)
