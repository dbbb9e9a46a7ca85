"""Full-text search of articles: one function the reader site and the API both call.

On PostgreSQL: `websearch_to_tsquery` syntax ("quoted phrases", OR, -exclusions), a stored
weighted vector (headline A > dek B > body C) matched through its GIN index, ts_rank ordering
and ts_headline snippets. On SQLite (the first-run default) a plainer fallback: every word must
appear somewhere, headline hits rank above dek hits above body hits, and the snippet is the
stretch of body around the first word found.
"""

import re
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Greatest, Lower, StrIndex, Substr

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
    """Articles in `queryset` matching `query`, best first, as a queryset the API can filter
    and re-order further, each with `search_snippet` (body text with matches between MARK_START
    and MARK_END). Only the newest RANKED_MATCHES + 1 matches are ranked and returned (see
    newest_matches()); rank() gives the same as a list with the ranks.

    A blank query filters nothing and orders by the queryset's own ordering, so filters (topic,
    dates) still work on their own.
    """
    query = clean_query(query)
    if not query:
        return queryset.annotate(search_snippet=F("dek"))
    ids = [pk for pk, _ in rank(queryset, query).rows]
    # The position of ",<pk>," in ",<id>,<id>,...,": the ranked order, on any database.
    position = StrIndex(
        Value(f",{','.join(map(str, ids))},"),
        Concat(Value(","), Cast("pk", CharField()), Value(",")),
    )
    return _with_snippet(queryset.filter(pk__in=ids), query).order_by(position)


def rank(queryset: QuerySet, query: str) -> "Ranked":
    """The newest RANKED_MATCHES + 1 matches of `query` in `queryset`, ranked in one query:
    headline above dek above body, the newer first where ranks tie."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        score = SearchRank(F("search_document"), _ts_query(query))
    else:
        score = _fallback_rank(query_words(query))
    # Ranked outside the subquery that finds them: inside it, PostgreSQL would rank every
    # match it sorts by date, not just the newest.
    rows = (
        queryset.model.objects.filter(pk__in=newest_matches(queryset, query))
        .annotate(score=score)
        .order_by("-score", F("published_at").desc(nulls_last=True), "-created_at")
        .values_list("pk", "score")
    )
    return Ranked(queryset, query, list(rows))


class Ranked(Sequence):
    """Ranked matches: their ids and ranks in hand, the articles fetched a slice (a page) at
    a time, from the queryset they were found in (with its prefetches), each with
    `search_rank` and `search_snippet`. A paginator takes it as it is: its length is known
    without a COUNT, and a page fetches twenty articles by id, not a sort of all the ranked."""

    def __init__(self, queryset: QuerySet, query: str, rows: list[tuple[int, float]]):
        self.queryset, self.query, self.rows = queryset, query, rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        rows = self.rows[index]
        found = _with_snippet(self.queryset.filter(pk__in=[pk for pk, _ in rows]), self.query)
        articles = {article.pk: article for article in found}
        page = []
        for pk, score in rows:
            if pk in articles:  # unless unpublished since the ranking, a moment ago
                articles[pk].search_rank = score
                page.append(articles[pk])
        return page

    def __iter__(self):
        return iter(self[:])


def _ts_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _with_snippet(queryset: QuerySet, query: str) -> QuerySet:
    if connection.vendor == "postgresql":
        snippet = SearchHeadline(
            "body",
            _ts_query(query),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    else:
        words = query_words(query) or [""]
        first_hit = StrIndex(Lower("body"), Value(words[0]))
        snippet = Substr(
            "body",
            Greatest(first_hit - SNIPPET_RADIUS, Value(1), output_field=IntegerField()),
            SNIPPET_RADIUS * 2,
        )
    return queryset.annotate(search_snippet=snippet)


def newest_matches(queryset: QuerySet, query: str) -> QuerySet:
    """The ids of the newest RANKED_MATCHES + 1 articles in `queryset` matching `query`: the
    query whose cost grows with the archive (rank() runs it with the ranks added)."""
    return _newest(queryset, clean_query(query)).values("pk")[: RANKED_MATCHES + 1]


def _newest(queryset: QuerySet, query: str) -> QuerySet:
    """Matches, newest first.

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
    published_at = F("published_at")
    if connection.vendor == "postgresql":
        matches = queryset.filter(search_document=_ts_query(query))
        if '"' in query:
            published_at = ExpressionWrapper(
                published_at + Value(timedelta(0)), output_field=DateTimeField()
            )
    else:
        matches = _fallback_matches(queryset, query_words(query))
    return matches.order_by(published_at.desc(nulls_last=True), "-created_at")


_WORD = re.compile(r"\w+")


def query_words(query: str) -> list[str]:
    """The distinct words of a query, lower-cased, without websearch operators (quotes, OR,
    -)."""
    words = _WORD.findall(clean_query(query).lower())
    return list(dict.fromkeys(word for word in words if word != "or"))


def _fallback_matches(queryset: QuerySet, words: list[str]) -> QuerySet:
    """SQLite: every word somewhere in the headline, dek or body."""
    if not words:
        # Punctuation only: nothing can match, and "everything" would be a surprising answer.
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    return queryset


def _fallback_rank(words: list[str]):
    """SQLite: 4 for each word in the headline, 2 in the dek, 1 in the body (the first ten
    words: SQLite's parser has a depth limit, and every word must match anyway)."""
    terms = [
        Case(When(**{f"{field}__icontains": word}, then=Value(weight)), default=Value(0))
        for word in words[:10]
        for field, weight in (("headline", 4), ("dek", 2), ("body", 1))
    ]
    return sum(terms, start=Value(0))


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
