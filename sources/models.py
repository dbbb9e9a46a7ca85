import reversion
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    DOCUMENT = "document", "Document"
    UNNAMED = "unnamed", "Unnamed source"


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

    class Meta:
        ordering = ["name"]
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
        return reverse("sources:detail", kwargs={"slug": self.slug})


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
