"""Declare in Article.Meta the public-order index that migration 0006 created by hand, so the
model says which indexes serve its filters. State only: the index exists on PostgreSQL already,
and SQLite (which cannot index NULLS LAST) goes without."""

from django.db import migrations, models

INDEX = models.Index(
    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
    models.OrderBy(models.F("created_at"), descending=True),
    condition=models.Q(("deleted_at__isnull", True), ("status", "published")),
    name="article_public_order",
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_public_order_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="article", index=INDEX)]
        )
    ]
