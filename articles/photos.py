"""What a story needs of its photos: a body's `image:N` references must name library images,
each in a paragraph of its own; and publishing needs alt text and a credit on the lead image
and on every inline image (the problem links to the image's page in the desk)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.readiness import PUBLISH_CHECKS, Problem
from articles.rendering import image_references, stray_image_references


def validate_image_references(body: str) -> None:
    """Refuse a body whose `![...](image:N)` names no library image, or sits in a sentence."""
    from images.models import Image

    errors = []
    stray = stray_image_references(body)
    if stray:
        errors.append(
            ValidationError(
                "A library image goes in a paragraph of its own: put ![...](image:N) on its own "
                "line, with a blank line before and after (%(count)d in a sentence).",
                code="image_in_sentence",
                params={"count": stray},
            )
        )
    wanted = set(image_references(body))
    if wanted:
        missing = sorted(
            wanted - set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        )
        if missing:
            errors.append(
                ValidationError(
                    "No image in the library has the number %(ids)s: insert images from the "
                    "editor's image button.",
                    code="unknown_image",
                    params={"ids": ", ".join(map(str, missing))},
                )
            )
    if errors:
        raise ValidationError(errors)


def image_problems(article) -> list[str]:
    problems = []
    for label, image, missing in article.images_missing_for_print():
        if image is None:
            problems.append(Problem(f"{label.lower()} is not in the library", "id_body"))
            continue
        field = (
            "id_lead_image"
            if label == "Lead image"
            else reverse("admin:images_image_change", args=[image.pk])
        )
        problems.append(Problem(f"{label.lower()} ({image}) has no {' or '.join(missing)}", field))
    return problems


def connect():
    if image_problems not in PUBLISH_CHECKS:
        PUBLISH_CHECKS.append(image_problems)
