"""Template tags for library photos: `{% picture %}`, `{% figure %}`, `{% teaser_picture %}` and
`{% rendition_url %}`, each empty for no image."""

from django import template

from images import renditions

register = template.Library()


@register.simple_tag
def picture(
    image, sizes=renditions.ARTICLE_SIZES, crop="", lazy=True, width=960, css="", priority=False
):
    """{% picture image sizes="..." crop="1:1" lazy=False %}: <picture> for a library image."""
    if not image:
        return ""
    return renditions.picture(
        image, sizes=sizes, crop=crop, lazy=lazy, width=width, css=css, priority=priority
    )


@register.simple_tag
def figure(image, lazy=True, sizes=renditions.ARTICLE_SIZES, css="photo", priority=False):
    """{% figure image css="photo lead" priority=True %}: the photo with caption and credit."""
    if not image:
        return ""
    return renditions.figure(image, lazy=lazy, sizes=sizes, css=css, priority=priority)


@register.simple_tag
def teaser_picture(image):
    """{% teaser_picture article.lead_image %}: the small lazy crop beside a teaser."""
    return renditions.teaser(image) if image else ""


@register.simple_tag
def rendition_url(image, crop="", width=1280, fmt="jpeg"):
    found = renditions.best(image, crop, width, fmt) if image else None
    return renditions.url(found["name"]) if found else ""
