"""Which stories use a photo, asked in the database: as a subquery per image row (a constant
number of queries for any page of the library) or, for one image, as a list. The library never
imports articles: it asks through the reverse relations (`lead_of`, `inline_in`) by name, and
counts only stories on the desk (`live()`: not in the trash)."""

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from images.models import Image


def _stories():
    # The model that points at images (articles.Article), reached from the relation.
    return Image.lead_of.field.model.objects.live()


class _Count(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _used)"
    output_field = IntegerField()


def as_lead() -> Exists:
    return Exists(_stories().filter(lead_image=OuterRef("pk")))


def inline() -> Exists:
    return Exists(_stories().filter(inline_images=OuterRef("pk")))


def story_count() -> _Count:
    """How many stories show the image, as their lead or in their text (each counted once)."""
    using = _stories().filter(Q(lead_image=OuterRef("pk")) | Q(inline_images=OuterRef("pk")))
    return _Count(using.order_by().values("pk").distinct())


def with_use(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(used_in=story_count())


def stories_using(image: Image) -> list:
    """The stories showing `image`, last edited first, each marked `is_lead` and `is_inline`,
    with `desk_url`, its page on the desk."""
    stories = list(
        _stories()
        .filter(Q(lead_image=image) | Q(inline_images=image))
        .distinct()
        .order_by("-updated_at", "-pk")
        .only("pk", "headline", "slug", "status", "published_at", "updated_at", "lead_image")
    )
    inline_in = set(
        Image.inline_in.through.objects.filter(image=image).values_list("article_id", flat=True)
    )
    for story in stories:
        opts = story._meta
        story.desk_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[story.pk]
        )
        story.is_lead = story.lead_image_id == image.pk
        story.is_inline = story.pk in inline_in
    return stories
