import hashlib

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from articles.choices import ArticleStatus, CorrectionKind, CreditRole, TypeOfWork
from articles.querysets import ArticleQuerySet, ContributorQuerySet, TopicQuerySet
from articles.rendering import figure_ids, render_markdown
from newsroom.slugs import slug_url


def _choices_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


@reversion.register()
class Topic(TagBase):
    """A subject articles are tagged with (django-taggit's tag model, with a description)."""

    description = models.TextField(
        blank=True, help_text="Shown at the top of the topic page; one or two sentences."
    )

    # taggit's manager (natural keys, for fixtures and backups) with the reader's rule.
    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def get_absolute_url(self):
        return slug_url("articles:topic", self.slug)

    def slugify(self, tag, i=None):
        # Topic URLs are ASCII slugs; a name with no Latin letter or digit ("東京") would
        # slugify to nothing, so it gets a stable slug from its hash instead.
        slug = super().slugify(tag, i)
        if slug.strip("-_0123456789"):
            return slug
        digest = hashlib.sha256(tag.encode()).hexdigest()[:10]
        return f"topic-{digest}" + (f"_{i}" if i is not None else "")


@reversion.register()
class TaggedArticle(TaggedItemBase):
    """The article–topic link: a real foreign key both ways, for speed and integrity."""

    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="tagged_topics"
    )
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "article topic"
        verbose_name_plural = "article topics"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")
        ]


@reversion.register()
class Contributor(models.Model):
    """A journalist who writes, reports, edits or photographs for the newsroom or an agency."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200, blank=True, help_text='e.g. "Courts correspondent".')
    bio = models.TextField(blank=True, help_text="A short biography for the author page.")
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portrait_of",
        help_text="A portrait from the photo library.",
    )
    expertise = models.CharField(
        "areas of expertise",
        max_length=300,
        blank=True,
        help_text='Comma-separated, e.g. "courts, city hall, policing".',
    )
    links = models.TextField(
        blank=True,
        help_text="Profile pages elsewhere (the newsroom's social accounts, a personal site), "
        "one https address per line.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        help_text="The staff login of this journalist, if they have one.",
    )

    objects = ContributorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:contributor", self.slug)


def _staff_member():
    """Who did something to an article; kept (as empty) if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


# A revision of an article holds its inlines too, so history can show and restore them.
@reversion.register(follow=["credits", "attributions", "tagged_topics", "corrections"])
class Article(models.Model):
    Status = ArticleStatus
    TypeOfWork = TypeOfWork

    headline = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the article's web address."
    )
    dek = models.TextField(
        "standfirst", blank=True, help_text="One or two sentences under the headline."
    )
    body = models.TextField(
        blank=True, help_text="Markdown. Blank lines separate paragraphs; ## starts a subhead."
    )
    body_html = models.TextField(blank=True, editable=False)
    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where the story was filed, e.g. "WASHINGTON".'
    )
    provider = models.CharField(
        max_length=100, blank=True, help_text='The agency, e.g. "Reuters"; blank for our own work.'
    )
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 code, e.g. en.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the article goes live. A future time while published means scheduled.",
    )
    embargoed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Partners allowed embargoed copy may see it before this time; the public "
        "sees it only from then on, even once published.",
    )
    section = models.ForeignKey(
        "sections.Section",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_articles",
        help_text="The story's home in the newspaper; needed to publish.",
    )
    also_in = models.ManyToManyField(
        "sections.Section",
        blank=True,
        related_name="secondary_articles",
        verbose_name="also in sections",
        help_text="Other section fronts that list this story.",
    )
    type_of_work = models.CharField(
        max_length=16,
        choices=TypeOfWork.choices,
        default=TypeOfWork.NEWS,
        help_text="What kind of work this is, shown to readers above the headline.",
    )
    about_story = models.TextField(
        "about this story",
        blank=True,
        help_text="Optional: why and how the story was reported (backstory and methods).",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of",
        help_text="The photo at the top of the story, on teasers and social cards.",
    )
    # The library images the body shows (`![...](image:N)`), kept in step with the body on
    # every save: for "used in", the publish check, the API and prefetching.
    inline_images = models.ManyToManyField(
        "images.Image", blank=True, related_name="inline_in", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save; guards against overwrites.",
    )
    created_by = _staff_member()
    updated_by = _staff_member()
    deleted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set while the article is in the trash."
    )
    deleted_by = _staff_member()
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="The weighted full-text vector (headline, dek, body), kept by a PostgreSQL "
        "trigger; unused on SQLite.",
    )
    external_id = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The identity of the copy this was imported from (content hash or agency id).",
    )

    topics = TaggableManager(through=TaggedArticle, blank=True, verbose_name="topics")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-created_at"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("lift_embargo", "Can lift an article's embargo early"),
            ("read_embargoed", "Can read embargoed copy through the API (partners)"),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at"],
                condition=Q(deleted_at__isnull=True),
                name="article_status_published",
            ),
            models.Index(fields=["-updated_at"], name="article_updated"),
            models.Index(fields=["section", "-published_at"], name="article_section_published"),
            models.Index(
                fields=["embargoed_until"],
                condition=Q(embargoed_until__isnull=False),
                name="article_embargoed_until",
            ),
            # The public lists' exact order over what they may show, so the newest page walks
            # the index instead of sorting every published article (PostgreSQL; migration 0006
            # made it, and SQLite, which cannot index NULLS LAST, goes without). On PostgreSQL
            # it also INCLUDEs embargoed_until (migration 0012), so the public count reads the
            # index alone; not declared here, as Django would warn on SQLite.
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("created_at").desc(),
                condition=Q(status=ArticleStatus.PUBLISHED, deleted_at__isnull=True),
                name="article_public_order",
            ),
        ]
        constraints = [
            _choices_check("status", ArticleStatus, "article_status_valid"),
            _choices_check("type_of_work", TypeOfWork, "article_type_of_work_valid"),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED)
                | (Q(published_at__isnull=False) & ~Q(headline="")),
                name="article_published_has_time_and_headline",
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_external_id"
            ),
        ]

    def __str__(self):
        return self.headline or f"Untitled ({self.slug})"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
        if update_fields is None or "body" in update_fields:
            self._sync_inline_images()

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def _sync_inline_images(self):
        from images.models import Image

        wanted = set(figure_ids(self.body_html))  # rendered just now, in save()
        if wanted != {image.pk for image in self.inline_images.all()}:
            self.inline_images.set(Image.objects.filter(pk__in=wanted))

    def body_with_figures(self) -> str:
        """body_html with each library figure filled in: from prefetched inline_images, or
        one query, and none for a body without photos (the article page does not prefetch)."""
        from images.figures import PLACEHOLDER_START, fill

        if PLACEHOLDER_START not in self.body_html:
            return self.body_html
        return fill(self.body_html, self.inline_images.all())

    def images_missing_for_print(self) -> list[tuple[str, object, list[str]]]:
        """[("Lead image", image, ["alt text", "credit"]), ...] for each image lacking what
        publishing needs; a reference to an image not in the library is also listed."""
        found = [("Lead image", self.lead_image)] if self.lead_image_id else []
        inline = {image.pk: image for image in self.inline_images.all()}
        for image_id in figure_ids(self.body_html):
            found.append((f"Inline image {image_id}", inline.get(image_id)))
        problems = []
        for label, image in found:
            if image is None:
                problems.append((label, None, ["an image in the library"]))
            elif missing := image.missing_for_print():
                problems.append((label, image, missing))
        return problems

    @property
    def is_public(self) -> bool:
        """What published_q() says of this one article."""
        return (
            self.deleted_at is None
            and self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.is_embargoed
        )

    @property
    def is_embargoed(self) -> bool:
        """Under an embargo still to lift (whatever its status): hidden from the public."""
        return self.embargoed_until is not None and self.embargoed_until > timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def byline(self) -> list["Credit"]:
        """The byline credits, in order (uses prefetched credits when there are any)."""
        return [credit for credit in self.credits.all() if credit.role == Credit.Role.BYLINE]

    def sourcing_summary(self) -> dict[str, int]:
        """Who the story relies on: distinct named people, named organisations and unnamed
        sources, plus direct quotes and documents cited (uses prefetched attributions)."""
        sources, quotes, documents = {}, 0, 0
        for attribution in self.attributions.all():
            sources[attribution.source_id] = attribution.source
            quotes += attribution.kind == "direct_quote"
            documents += attribution.kind == "document" or attribution.source.kind == "document"
        kinds = [source.kind for source in sources.values()]
        return {
            "named_people": kinds.count("person"),
            "named_organizations": kinds.count("organization"),
            "unnamed_sources": kinds.count("unnamed"),
            "direct_quotes": quotes,
            "documents": documents,
        }

    @property
    def credit_groups(self) -> list[tuple[str, list["Credit"]]]:
        """The credit line's parts, in order: [("Reporting", [credits]), ("Editing", ...)]."""
        groups: dict[str, list[Credit]] = {}
        for credit in self.credits.all():
            if credit.role != Credit.Role.BYLINE:
                groups.setdefault(credit.label, []).append(credit)
        return list(groups.items())


@reversion.register()
class Credit(models.Model):
    Role = CreditRole

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.BYLINE)
    role_label = models.CharField(
        "role as printed",
        max_length=100,
        blank=True,
        help_text='The role in the copy\'s own words, required for "Other" (e.g. "Compiled").',
    )
    place = models.CharField(max_length=100, blank=True, help_text='e.g. "Washington".')
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            _choices_check("role", CreditRole, "credit_role_valid"),
            models.CheckConstraint(
                condition=~Q(role=CreditRole.OTHER) | ~Q(role_label=""),
                name="credit_other_role_labelled",
            ),
            models.UniqueConstraint(
                fields=["article", "contributor", "role", "role_label"], name="unique_credit"
            ),
        ]

    def __str__(self):
        return f"{self.contributor} ({self.label})"

    @property
    def label(self) -> str:
        if self.role == self.Role.OTHER:
            return self.role_label
        return self.get_role_display()


@reversion.register()
class Correction(models.Model):
    Kind = CorrectionKind

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right, for readers.")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "pk"]
        get_latest_by = "published_at"
        indexes = [models.Index(fields=["-published_at"], name="correction_published")]
        constraints = [
            _choices_check("kind", CorrectionKind, "correction_kind_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="correction_has_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article}"


from articles import stored  # noqa: E402, F401 - its tables, the stored parts of pages
