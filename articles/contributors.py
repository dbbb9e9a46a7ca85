"""Contributors by name, as the importers and the seed credit them: one contributor per name
however it is cased, found by the slug the name gives, and created on first sight; and what an
author page reads of a contributor's lists (areas of expertise, links elsewhere), with the rule
the desk checks those links by."""

import hashlib
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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


def expertise(contributor: Contributor) -> list[str]:
    """Their areas of expertise, as written: "courts, city hall" is ["courts", "city hall"]."""
    return [area.strip() for area in contributor.expertise.split(",") if area.strip()]


def links(contributor: Contributor) -> list[str]:
    """Their profile pages elsewhere, one a line."""
    return [line.strip() for line in contributor.links.splitlines() if line.strip()]


_https = URLValidator(schemes=["https"])


def validate_links(text: str) -> str:
    """The links as the desk saves them (one https address per line, blank lines dropped), or a
    ValidationError naming each line that is not one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    bad = []
    for number, line in enumerate(lines, start=1):
        try:
            _https(line)
        except ValidationError:
            bad.append(f"line {number} ({line[:80]})")
            continue
        if not urlsplit(line).hostname:
            bad.append(f"line {number} ({line[:80]})")
    if bad:
        raise ValidationError(
            "Each line must be one https:// address (a profile page): check " + ", ".join(bad)
        )
    return "\n".join(lines)
