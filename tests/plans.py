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
