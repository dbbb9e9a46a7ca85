"""A GIN index over the weighted search vector, on PostgreSQL only.

The index expression is articles.search.search_vector() itself, so it is exactly what
search_articles() filters on and the planner can use it. SQLite has no GIN indexes (and its
fallback search does not need one), so there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "article_search_vector"


def _index():
    from articles.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_trash_and_authorship")]

    operations = [migrations.RunPython(add_search_index, remove_search_index, elidable=False)]
