"""Counting what the public may see (the API list's `count`) reads the public-order index
alone on PostgreSQL: the index carries the embargo column the visibility rule also tests, so no
row of the table is visited (a parallel scan of every row at 100,000 stories otherwise)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_public_order_index_covers_the_embargo_column():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_public_order'")
        (definition,) = cursor.fetchone()

    assert "INCLUDE (embargoed_until)" in definition
    assert "WHERE" in definition


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
def test_the_public_count_can_be_answered_from_the_index():
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    with CaptureQueriesContext(connection) as captured:
        Article.objects.published().count()  # the query the API list's count runs
    with connection.cursor() as cursor:
        # However small the test table, ask whether the index alone can answer it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + captured[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Only Scan using article_public_order" in plan, plan
