"""
Matching speakers to the sources the newsroom already has: by name or alias, an organisation by
its acronym, a person by surname or by a full name inside a longer one; an unnamed source only
when the text names the same affiliation ("officials" in one story are not another story's
officials of the city); and the forms known sources arrive in (Source rows, KnownSource, or
(id, name[, aliases]) tuples).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sources.extraction.records import (
    ORGANIZATION,
    PERSON,
    UNNAMED,
    Entity,
    KnownSource,
    Suggestion,
)
from sources.extraction.tokens import normalize_name


def with_sources(
    results: list[tuple[Suggestion, Entity]], known: list[KnownSource]
) -> list[Suggestion]:
    """Each suggestion, named and numbered as the known source its speaker is, if any."""
    cache: dict[int, KnownSource | None] = {}
    out = []
    for suggestion, entity in results:
        if id(entity) not in cache:
            cache[id(entity)] = match_source(
                entity.name, entity.kind, known, entity.aliases, affiliation=entity.affiliation
            )
        source = cache[id(entity)]
        if source is not None:
            suggestion = _replace(suggestion, speaker=source.name, source_id=source.id)
        out.append(suggestion)
    return out


def _replace(suggestion: Suggestion, **changes) -> Suggestion:
    return Suggestion(**{**suggestion.as_dict(), **changes})


def _initials(name: str) -> str:
    words = [w for w in re.split(r"\s+", name) if w and w[0].isupper() and w not in {"U.S."}]
    return "".join(w[0] for w in words)


def match_source(
    name: str,
    kind: str,
    known: Iterable[KnownSource],
    aliases: Iterable[str] = (),
    *,
    affiliation: str = "",
) -> KnownSource | None:
    """The existing source a speaker is, by name, alias, acronym or (for people) surname.

    An unnamed speaker ("officials") is an existing unnamed source only when `affiliation`, the
    organisation the text gives them, is that source's; without one it is nobody known.
    """
    known = [source for source in known if _may_be(kind, affiliation, source)]
    keys = {normalize_name(name)} | {normalize_name(alias) for alias in aliases}
    for source in known:
        names = {normalize_name(source.name)} | {normalize_name(a) for a in source.aliases}
        if keys & names:
            return source
    if kind == ORGANIZATION:
        acronyms = {key.upper() for key in keys if " " not in key}
        hits = [s for s in known if s.kind in {"", ORGANIZATION} and _initials(s.name) in acronyms]
        return hits[0] if len(hits) == 1 else None
    if kind != PERSON:
        return None
    tokens = normalize_name(name).split()
    hits = []
    for source in known:
        if source.kind not in {"", PERSON}:
            continue
        source_tokens = normalize_name(source.name).split()
        if len(tokens) == 1 and source_tokens and source_tokens[-1] == tokens[0]:
            hits.append(source)  # "Kobach" -> "Kris Kobach"
        elif len(source_tokens) >= 2 and tokens[-len(source_tokens) :] == source_tokens:
            hits.append(source)  # "Basic William Barr" -> "William Barr"
    return hits[0] if len(hits) == 1 else None


def _may_be(kind: str, affiliation: str, source: KnownSource) -> bool:
    """Whether a speaker of this kind and affiliation may be this source at all: named speakers
    only named sources, unnamed ones only the unnamed source of the organisation they name."""
    if UNNAMED not in {kind, source.kind}:
        return True
    if kind != source.kind or not affiliation or source.affiliation is None:
        return False
    return match_source(affiliation, ORGANIZATION, [source.affiliation]) is not None


def as_known_sources(items) -> list[KnownSource]:
    """Known sources as the extractor needs them, from whichever form the caller has."""
    known = []
    for item in items or ():
        if isinstance(item, KnownSource):
            known.append(item)
        elif isinstance(item, tuple | list):
            source_id, name, *rest = item
            known.append(KnownSource(source_id, name, "", _alias_tuple(rest[0] if rest else ())))
        else:
            known.append(_from_row(item))
    return known


def _from_row(row) -> KnownSource:
    """A Source row as a known source; an unnamed one with its organisation (load it with
    select_related("affiliation"), or each unnamed row costs a query)."""
    kind = getattr(row, "kind", "") or ""
    affiliation = None
    if kind == UNNAMED and getattr(row, "affiliation_id", None) is not None:
        affiliation = _from_row(row.affiliation)
    aliases = _alias_tuple(getattr(row, "aliases", None) or ())
    return KnownSource(row.pk, row.name, kind, aliases, affiliation)


def _alias_tuple(aliases) -> tuple[str, ...]:
    if isinstance(aliases, str):
        aliases = [a for a in re.split(r"[\n;]", aliases) if a.strip()]
    return tuple(a.strip() for a in aliases)
