"""Full-text search of articles: one function the reader site and the API both call.

On PostgreSQL: `websearch_to_tsquery` syntax ("quoted phrases", OR, -exclusions), a stored
weighted vector (headline A > dek B > body C) matched through its GIN index, ts_rank ordering
and ts_headline snippets. On SQLite (the first-run default) a plainer fallback: every word must
appear somewhere, headline hits rank above dek hits above body hits, and the snippet is the
stretch of body around the first word found.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, Lower, StrIndex, Substr

# Longer queries are cut, not refused: nobody types more, and ts_query cost grows with length.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
# Markers ts_headline puts around matches; private-use characters cannot occur in copy, so the
# snippet can be HTML-escaped first and the markers turned into <mark> afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_RADIUS = 120


def search_vector() -> SearchVector:
    """The weighted document vector. On PostgreSQL a trigger (migration 0005) stores exactly
    this in Article.search_document, which the GIN index covers and searches read; change one
    and you must change the other."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def clean_query(query: str) -> str:
    """The query as we will run it: NULs (which PostgreSQL rejects) and surrounding space gone,
    runs of whitespace collapsed, and at most MAX_QUERY_LENGTH characters."""
    query = query.replace("\x00", " ")
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles in `queryset` matching `query`, best first, annotated with `search_rank` and
    `search_snippet` (body text with matches between MARK_START and MARK_END).

    A blank query filters nothing and orders by the queryset's own ordering, so filters (topic,
    dates) still work on their own.
    """
    query = clean_query(query)
    if not query:
        return queryset.annotate(search_rank=Value(0.0), search_snippet=F("dek"))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query)
    return _fallback_search(queryset, query)


def _postgres_search(queryset: QuerySet, query: str) -> QuerySet:
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_document=ts_query)
        .annotate(
            search_rank=SearchRank(F("search_document"), ts_query),
            search_snippet=SearchHeadline(
                "body",
                ts_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


_WORD = re.compile(r"\w+")


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased, without websearch operators (quotes, OR, -)."""
    return [word for word in _WORD.findall(clean_query(query).lower()) if word != "or"]


def _fallback_search(queryset: QuerySet, query: str) -> QuerySet:
    words = query_words(query)
    if not words:
        # Punctuation only: nothing can match, and "everything" would be a surprising answer.
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    weights = []
    for word in words:
        weights += [
            Case(When(headline__icontains=word, then=Value(4)), default=Value(0)),
            Case(When(dek__icontains=word, then=Value(2)), default=Value(0)),
            Case(When(body__icontains=word, then=Value(1)), default=Value(0)),
        ]
    rank = sum(weights[1:], start=weights[0])
    first_hit = StrIndex(Lower("body"), Value(words[0]))
    return queryset.annotate(
        search_rank=rank,
        search_snippet=Substr(
            "body",
            Greatest(first_hit - SNIPPET_RADIUS, Value(1), output_field=IntegerField()),
            SNIPPET_RADIUS * 2,
        ),
    ).order_by("-search_rank", "-published_at", "-pk")


def highlight(snippet: str, query: str) -> str:
    """Put MARK_START/MARK_END around the query's words where the database did not (SQLite),
    trimming the cut-off words at either end of the fallback's fixed-width excerpt."""
    if MARK_START in snippet:
        return snippet
    if len(snippet) >= SNIPPET_RADIUS * 2:
        snippet = f"… {snippet.split(maxsplit=1)[-1].rsplit(maxsplit=1)[0]} …"
    words = query_words(query)
    if not words:
        return snippet
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", snippet)
