"""Store each article's weighted search vector instead of computing it per query.

Matching could use 0004's expression index, but ranking recomputed to_tsvector(body) for every
matching row, so search time grew with the corpus. On PostgreSQL a trigger now keeps
`search_document` up to date on every insert and update (bulk_create and raw updates
included), the GIN index covers the column, and 0004's expression index goes. The trigger
computes exactly what articles.search.search_vector() does. SQLite keeps an unused column.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger AS $$
BEGIN
    NEW.search_document :=
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.headline, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.dek, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER articles_article_search_document
BEFORE INSERT OR UPDATE OF headline, dek, body, search_document ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_document();
"""
FORWARD = [
    FUNCTION,
    TRIGGER,
    # Fill existing rows through the trigger.
    "UPDATE articles_article SET search_document = NULL;",
    "CREATE INDEX article_search_document ON articles_article USING gin (search_document);",
    "DROP INDEX IF EXISTS article_search_vector;",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_document;",
    "DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article;",
    "DROP FUNCTION IF EXISTS articles_article_search_document();",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def _restore_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        from articles.search import search_vector

        index = GinIndex(search_vector(), name="article_search_vector")
        schema_editor.add_index(apps.get_model("articles", "Article"), index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_search_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="The weighted full-text vector (headline, dek, body), kept by a "
                "PostgreSQL trigger; unused on SQLite.",
                null=True,
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
        migrations.RunPython(migrations.RunPython.noop, _restore_expression_index),
    ]
