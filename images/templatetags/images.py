from django import template

from images import renditions

register = template.Library()


@register.simple_tag
def picture(image, sizes=renditions.ARTICLE_SIZES, crop="", lazy=True, width=960, css=""):
    """{% picture image sizes="..." crop="1:1" lazy=False %}: <picture> for a library image."""
    if not image:
        return ""
    return renditions.picture(image, sizes=sizes, crop=crop, lazy=lazy, width=width, css=css)


@register.simple_tag
def figure(image, lazy=True, sizes=renditions.ARTICLE_SIZES, css="photo"):
    if not image:
        return ""
    return renditions.figure(image, lazy=lazy, sizes=sizes, css=css)


@register.simple_tag
def rendition_url(image, crop="", width=1280, fmt="jpeg"):
    found = renditions.best(image, crop, width, fmt) if image else None
    return renditions.url(found["name"]) if found else ""
