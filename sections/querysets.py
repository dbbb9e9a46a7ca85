"""What can be asked of sections: which a reader may see (`in_print()`: the primary or an
"also in" section of at least one published story). Sections never import articles: the
stories are reached through the reverse relations (`primary_articles`, `secondary_articles`),
and "published" is their own `published()`."""

from django.db import models
from django.db.models import Exists, OuterRef


def stories(queryset):
    """The articles' default manager (articles.Article), reached from the relation's field."""
    return queryset.model.primary_articles.field.model._default_manager


class SectionQuerySet(models.QuerySet):
    def in_print(self, *, at=None):
        """Sections a reader may see: those with at least one published story, as its home
        (or its subsection's) or as one of its other sections. A section only drafts use stays
        private. (`at`: the time published means, now unless given.)"""
        published = stories(self).published(at=at)
        return self.filter(
            Exists(published.filter(section=OuterRef("pk")))
            | Exists(published.filter(section__parent=OuterRef("pk")))
            | Exists(published.filter(also_in=OuterRef("pk")))
        )

    def top_level(self):
        return self.filter(parent__isnull=True)
