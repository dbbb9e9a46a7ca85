"""What can be asked of the photo library's rows: which images a reader may see (`in_print()`:
the lead or an inline photo of a published story) and which are used at all (`in_use()`, so
not to be deleted). The library never imports articles: the stories are reached through the
reverse relations (`lead_of`, `inline_in`), and "published" is their own `published()`."""

from django.db import models
from django.db.models import Exists, OuterRef


def _stories(queryset):
    # The model that points at images (articles.Article), reached from the relation's field.
    return queryset.model.lead_of.field.model._default_manager


class ImageQuerySet(models.QuerySet):
    def in_print(self):
        """Images a reader may see: the lead or an inline photo of at least one published
        story. A photo only a draft uses is as private as the draft."""
        published = _stories(self).published()
        return self.filter(
            Exists(published.filter(lead_image=OuterRef("pk")))
            | Exists(published.filter(inline_images=OuterRef("pk")))
        )

    def in_use(self):
        """Images some story shows, as its lead or in its text, whatever the story's state
        (the trash included: restoring it brings the photo back)."""
        stories = _stories(self).all()
        return self.filter(
            Exists(stories.filter(lead_image=OuterRef("pk")))
            | Exists(stories.filter(inline_images=OuterRef("pk")))
        )
