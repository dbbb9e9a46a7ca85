"""Contributors by name, as the importers and the seed credit them: one contributor per name
however it is cased, found by the slug the name gives, and created on first sight."""

import hashlib

from django.utils.text import slugify

from articles.models import Contributor


def contributor_slug(name: str) -> str:
    """The slug that identifies a contributor by name: the same for "Jane Roe" and "JANE ROE".
    A name with no Latin letter or digit ("李明") gets one from its hash, as topics do."""
    slug = slugify(name)[:200]
    if slug:
        return slug
    return "contributor-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:10]


def contributor_for(name: str) -> Contributor:
    """The contributor of that name, created on first sight."""
    contributor, _ = Contributor.objects.get_or_create(
        slug=contributor_slug(name), defaults={"name": name}
    )
    return contributor
