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
    PLACE_ENDINGS,
    POST_NOMINALS,
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
    """A capitalised word of a name, an Arabic article joined to one ("al-Hakim"), or an elided
    particle joined to one ("d'Argenson", "dell’Acqua")."""
    return is_cap(token) or bool(_ARTICLE.match(token) or _ELIDED.match(token))


_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az)-[^\W\d_]")
_ELIDED = re.compile(rf"(?:d|dell|dall)['’]{CAPWORD}")


def looks_like_person(name: list[str]) -> bool:
    """Whether name tokens (title split off) read as a person's full name; particles inside it
    ("Anouk ter Horst") do not count as words."""
    if len(name) > 2 and not is_particle(name[0]) and not is_particle(name[-1]):
        name = [name[0], *(token for token in name[1:-1] if not is_particle(token)), name[-1]]
    if not 2 <= len(name) <= 4:
        return False
    if bare_word(name[0]) in NOT_FIRST_NAME or bare_word(name[-1]) in PLACE_ENDINGS:
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
        if token in POST_NOMINALS and len(current) > 1 and looks_like_person(current):
            runs.append((current, start))  # "Ciarán Ó Dálaigh KC": the letters are no name
            current, pending = [], []
        elif token and (is_name_word(token) or (current and token.isdigit())):
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
        self.last_named: tuple[int, Entity] | None = None  # the last named in full, and where
        # medium -> who sent it: "a text message Pettigrew sent her" makes "the message" his.
        self.authors: dict[str, Entity] = {}
        # The last messages someone was said to send, and where: "One, sent the day before,
        # read: ..." is one of them.
        self.last_sent: tuple[int, Entity] | None = None

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
            while len(words) > 2 and words[-1] in _SUFFIXES:
                words = words[:-1]  # "Valdez" for Arturo Valdez Jr.
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
        self.last_named = (self.paragraph, entity)
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


# What follows a surname and is no part of it: "Arturo Valdez Jr." is "Valdez".
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}


@lru_cache(maxsize=1024)
def _name_words(name: str) -> list[str]:
    return [bare_word(word) for word in name.split()]


def clear_caches() -> None:
    """Forget the words and runs read so far (for timing a story as if it were the first)."""
    for cached in (_runs, _name_words, is_name_word, bare_word):
        cached.cache_clear()
