"""The photo desk's own endpoints under the library's admin URLs: the article form's photo
panel (choose from the library, upload, describe, all JSON) and the original's download
(staff only: an original keeps the camera's metadata, GPS included, and is never public).

Each is a function of the image admin and the request, wrapped by the admin site (staff only,
CSRF-protected, never cached)."""

import re
from functools import partial

import reversion
from django.http import FileResponse, Http404, JsonResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from images import permissions, renditions
from images.forms import DescribeForm, ImageAddForm
from images.models import Image

CHOICES_SHOWN = 24
DOWNLOAD_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "avif": "image/avif",
}


def urls(model_admin) -> list:
    def view(route, function, name):
        bound = partial(function, model_admin)
        return path(route, model_admin.admin_site.admin_view(bound), name=f"images_image_{name}")

    return [
        view("upload/", upload, "upload"),
        view("choose/", choose, "choose"),
        view("<int:object_id>/describe/", describe, "describe"),
        view("<int:object_id>/original/", original, "original"),
    ]


def reference_note(image: Image) -> str:
    """The words in a body's `![...](image:N)`: the caption or alt text, on one line, no
    brackets (they would end the reference)."""
    text = re.sub(r"[\[\]\s]+", " ", image.caption or image.alt_text).strip()
    return Truncator(text).chars(80) or f"Photo {image.pk}"


def as_json(image: Image) -> dict:
    """What the article form's photo panel shows of a photo and needs to use it."""
    thumbnail = renditions.best(image, "4:3", 320)
    preview = renditions.best(image, "", 640)
    return {
        "id": image.pk,
        "label": str(image),
        "thumbnail_url": renditions.url(thumbnail["name"]) if thumbnail else "",
        "preview_url": renditions.url(preview["name"]) if preview else "",
        "alt_text": image.alt_text,
        "credit": image.credit,
        "caption": image.caption,
        "missing": image.missing_for_print(),
        "is_synthetic": image.is_synthetic,
        "source_type": image.get_digital_source_type_display(),
        "width": image.width,
        "height": image.height,
        "change_url": reverse("admin:images_image_change", args=[image.pk]),
        "describe_url": reverse("admin:images_image_describe", args=[image.pk]),
        "markdown": f"![{reference_note(image)}](image:{image.pk})",
    }


def _error(message: str, status: int, **extra) -> JsonResponse:
    headers = {"Allow": extra.pop("allow")} if "allow" in extra else None
    return JsonResponse({"error": message, **extra}, status=status, headers=headers)


def upload(model_admin, request):
    """POST a `file` (and, optionally, its words) → 201 with the new photo, 200 with the one
    already in the library, or 400 with the reason the file was refused (nothing stored)."""
    if request.method != "POST":
        return _error("Upload a photo with POST.", 405, allow="POST")
    if not model_admin.has_add_permission(request):
        return _error("You may not add photos to the library.", 403)
    if "file" not in request.FILES:
        return _error("Choose a photo to upload.", 400, code="no_file")
    data = request.POST.copy()
    for name in ("origin", "digital_source_type"):
        data.setdefault(name, Image._meta.get_field(name).default)
    form = ImageAddForm(data, request.FILES)
    if not form.is_valid():
        errors = form.errors.as_data()
        first = (errors.get("file") or next(iter(errors.values())))[0]
        message = " ".join(first.messages)
        field = "" if "file" in errors else f"{next(iter(errors))}: "
        return _error(field + message, 400, code=first.code or "invalid")
    image, created = form.store(user=request.user)
    if created:
        model_admin.log_addition(request, image, [{"added": {}}])
    return JsonResponse({**as_json(image), "created": created}, status=201 if created else 200)


def choose(model_admin, request):
    """GET the library's newest photos, or those matching `q` (caption, credit, alt text), or
    those numbered `id` (repeatable): what the panel's picker shows."""
    if not model_admin.has_view_permission(request):
        return _error("You may not see the photo library.", 403)
    queryset = Image.objects.all()
    ids = request.GET.getlist("id")
    query = request.GET.get("q", "").strip()
    if ids:
        queryset = queryset.filter(pk__in=[i for i in ids if i.isdigit() and len(i) < 19])
    elif query:
        queryset, _ = model_admin.get_search_results(request, queryset, query)
    found = list(queryset.order_by("-uploaded_at", "-pk")[: CHOICES_SHOWN + 1])
    return JsonResponse(
        {
            "results": [as_json(image) for image in found[:CHOICES_SHOWN]],
            "more": len(found) > CHOICES_SHOWN,
        }
    )


def _image_or_404(model_admin, request, object_id) -> Image:
    image = model_admin.get_object(request, str(object_id))
    if image is None:
        raise Http404("No such photo.")
    return image


def describe(model_admin, request, object_id):
    """POST alt_text, credit and/or caption for a photo → the photo as the panel shows it.
    Only the fields sent change, so a half-filled panel clears nothing."""
    if request.method != "POST":
        return _error("Describe a photo with POST.", 405, allow="POST")
    image = _image_or_404(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, image):
        message = (
            permissions.REFUSED
            if request.user.has_perm("images.change_image")
            else "You may not change this photo."
        )
        return _error(message, 403)
    form = DescribeForm(request.POST, instance=image)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        return _error(problems, 400, code="invalid")
    if form.has_changed():
        with reversion.create_revision():
            image = form.save()
            reversion.set_user(request.user)
            reversion.set_comment(f"Described on the article desk: {', '.join(form.changed_data)}")
        model_admin.log_change(request, image, [{"changed": {"fields": form.changed_data}}])
    return JsonResponse(as_json(image))


def original(model_admin, request, object_id):
    """The original file as uploaded, as a download, for staff who may see the library."""
    image = _image_or_404(model_admin, request, object_id)
    if not model_admin.has_view_permission(request, image):
        raise Http404("No such photo.")
    extension = "jpg" if image.format == "jpeg" else image.format
    try:
        handle = image.original.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The original file is missing from storage.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"photo-{image.pk}-original.{extension}",
        content_type=DOWNLOAD_TYPES.get(image.format, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    return response
