"""
What a description or a pronoun points back to: he, she, they and it to the last compatible
speaker; "the agency", "the minister", "the message" to the organisation, the person given that
title, or the message's author; "the companies" to the last two organisations named.
"""

from __future__ import annotations

import re

from sources.extraction.lexicon import DOCUMENT_NOUNS, ORG_NOUNS, PRONOUNS, TITLE_ROLES
from sources.extraction.mentions import Memory
from sources.extraction.records import DOCUMENT, ORGANIZATION, PERSON, UNNAMED, Entity
from sources.extraction.tokens import bare_word, is_possessive

GENDER = {"he": "m", "she": "f"}

TWO_OF_THEM = re.compile(r"(?:the|both)\s+(?:two\s+)?(?:companies|firms|groups|banks|carmakers)")


def last_two_organisations(memory: Memory) -> Entity | None:
    """The last two organisations named, as one speaker ("A and B"), in the order named."""
    found: list[Entity] = []
    for paragraph, entity in reversed(memory.orgs):
        if paragraph < memory.paragraph - 1:
            break  # named too far back to be "the companies" here
        if entity not in found and not entity.plural:
            found.append(entity)
        if len(found) == 2:
            break
    if len(found) < 2:
        # Far from the two, "the companies" are still the pair that spoke as one before.
        pairs = (e for _, e in reversed(memory.history) if e.plural and e.kind == ORGANIZATION)
        return next((e for e in pairs if " and " in e.name), None)
    name = f"{found[1].name} and {found[0].name}"
    return memory.canonical(Entity(name, ORGANIZATION, plural=True))


def antecedent(memory: Memory, pronoun: str) -> Entity | None:
    """The last speaker a pronoun can stand for: he/she a person or one unnamed source, they a
    group or organisation, it an organisation."""
    for _, entity in reversed(memory.history):
        if pronoun in {"he", "she"} and (
            entity.kind == PERSON or (entity.kind == UNNAMED and not entity.plural)
        ):
            if entity.gender and entity.gender != GENDER[pronoun]:
                continue  # "she said" after a man spoke points further back
            return entity
        if pronoun == "they" and (
            (entity.kind == UNNAMED and entity.plural) or entity.kind == ORGANIZATION
        ):
            return entity
        if pronoun == "it" and entity.kind in (ORGANIZATION, DOCUMENT):
            return entity  # "It says ..." after a document spoke: the document
    return None


def _title_roles(title: str) -> set[str]:
    """What a person with this title may be called: its words and what an abbreviation
    stands for ("Rep." → congresswoman, lawmaker ...)."""
    title = re.split(r"\b(?:of|for|at|with)\b", title)[0]  # the role, not whom it serves
    words = {bare_word(word) for word in title.split() if not is_possessive(word)}
    return words.union(*(TITLE_ROLES.get(word, set()) for word in words))


def described_antecedent(memory: Memory, phrase: str) -> Entity | None:
    """ "the agency", "the diplomat": the entity it points back to, if any."""
    words = phrase.lower().split()
    head = bare_word(words[-1])
    if head in PRONOUNS:
        return None
    author = memory.authors.get(head)
    if author is not None:
        return author  # "the message" someone was said to send: its author
    candidates = [entity for _, entity in reversed(memory.history)]
    candidates += [entity for _, entity in reversed(memory.orgs)]
    for entity in candidates:
        if entity.kind == DOCUMENT and head not in DOCUMENT_NOUNS:
            continue  # "the agency" is not "agency figures obtained by ..."
        if head in entity.descriptors or any(
            re.search(rf"\b{re.escape(head)}", key) for key in entity.keys
        ):
            return entity
    for paragraph, entity in reversed(memory.history):
        if paragraph < memory.paragraph - 3:
            break
        if entity.kind == PERSON and head in _title_roles(entity.title):
            return entity  # "the minister" for "Scotland's transport minister, Moira ..."
    if len(words) != 2 or head not in ORG_NOUNS:
        return None
    for paragraph, entity in reversed(memory.history):
        if paragraph < memory.paragraph - 1:
            break
        if entity.kind == ORGANIZATION:
            return entity
    if memory.orgs:
        return memory.orgs[-1][1]
    for _, entity in reversed(memory.history):
        if entity.kind == ORGANIZATION:
            return entity
    return None
