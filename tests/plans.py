"""Reading PostgreSQL's query plans in tests."""

import pytest
from django.db import connection

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's planner"
)


def plan_preferring_indexes(queryset) -> str:
    """EXPLAIN for the queryset with sequential scans discouraged: on a test-sized table the
    planner rightly prefers them, but the question is whether an index *can* serve the query."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


def plan_by_index_conditions(queryset) -> str:
    """EXPLAIN with only bitmap scans allowed: each needs a condition an index can answer, so,
    unlike a plain index scan (which on a test-sized table may walk any index, the primary key
    as well as any other, as a scan of everything), the plan names an index that serves the
    query's own conditions."""
    with connection.cursor() as cursor:
        for setting in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET enable_{setting} = off")
        try:
            return queryset.explain()
        finally:
            for setting in ("seqscan", "indexscan", "indexonlyscan"):
                cursor.execute(f"SET enable_{setting} = on")
