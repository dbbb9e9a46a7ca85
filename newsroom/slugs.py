"""Free slugs for new rows: the one rule for picking an unused web address."""

from django.utils.text import slugify


def unique_slug(queryset, base: str, *, max_length: int = 80, fallback: str = "item") -> str:
    """slugify(base), suffixed -2, -3, ... until no row of `queryset` has it."""
    root = slugify(base)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=root).values_list("slug", flat=True))
    slug, counter = root, 2
    while slug in taken:
        slug, counter = f"{root}-{counter}", counter + 1
    return slug
