"""Full-text search of articles: one function the reader site and the API both call.

On PostgreSQL: `websearch_to_tsquery` syntax ("quoted phrases", OR, -exclusions), a stored
weighted vector (headline A > dek B > body C) matched through its GIN index, ts_rank ordering
and ts_headline snippets. On SQLite (the first-run default) a plainer fallback: every word must
appear somewhere, headline hits rank above dek hits above body hits, and the snippet is the
stretch of body around the first word found.
"""

import re
from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Lower, StrIndex, Substr

from articles.models import Article

# Longer queries are cut, not refused: nobody types more, and ts_query cost grows with length.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
# Markers ts_headline puts around matches; private-use characters cannot occur in copy, so the
# snippet can be HTML-escaped first and the markers turned into <mark> afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_RADIUS = 120
# PostgreSQL ranks at most this many of the newest matches (the rest are older and, for a
# query that common, rarely what a reader wants); one more is fetched, so that a count above
# this says that there were more.
RANKED_MATCHES = 500


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
    `search_snippet` (body text with matches between MARK_START and MARK_END). Only the newest
    RANKED_MATCHES + 1 matches are ranked and returned (see newest_matches()).

    A blank query filters nothing and orders by the queryset's own ordering, so filters (topic,
    dates) still work on their own.
    """
    query = clean_query(query)
    if not query:
        return queryset.annotate(search_rank=Value(0.0), search_snippet=F("dek"))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query)
    return _fallback_search(queryset, query)


def newest_matches(queryset: QuerySet, query: str) -> QuerySet:
    """The ids of the newest RANKED_MATCHES + 1 articles in `queryset` matching `query`.

    Ranking reads what it ranks (on PostgreSQL each match's stored vector: several kilobytes,
    out of line), so ranking every match costs time in proportion to how many there are: half
    a second for a query matching half of 100,000 articles. The newest matches come cheaply
    instead: by walking the public order's index and checking each article when matches are
    common, through the GIN index when they are rare, as the planner judges. A "phrase" is
    different: the GIN index finds the articles holding all its words but cannot tell whether
    they stand together, so each of those must be read; walking the newest articles reads
    far more, and the planner cannot tell how rare a phrase is. An order no index serves
    steers it to the GIN index.
    """
    query = clean_query(query)
    published_at = F("published_at")
    if connection.vendor == "postgresql":
        matches = queryset.filter(
            search_document=SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        )
        if '"' in query:
            published_at = ExpressionWrapper(
                published_at + Value(timedelta(0)), output_field=DateTimeField()
            )
    else:
        matches = _fallback_matches(queryset, query_words(query))
    newest = matches.order_by(published_at.desc(nulls_last=True), "-created_at")
    return newest.values("pk")[: RANKED_MATCHES + 1]


def _postgres_search(queryset: QuerySet, query: str) -> QuerySet:
    """One query ranks the newest matches; the page then fetches its own articles by id, in
    that order, with their snippets."""
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    ranked = list(
        Article.objects.filter(pk__in=newest_matches(queryset, query))
        .annotate(rank=SearchRank(F("search_document"), ts_query))
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
        .values_list("pk", "rank")
    )
    ids = [pk for pk, _ in ranked]
    position = Func(
        Cast(Value(ids), ArrayField(BigIntegerField())), F("pk"), function="array_position"
    )
    ranks = Cast(Value([rank for _, rank in ranked]), ArrayField(FloatField()))
    return (
        queryset.filter(pk__in=ids)
        .annotate(
            search_rank=_Element(ranks, position),
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
        .order_by(position)
    )


class _Element(Func):
    """array[index] (PostgreSQL arrays count from 1)."""

    arg_joiner = ")["
    template = "(%(expressions)s]"
    output_field = FloatField()


_WORD = re.compile(r"\w+")


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased, without websearch operators (quotes, OR, -)."""
    return [word for word in _WORD.findall(clean_query(query).lower()) if word != "or"]


def _fallback_matches(queryset: QuerySet, words: list[str]) -> QuerySet:
    if not words:
        # Punctuation only: nothing can match, and "everything" would be a surprising answer.
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    return queryset


def _fallback_search(queryset: QuerySet, query: str) -> QuerySet:
    words = query_words(query)
    if not words:
        return queryset.none()
    weights = []
    for word in words:
        weights += [
            Case(When(headline__icontains=word, then=Value(4)), default=Value(0)),
            Case(When(dek__icontains=word, then=Value(2)), default=Value(0)),
            Case(When(body__icontains=word, then=Value(1)), default=Value(0)),
        ]
    rank = sum(weights[1:], start=weights[0])
    first_hit = StrIndex(Lower("body"), Value(words[0]))
    return (
        queryset.filter(pk__in=newest_matches(queryset, query))
        .annotate(
            search_rank=rank,
            search_snippet=Substr(
                "body",
                Greatest(first_hit - SNIPPET_RADIUS, Value(1), output_field=IntegerField()),
                SNIPPET_RADIUS * 2,
            ),
        )
        .order_by("-search_rank", F("published_at").desc(nulls_last=True), "-pk")
    )


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
