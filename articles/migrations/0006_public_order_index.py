"""An index in exactly the public lists' order, over what the public may see (PostgreSQL).

The lists order by published_at DESC NULLS LAST, created_at DESC; the status index sorts nulls
first, so PostgreSQL sorted every published article to show the newest twenty (29 ms at 100k
articles; 0.05 ms with this index). SQLite cannot index NULLS LAST and does not need to.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS article_public_order ON articles_article
    (published_at DESC NULLS LAST, created_at DESC)
    WHERE status = 'published' AND deleted_at IS NULL;
"""
DROP = "DROP INDEX IF EXISTS article_public_order;"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_stored_search_document")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
