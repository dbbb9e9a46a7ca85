"""Who may change a photo. A photo that a published story shows is part of that story: changing
its alt text, caption, credit, rights or crops changes what readers see, so it is an editor's
action (`images.change_printed_image`), as changing a cited source is. Any photo not yet in
print is changed by whoever may change images (reporters and editors)."""

from images.models import Image

PRINTED = "images.change_printed_image"
REFUSED = (
    "A published story shows this photo: changing it is an editor's action (ask an editor, or "
    "upload a new photo for your story)."
)


def may_change(user, image: Image) -> bool:
    if not user.has_perm("images.change_image"):
        return False
    if user.has_perm(PRINTED):
        return True
    return not Image.objects.in_print().filter(pk=image.pk).exists()
