"""The media library on the desk: the list (thumbnails, search, where each photo is used, in a
constant number of queries), the add form (the file decoded whole before anything is stored;
the same photo twice is the one already there), and the photo's page (the photo large, a click
sets the focal point and re-cuts the crops, the stories using it, its metadata, renditions and
the original's download).

A photo's revisions are listed in its history but not reverted or recovered from it: its files
and renditions are no part of a revision, so an old version would come back without them."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from reversion.admin import VersionAdmin

from images import library, permissions, processing, renditions
from images.admin import usage, views
from images.admin.filters import SourceTypeFilter, UsedInFilter
from images.forms import ImageAddForm, ImageChangeForm
from images.models import Image

TEXT = ["alt_text", "caption", "credit"]
RIGHTS = ["copyright_notice", "licence", "origin", "origin_detail", "digital_source_type"]
REVERSION_ROUTES = {"images_image_recoverlist", "images_image_recover", "images_image_revision"}


class ImageAdmin(VersionAdmin):
    form = ImageChangeForm
    add_form = ImageAddForm
    change_list_template = "admin/images/image/change_list.html"
    change_form_template = "admin/images/image/change_form.html"
    object_history_template = "admin/object_history.html"
    list_display = [
        "thumbnail",
        "description",
        "credit_or_missing",
        "made",
        "size",
        "uploaded",
        "used_in",
    ]
    list_display_links = ["description"]
    search_fields = ["caption", "credit", "alt_text"]
    list_filter = [UsedInFilter, SourceTypeFilter, "origin", "uploaded_at"]
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    fieldsets = [
        (None, {"fields": TEXT}),
        ("Rights and origin", {"fields": RIGHTS}),
        ("Focal point", {"fields": ["focal_x", "focal_y"], "classes": ["photo-focal-fields"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["file", *TEXT]}),
        ("Rights and origin", {"fields": RIGHTS}),
    ]

    def get_queryset(self, request):
        return usage.with_use(super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        # A photo a published story shows is the editors' to change (images/permissions.py);
        # anyone else sees its page read-only.
        if obj is not None:
            return permissions.may_change(request.user, obj)
        return super().has_change_permission(request, obj)

    # --- Columns: all from the row itself (renditions are a list on it) and one subquery

    @admin.display(description="photo")
    def thumbnail(self, image):
        return renditions.picture(image, crop="4:3", sizes="6rem", width=160, css="library-thumb")

    @admin.display(description="caption and alt text", ordering="caption")
    def description(self, image):
        caption = Truncator(image.caption).chars(90) if image.caption else ""
        alt = (
            format_html(
                '<span class="library-alt">Alt: {}</span>', Truncator(image.alt_text).chars(90)
            )
            if image.alt_text.strip()
            else mark_safe('<span class="library-missing">No alt text</span>')
        )
        return format_html(
            '<span class="library-caption">{}</span>{}', caption or f"Photo {image.pk}", alt
        )

    @admin.display(description="credit", ordering="credit")
    def credit_or_missing(self, image):
        if image.credit.strip():
            return image.credit
        return mark_safe('<span class="library-missing">No credit</span>')

    @admin.display(description="source type", ordering="digital_source_type")
    def made(self, image):
        label = image.get_digital_source_type_display()
        if image.is_synthetic:
            return format_html(
                '<span class="library-ai">AI-generated</span><span class="library-alt">{}</span>',
                label,
            )
        return label

    @admin.display(description="size")
    def size(self, image):
        return format_html(
            "{}×{}<br><span class='library-quiet'>{}</span>",
            image.width,
            image.height,
            filesizeformat(image.file_size),
        )

    @admin.display(description="uploaded", ordering="uploaded_at")
    def uploaded(self, image):
        return image.uploaded_at

    @admin.display(description="used in", ordering="used_in")
    def used_in(self, image):
        count = getattr(image, "used_in", 0)
        if not count:
            return mark_safe('<span class="library-quiet">Not used</span>')
        return f"{count} stor{'y' if count == 1 else 'ies'}"

    # --- Forms: the add form takes a file, the change form the words and the focal point

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        # The file was decoded while the form was validated; now it is stored, or found.
        image, request.image_created = form.store(user=request.user)
        return image

    def save_model(self, request, obj, form, change):
        if not change:
            return  # stored by save_form
        wanted = (obj.focal_x, obj.focal_y)
        obj.focal_x, obj.focal_y = Image.objects.values_list("focal_x", "focal_y").get(pk=obj.pk)
        if wanted != (obj.focal_x, obj.focal_y):
            library.set_focal_point(obj, *wanted)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if getattr(request, "image_created", True):
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        if request.image_created:
            messages.success(
                request,
                f"“{obj}” is in the library. Click the photo to set its focal point, if the "
                "crops should keep something other than the centre in view.",
            )
        else:
            messages.warning(
                request,
                f"This photo is already in the library, as “{obj}”: here it is, with its "
                "words as they were (nothing was changed).",
            )
        return HttpResponseRedirect(reverse("admin:images_image_change", args=[obj.pk]))

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Media library", **(extra_context or {})})

    # --- The photo's page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        image = self.get_object(request, unquote(object_id))
        if image is not None:
            extra_context = {**(extra_context or {}), **self.photo_context(image)}
        return super().change_view(request, object_id, form_url, extra_context)

    def photo_context(self, image: Image) -> dict:
        large = renditions.best(image, "", 1280)
        crops = []
        for crop in processing.CROPS:
            found = renditions.best(image, crop, 640)
            if found:
                crops.append({"label": crop, "css": crop.replace(":", "x"), **found})
        return {
            "photo": image,
            "photo_large": {**large, "url": renditions.url(large["name"])} if large else None,
            "photo_crops": [{**crop, "url": renditions.url(crop["name"])} for crop in crops],
            "photo_stories": usage.stories_using(image),
            "photo_renditions": [
                {**r, "url": renditions.url(r["name"])}
                for r in sorted(
                    image.renditions, key=lambda r: (r["crop"], r["format"], r["width"])
                )
            ],
            "photo_original_url": reverse("admin:images_image_original", args=[image.pk]),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The photo's page is the photo's: the admin's app list would narrow it.
        context["is_nav_sidebar_enabled"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_deleted_objects(self, objs, request):
        # A story showing the photo in its text keeps it, as a lead photo does (PROTECT):
        # deleting it would leave an image:N that names nothing.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for story in usage.stories_using(image):
                if story.is_inline and not story.is_lead:
                    protected.append(f"Article: {story} (shows it in its text)")
        return deleted, counts, perms_needed, protected

    # --- URLs: the photo desk's endpoints; no revert or recovery (see the module's docstring)

    def get_urls(self):
        kept = [url for url in super().get_urls() if url.name not in REVERSION_ROUTES]
        return [*views.urls(self), *kept]

    def history_view(self, request, object_id, extra_context=None):
        # The admin's own log (who changed what), without reversion's revert links.
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
