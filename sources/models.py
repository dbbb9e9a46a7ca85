import reversion
from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.text import slugify

from articles.querysets import published_q
from newsroom.slugs import slug_url


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    DOCUMENT = "document", "Document"
    UNNAMED = "unnamed", "Unnamed source"


class AttributionQuerySet(models.QuerySet):
    def in_print(self):
        """Attributions in published articles: the only ones a reader may see."""
        return self.filter(published_q("article__"))


class SourceQuerySet(models.QuerySet):
    def in_print(self):
        """Sources a reader may see: quoted in a published article, or the organisation of one
        who was. A source named only in drafts stays private until the story runs."""
        printed = Attribution.objects.in_print()
        return self.filter(
            Exists(printed.filter(source=OuterRef("pk")))
            | Exists(printed.filter(source__affiliation=OuterRef("pk")))
        )


@reversion.register()
class Source(models.Model):
    """Someone or something an article attributes words or claims to."""

    Kind = SourceKind

    name = models.CharField(
        max_length=200,
        help_text='For an unnamed source, how the story describes them: "a Denver official".',
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text='Their role as the story gives it: "attorney for the city and county of Denver".',
    )
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": SourceKind.ORGANIZATION},
        help_text="The organisation they speak for or belong to. Required to publish an unnamed "
        "source.",
    )
    description = models.TextField(blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names the source goes by in stories, one per line "
        '("Kobach", "Kansas Secretary of State Kris Kobach"). Used to match speakers.',
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            (
                "change_cited_source",
                "Can change or merge sources that published stories cite",
            )
        ]
        indexes = [models.Index(fields=["kind", "name"], name="source_kind_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=F("pk")), name="source_not_own_affiliation"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("sources:detail", self.slug)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class AttributionKind(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "Direct quote"
    PARAPHRASE = "paraphrase", "Paraphrase"
    STATEMENT = "statement", "Statement"
    DOCUMENT = "document", "Document"


@reversion.register()
class Attribution(models.Model):
    """Words or a claim in an article, and the source they are attributed to."""

    Kind = AttributionKind

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="attributions"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DIRECT_QUOTE)
    text = models.TextField(help_text="The words quoted, or the claim attributed, as printed.")
    verb = models.CharField(
        max_length=100, blank=True, help_text='As printed: "said", "told Reuters", "wrote".'
    )
    paragraph = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Which block of the body it is in, counting from 0 (subheads count).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AttributionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["source", "article"], name="attribution_source_article")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttributionKind.values), name="attribution_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="attribution_has_text"),
        ]

    def __str__(self):
        return f"{self.source}: {self.text[:60]}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class AttributionSuggestion(models.Model):
    """An attribution the extractor proposed for an article, waiting for an editor's decision.

    Nothing here is published: only an accepted suggestion becomes an Attribution.
    """

    Status = SuggestionStatus

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="attribution_suggestions"
    )
    paragraph = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=AttributionKind.choices)
    text = models.TextField()
    verb = models.CharField(max_length=100, blank=True)
    speaker = models.CharField(
        max_length=300, help_text="The name, or how an unnamed source is described."
    )
    speaker_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    title = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The existing source the speaker matched, if any.",
    )
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "pk"]
        indexes = [models.Index(fields=["article", "status"], name="suggestion_article_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AttributionKind.values), name="suggestion_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"
