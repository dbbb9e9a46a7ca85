"""The tables behind articles/parts.py: an article page's parts as last rendered, and the
generation that retires them all at once. Imported by articles/models.py, so the app loads them;
nothing here imports the rest of the app."""

from django.db import models


class StoredStory(models.Model):
    """The parts of a published article's page that are the same for every reader (the head's
    meta tags and JSON-LD, and the story itself), rendered once and kept until the article, or
    something it shows, changes. articles/parts.py says when a row may be served."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="stored"
    )
    # What it was rendered from: the article's version, the code and templates (a hash that
    # also names the site's address), and the generation of everything shared by all pages.
    version = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    generation = models.PositiveIntegerField()
    head = models.TextField()
    story = models.TextField()
    modified_at = models.DateTimeField()
    # What the related block and the page cache need of the story's rows, so a served part
    # needs none of them: {"topics": [ids], "sources": [ids], "tags": [page-cache tags]}.
    shared = models.JSONField(default=dict)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "stored story"

    def __str__(self):
        return f"Stored parts of article {self.article_id} (version {self.version})"


class StoredStoryGeneration(models.Model):
    """One row: moved on by an invalidation of something every page shows (the publisher's
    policies, the whole site), after which no stored part is served until it is rendered again."""

    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "stored story generation"

    def __str__(self):
        return f"Generation {self.value}"


class _StoredJSON(models.Model):
    """What is kept of a published article for an API read: the serializer's JSON, as text so
    its keys keep their order (jsonb would sort them), and what it was made from."""

    version = models.PositiveIntegerField()
    # The code, and the scheme and host its absolute links name (the request's).
    key = models.CharField(max_length=40)
    generation = models.PositiveIntegerField()
    data = models.TextField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name.capitalize()} of article {self.article_id}"


class StoredRepresentation(_StoredJSON):
    """The public's API representation of a published article, kept like StoredStory and
    retired by the same rules (articles/api/stored.py)."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_representation",
    )

    class Meta:
        verbose_name = "stored representation"


class StoredListItem(_StoredJSON):
    """The public's API list item of a published article (ArticleListItemSerializer's)."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_list_item",
    )

    class Meta:
        verbose_name = "stored list item"
