"""Sections, the type of work, "about this story", the embargo and author pages: the article and
contributor fields of round two, added in one step."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# SQLite rebuilds the article table to add a NOT NULL column, and a rebuild recreates every index
# the model state declares, including the public-order index SQLite cannot make (NULLS LAST;
# see 0007). So the state forgets that index while the columns are added and declares it again
# after: on PostgreSQL the index is never touched, and SQLite goes without it as before.
PUBLIC_ORDER = models.Index(
    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
    models.OrderBy(models.F("created_at"), descending=True),
    condition=models.Q(("deleted_at__isnull", True), ("status", "published")),
    name="article_public_order",
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_lead_and_inline_images"),
        ("images", "0003_change_printed_image"),
        ("sections", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_public_order")
            ]
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "get_latest_by": "published_at",
                "ordering": [
                    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                    "-created_at",
                ],
                "permissions": [
                    ("publish_article", "Can publish, schedule and unpublish articles"),
                    ("lift_embargo", "Can lift an article's embargo early"),
                ],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="about_story",
            field=models.TextField(
                blank=True,
                help_text="Optional: why and how the story was reported (backstory and methods).",
                verbose_name="about this story",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="also_in",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other section fronts that list this story.",
                related_name="secondary_articles",
                to="sections.section",
                verbose_name="also in sections",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="embargoed_until",
            field=models.DateTimeField(
                blank=True,
                help_text="Partners allowed embargoed copy may see it before this time; the public sees it only from then on, even once published.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="section",
            field=models.ForeignKey(
                blank=True,
                help_text="The story's home in the newspaper; needed to publish.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="primary_articles",
                to="sections.section",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="type_of_work",
            field=models.CharField(
                choices=[
                    ("news", "News"),
                    ("analysis", "Analysis"),
                    ("opinion", "Opinion"),
                    ("review", "Review"),
                    ("background", "Explainer"),
                    ("sponsored", "Sponsored"),
                ],
                default="news",
                help_text="What kind of work this is, shown to readers above the headline.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="contributor",
            name="expertise",
            field=models.CharField(
                blank=True,
                help_text='Comma-separated, e.g. "courts, city hall, policing".',
                max_length=300,
                verbose_name="areas of expertise",
            ),
        ),
        migrations.AddField(
            model_name="contributor",
            name="links",
            field=models.TextField(
                blank=True,
                help_text="Profile pages elsewhere (the newsroom's social accounts, a personal site), one https address per line.",
            ),
        ),
        migrations.AddField(
            model_name="contributor",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="A portrait from the photo library.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="portrait_of",
                to="images.image",
            ),
        ),
        migrations.AddField(
            model_name="contributor",
            name="title",
            field=models.CharField(
                blank=True, help_text='e.g. "Courts correspondent".', max_length=200
            ),
        ),
        migrations.AlterField(
            model_name="contributor",
            name="bio",
            field=models.TextField(blank=True, help_text="A short biography for the author page."),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "-published_at"], name="article_section_published"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("embargoed_until__isnull", False)),
                fields=["embargoed_until"],
                name="article_embargoed_until",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "type_of_work__in",
                        ["news", "analysis", "opinion", "review", "background", "sponsored"],
                    )
                ),
                name="article_type_of_work_valid",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="article", index=PUBLIC_ORDER)]
        ),
    ]
