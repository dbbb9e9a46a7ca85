"""
Matching speakers to the sources the newsroom already has: by name or alias, an organisation by
its acronym, a person by surname or by a full name inside a longer one; and the forms known
sources arrive in (Source rows, KnownSource, or (id, name[, aliases]) tuples).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sources.extraction.records import ORGANIZATION, PERSON, Entity, KnownSource, Suggestion
from sources.extraction.tokens import normalize_name


def with_sources(
    results: list[tuple[Suggestion, Entity]], known: list[KnownSource]
) -> list[Suggestion]:
    """Each suggestion, named and numbered as the known source its speaker is, if any."""
    cache: dict[int, KnownSource | None] = {}
    out = []
    for suggestion, entity in results:
        if id(entity) not in cache:
            cache[id(entity)] = match_source(entity.name, entity.kind, known, entity.aliases)
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
    name: str, kind: str, known: Iterable[KnownSource], aliases: Iterable[str] = ()
) -> KnownSource | None:
    """The existing source a speaker is, by name, alias, acronym or (for people) surname."""
    known = list(known)
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


def as_known_sources(items) -> list[KnownSource]:
    """Known sources as the extractor needs them, from whichever form the caller has."""
    known = []
    for item in items or ():
        if isinstance(item, KnownSource):
            known.append(item)
            continue
        if isinstance(item, tuple | list):
            source_id, name, *rest = item
            aliases, kind = (rest[0] if rest else ()), ""
        else:
            source_id, name = item.pk, item.name
            kind = getattr(item, "kind", "") or ""
            aliases = getattr(item, "aliases", None) or ()
        if isinstance(aliases, str):
            aliases = [a for a in re.split(r"[\n;]", aliases) if a.strip()]
        known.append(KnownSource(source_id, name, kind, tuple(a.strip() for a in aliases)))
    return known
