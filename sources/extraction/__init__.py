"""
Who said what: attribution suggestions from an article body, by explainable rules.

`extract_attributions(body)` reads the Markdown body block by block (a block is a paragraph;
subheads count) and suggests, for each direct quote and each attributed claim, who said it, the
verb as printed and the rule that fired. It is pure Python and touches no database: existing
sources come in as `known_sources`. `load_known_sources()` is the one helper that loads them
(`suggest_for_article(article)` matches an article's body against them). Nothing is saved; an
editor accepts, edits or rejects each suggestion.

The rules are wire-copy grammar, not a model:

- quotes: curly or straight marks; the attribution after the quote ("“A,” he said."), before it
  ("X said: “A”"), or inherited (a second quote after "he said", a quote continued over
  paragraphs: a paragraph that opens a quote without closing it continues into the next);
  quoted fragments inside a sentence (scare quotes, partial quotes) are not direct quotes;
- claims: "X said (that) ...", "..., X said.", "..., said X.", "according to X", "X told
  Reuters ...", "X wrote in an email ...", "in a statement", "declined to comment";
- speakers: names (titles and appositives split off), organisations, surnames and acronyms
  resolved to their first full mention, pronouns and "the agency" / "the diplomat" resolved to
  the last compatible speaker, unnamed sources ("a Denver official") with their affiliation.

The stages, one module each: spans (blocks, quotes, sentences), mentions, registry, phrases and
antecedents (who the text names, what each sentence adds to the story's memory, and what a
phrase points back to), clauses (the speaker around a verb), the speaker rules (rules.py, a
sieve whose tests are in quotes.py, claims.py and subjects.py), reader (the story read with
those rules) and matching (speakers to known sources). This module is the public API.
"""

from sources.extraction.matching import as_known_sources, match_source, with_sources
from sources.extraction.reader import StoryReader
from sources.extraction.records import (
    DIRECT_QUOTE,
    DOCUMENT,
    ORGANIZATION,
    PARAPHRASE,
    PERSON,
    STATEMENT,
    UNNAMED,
    KnownSource,
    Suggestion,
)
from sources.extraction.spans import blocks
from sources.extraction.tokens import normalize_name

__all__ = [
    "DIRECT_QUOTE",
    "DOCUMENT",
    "ORGANIZATION",
    "PARAPHRASE",
    "PERSON",
    "STATEMENT",
    "UNNAMED",
    "KnownSource",
    "Suggestion",
    "blocks",
    "extract_attributions",
    "load_known_sources",
    "match_source",
    "normalize_name",
    "read_quotes",
    "suggest_for_article",
]


def extract_attributions(body: str, *, known_sources=None) -> list[Suggestion]:
    """Suggest who said what in a Markdown body: direct quotes and attributed claims.

    `known_sources` is an iterable of Source objects, KnownSource or (id, name[, aliases])
    tuples; a speaker that matches one gets its id and name.
    """
    return _read(body, known_sources)[0]


def read_quotes(body: str, *, known_sources=None) -> list[Suggestion]:
    """What `extract_attributions` suggests and, with no speaker ("" for speaker and speaker
    kind), each direct quote the rules find nobody for; in the order of the text."""
    suggestions, unattributed = _read(body, known_sources)
    if not unattributed:
        return suggestions
    texts = _texts(body)
    return sorted(suggestions + unattributed, key=lambda s: _place(texts, s))


def _read(body: str, known_sources) -> tuple[list[Suggestion], list[Suggestion]]:
    known = as_known_sources(known_sources)
    reader = StoryReader()
    texts = _texts(body)
    for index, block in enumerate(texts):
        reader.read(index, block)
    reader.finish()
    suggestions = sorted(with_sources(reader.made.results, known), key=lambda s: _place(texts, s))
    return suggestions, reader.made.unattributed


def _texts(body: str) -> list[str]:
    """The body's blocks as the rules read them, whitespace runs made single spaces."""
    return [" ".join(block.split()) for block in blocks(body)]


def _place(texts: list[str], suggestion: Suggestion) -> tuple[int, int]:
    found = texts[suggestion.paragraph].find(suggestion.text)
    return suggestion.paragraph, found if found >= 0 else 0


def load_known_sources() -> list[KnownSource]:
    """The sources already in the database, as the matcher needs them, in one query (each
    unnamed source with the organisation it speaks for)."""
    from sources.models import Source

    fields = [Source._meta.pk.name, "name", "kind", "aliases"]
    rows = Source.objects.select_related("affiliation").only(
        *fields, "affiliation", *(f"affiliation__{field}" for field in fields)
    )
    return as_known_sources(rows)


def suggest_for_article(article) -> list[Suggestion]:
    """Suggestions for an article's body, matched against the sources already in the database."""
    return extract_attributions(article.body, known_sources=load_known_sources())
